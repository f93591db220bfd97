"""The questions an analyst asks, answered through the Python API and through
the DuckDB export, on a dataset holding Kent as PDF and as text plus the
variant report. Expected answers are worked out here from the Kent report
converted on its own, not copied from output."""

from __future__ import annotations

import os
import re
from collections import Counter
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pytest
from conftest import KENT_PDF, KENT_TXT, VARIANT_TXT

import extract
from extract.cli import main
from extract.pipeline import convert_path

GRADES = ["Poor", "Fair", "Good", "Excellent"]


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("analysis") / "out"
    assert main(["convert", str(KENT_PDF), str(KENT_TXT), str(VARIANT_TXT), "--out", str(out),
                 "--quiet", "--no-timings"]) == 0
    return out


@pytest.fixture(scope="module")
def ds(folder: Path) -> extract.Dataset:
    return extract.open_dataset(folder)


@pytest.fixture(scope="module")
def db(folder: Path, tmp_path_factory: pytest.TempPathFactory) -> duckdb.DuckDBPyConnection:
    target = tmp_path_factory.mktemp("db") / "hmic.duckdb"
    assert main(["export", str(folder), "--to", str(target)]) == 0
    return duckdb.connect(str(target), read_only=True)


@pytest.fixture(scope="module")
def kent() -> dict[str, list[dict[str, Any]]]:
    """The Kent PDF converted alone: the source of the expected answers."""
    return convert_path(KENT_PDF)


def sql(db: duckdb.DuckDBPyConnection, query: str) -> list[tuple[Any, ...]]:
    return db.execute(query).fetchall()


def test_kent_grade_and_direction_per_framework(
        ds: extract.Dataset, db: duckdb.DuckDBPyConnection,
        kent: dict[str, list[dict[str, Any]]]) -> None:
    want = sorted((f["code"], f["grade"], f["direction"]) for f in kent["frameworks"])
    assert len(want) == 23
    nation = extract.framework_vs_nation(ds)
    mine = nation[nation["force_id"] == "kent"]
    got = sorted(zip(mine["code"], mine["grade"].astype(str), mine["direction"].astype(str),
                     strict=True))
    assert got == want      # 23 rows, not 46: the text copy is not counted again
    assert sql(db, "SELECT code, grade, direction FROM framework_vs_nation "
                   "WHERE force_id = 'kent' ORDER BY code") == want


def test_kent_3a_areas_for_improvement_with_pages(
        ds: extract.Dataset, db: duckdb.DuckDBPyConnection) -> None:
    source = " ".join(KENT_TXT.read_text(encoding="utf-8").split())
    findings = extract.findings_detail(ds)
    afi = findings[(findings["force_id"] == "kent") & (findings["code"] == "3A")
                   & (findings["category"] == "area_for_improvement")]
    assert len(afi) == 5
    framework = ds["frameworks"].merge(ds["reports"][["report_id", "force_id"]])
    pages = framework[(framework["force_id"] == "kent") & (framework["code"] == "3A")]
    first, last = int(pages["page_start"].iloc[0]), int(pages["page_end"].iloc[0])
    for text, start, end in zip(afi["text"], afi["page_start"], afi["page_end"], strict=True):
        assert first <= start <= end <= last
        # the start of each item is printed in the report (wrapped lines joined)
        assert " ".join(text.split()[:8]) in source, text
    rows = sql(db, "SELECT text, page_start, page_end FROM findings_detail "
                   "WHERE force_id = 'kent' AND code = '3A' "
                   "AND category = 'area_for_improvement' ORDER BY item_no")
    assert rows == list(zip(afi["text"], afi["page_start"], afi["page_end"], strict=True))


def below_modal(kent: dict[str, list[dict[str, Any]]]) -> set[str]:
    """Frameworks where Kent's grade is below the grade most forces got."""
    counts: dict[str, Counter[str]] = {}
    for d in kent["grade_distribution"]:
        counts.setdefault(d["code"], Counter())[d["grade"]] = d["forces"]
    out = set()
    for f in kent["frameworks"]:
        top = max(counts[f["code"]].values())
        modal = min(GRADES.index(g) for g, n in counts[f["code"]].items() if n == top)
        if GRADES.index(f["grade"]) < modal:
            out.add(f["code"])
    return out


