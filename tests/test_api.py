"""The Python API's promises: dtypes, primary copies, one file in memory, the
exports and their errors."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from conftest import KENT_PDF, KENT_TXT, VARIANT_TXT

import extract
from extract.cli import main
from extract.errors import ExtractError
from extract.output.schema import TABLES


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("api") / "out"
    assert main(["convert", str(KENT_PDF), str(KENT_TXT), str(VARIANT_TXT), "--out", str(out),
                 "--quiet"]) == 0
    return out


def test_import_does_not_load_pandas() -> None:
    # Batch workers import the package; pandas would cost each of them.
    code = "import sys, extract; assert 'pandas' not in sys.modules; extract.open_dataset"
    subprocess.run([sys.executable, "-c", code], check=True)


def test_tables_keep_their_types(folder: Path) -> None:
    ds = extract.open_dataset(folder)
    findings, frameworks, reports = ds["findings"], ds["frameworks"], ds["reports"]
    assert str(findings["parent_item_no"].dtype) == "Int32"
    assert findings["parent_item_no"].isna().any()
    assert str(findings["page_start"].dtype) == "Int32"
    grade = frameworks["grade"].dtype
    assert isinstance(grade, pd.CategoricalDtype) and grade.ordered
    assert list(grade.categories[-4:]) == ["Poor", "Fair", "Good", "Excellent"]
    assert frameworks.sort_values("grade")["grade_rank"].is_monotonic_increasing
    assert str(reports["published_date"].dtype).startswith("datetime64")
    assert (reports["published_date"].dt.year == reports["year"]).all()
    assert str(reports["is_primary"].dtype) == "boolean"


def test_primary_copies_by_default(folder: Path) -> None:
    primary, every = extract.open_dataset(folder), extract.open_dataset(folder, duplicates=True)
    assert len(every["reports"]) == 3 and len(primary["reports"]) == 2
    assert primary["reports"]["is_primary"].all()
    kept = set(primary["reports"]["source_path"])
    assert str(KENT_PDF) in kept and str(KENT_TXT) not in kept
    text = every["reports"][every["reports"]["source_path"] == str(KENT_TXT)].iloc[0]
    pdf = every["reports"][every["reports"]["source_path"] == str(KENT_PDF)].iloc[0]
    assert not text["is_primary"] and text["duplicate_of"] == pdf["report_id"]
    assert len(every["frameworks"]) == 69 and len(primary["frameworks"]) == 46


def test_convert_one_file_in_memory(folder: Path) -> None:
    mem = extract.convert(VARIANT_TXT)
    assert set(mem.names) == set(TABLES)
    assert mem["reports"]["is_primary"].tolist() == [True]
    on_disk = extract.open_dataset(folder)
    want = on_disk["frameworks"][on_disk["frameworks"]["report_id"]
                                 == mem["reports"]["report_id"].iloc[0]]
    pd.testing.assert_frame_equal(mem["frameworks"].reset_index(drop=True),
                                  want.reset_index(drop=True))
    assert len(extract.framework_vs_nation(mem)) == 23


def test_convert_a_bad_file_is_one_error(tmp_path: Path) -> None:
    bad = tmp_path / "notes.txt"
    bad.write_text("Minutes of the meeting.\n" * 20, encoding="utf-8")
    with pytest.raises(ExtractError) as info:
        extract.convert(bad)
    assert str(info.value).startswith(f"{bad}: ") and "\n" not in str(info.value)


def test_open_a_folder_that_is_not_a_dataset(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", str(tmp_path), "--to", str(tmp_path / "x.duckdb")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and str(tmp_path) in err and "_manifest.json" in err


def test_export_csv_and_excel(folder: Path, tmp_path: Path) -> None:
    ds = extract.open_dataset(folder)
    assert main(["export", str(folder), "--to", str(tmp_path / "csv"), "--format", "csv"]) == 0
    with (tmp_path / "csv" / "frameworks.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == len(ds["frameworks"]) == 46
    assert {r["grade_rank"] for r in rows} <= {"1", "2", "3", "4"}   # integers, not 3.0
    with (tmp_path / "csv" / "paragraphs.csv").open(encoding="utf-8") as f:
        paths = [r["heading_path"] for r in csv.DictReader(f)]
    assert any(" > " in p for p in paths)     # a heading path, joined
    assert main(["export", str(folder), "--to", str(tmp_path / "hmic.xlsx")]) == 0
    book = openpyxl.load_workbook(tmp_path / "hmic.xlsx", read_only=True)
    assert set(book.sheetnames) == {*TABLES, "findings_detail", "framework_vs_nation",
                                    "grades_by_year"}
    assert book["frameworks"].max_row == 47          # a header and 46 rows
    assert book["grades_by_year"].max_row == 3       # Kent and Suffolk, 2006


def test_export_without_the_extra_says_what_to_install(
        folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setitem(sys.modules, "duckdb", None)    # import duckdb now fails
    assert main(["export", str(folder), "--to", str(tmp_path / "x.duckdb")]) == 2
    err = capsys.readouterr().err
    assert err == ("hmic-extract: exporting to DuckDB needs the duckdb package: "
                   "pip install 'hmic-extract[duckdb]'\n")
    assert not (tmp_path / "x.duckdb").exists()


def test_export_format_from_the_name(folder: Path, tmp_path: Path,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", str(folder), "--to", str(tmp_path / "x.parquet")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--format csv" in err