def test_frameworks_where_kent_is_below_the_national_modal_grade(
        ds: extract.Dataset, db: duckdb.DuckDBPyConnection,
        kent: dict[str, list[dict[str, Any]]]) -> None:
    want = below_modal(kent)
    assert want
    nation = extract.framework_vs_nation(ds)
    mine = nation[nation["force_id"] == "kent"]
    # ordered categories compare as grades
    assert set(mine.loc[mine["grade"] < mine["modal_grade"], "code"]) == want
    assert set(mine.loc[mine["vs_modal"] == "below", "code"]) == want
    assert {c for (c,) in sql(db, "SELECT code FROM framework_vs_nation "
                                  "WHERE force_id = 'kent' AND vs_modal = 'below'")} == want


def test_strengths_and_areas_for_improvement_per_domain(
        ds: extract.Dataset, db: duckdb.DuckDBPyConnection,
        kent: dict[str, list[dict[str, Any]]]) -> None:
    wanted = ("strength", "area_for_improvement")
    want = Counter((int(re.match(r"\d+", f["code"])[0]), f["category"])  # type: ignore[index]
                   for f in kent["findings"] if f["category"] in wanted)
    findings = extract.findings_detail(ds)
    mine = findings[(findings["force_id"] == "kent") & findings["category"].isin(wanted)]
    counts = mine.groupby(["domain_number", "category"]).size()
    assert {(int(d), c): int(n) for (d, c), n in counts.items()} == dict(want)
    rows = sql(db, "SELECT domain_number, category, count(*) FROM findings_detail "
                   "WHERE force_id = 'kent' AND category IN ('strength', "
                   "'area_for_improvement') GROUP BY ALL")
    assert {(d, c): n for d, c, n in rows} == dict(want)


def test_glossary_look_up(ds: extract.Dataset, db: duckdb.DuckDBPyConnection) -> None:
    line = next(x for x in KENT_TXT.read_text(encoding="utf-8").splitlines()
                if x.startswith("BCU "))
    glossary = ds["glossary"].merge(ds["reports"][["report_id", "force_id"]])
    hits = glossary[(glossary["force_id"] == "kent") & (glossary["term"] == "BCU")]
    assert hits["definition"].tolist() == [line[len("BCU "):]]     # once, not twice
    assert sql(db, "SELECT g.definition FROM glossary g JOIN reports r USING (report_id) "
                   "WHERE r.force_id = 'kent' AND g.term = 'BCU'") == [(line[len("BCU "):],)]


@pytest.mark.parametrize("view", ["findings_detail", "framework_vs_nation", "grades_by_year"])
def test_python_and_sql_views_agree(ds: extract.Dataset, db: duckdb.DuckDBPyConnection,
                                    view: str) -> None:
    frame = getattr(extract, view)(ds)
    rows = db.execute(f"SELECT * FROM {view}").fetchdf()
    assert list(frame.columns) == list(rows.columns)
    assert len(frame) == len(rows) > 0

    def plain(df: pd.DataFrame) -> list[tuple[Any, ...]]:
        return [tuple(None if pd.isna(v) else v for v in row)
                for row in df.astype(object).itertuples(index=False)]
    assert plain(frame) == plain(rows)


@pytest.mark.parametrize("view", ["findings_detail", "framework_vs_nation", "grades_by_year"])
def test_views_of_a_dataset_with_no_report_converted(tmp_path: Path, ds: extract.Dataset,
                                                     view: str) -> None:
    """Every input failed (here: a named pipe, never read): each view is
    empty with the columns it has on real reports (but the framework codes
    grades_by_year takes from them), and every export format
    writes it instead of failing."""
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    out = tmp_path / "out"
    assert main(["convert", str(fifo), "--out", str(out), "--quiet"]) == 1
    empty = getattr(extract, view)(extract.open_dataset(out))
    real = list(getattr(extract, view)(ds).columns)
    # grades_by_year has a column per framework code found: none here.
    kept = real if view != "grades_by_year" else [c for c in real if not c[0].isdigit()]
    assert empty.empty and list(empty.columns) == kept
    for target, extra in ((tmp_path / "x.xlsx", []), (tmp_path / "csv", ["--format", "csv"]),
                          (tmp_path / "x.duckdb", [])):
        assert main(["export", str(out), "--to", str(target), *extra]) == 0
    assert pd.read_csv(tmp_path / "csv" / f"{view}.csv").empty
