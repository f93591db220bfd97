"""The analysis-ready columns: report key, force identity, year and date,
grade and direction ranks, and framework context on the rows that need it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
from conftest import KENT_PDF, KENT_TXT, VARIANT_TXT

from extract.cli import main
from extract.output.keys import force_id, report_key
from extract.parse.patterns import published_month
from extract.pipeline import convert_path


@pytest.mark.parametrize("forms", [
    ("Kent Police", "Kent County Constabulary", "KENT POLICE"),
    ("Devon and Cornwall Constabulary", "Devon & Cornwall Police"),
    ("Metropolitan Police Service", "Metropolitan Police"),
    ("Wiltshire Constabulary", "Wiltshire Police"),
])
def test_one_force_id_whatever_the_printed_form(forms: tuple[str, ...]) -> None:
    ids = {force_id(f) for f in forms}
    assert len(ids) == 1 and None not in ids


def test_different_forces_keep_different_ids() -> None:
    names = ["North Wales Police", "South Wales Police", "City of London Police",
             "Metropolitan Police Service", "West Midlands Police", "West Mercia Constabulary",
             "Police"]
    assert len({force_id(n) for n in names}) == len(names)


@pytest.mark.parametrize(("printed", "month"), [
    ("October 2006", (2006, 10)), ("Oct. 2006", (2006, 10)), ("  november 2005 ", (2005, 11)),
    ("2006", None), ("Autumn 2006", None), ("Ma 2006", None), (None, None),
])
def test_published_month(printed: str | None, month: tuple[int, int] | None) -> None:
    assert published_month(printed) == month


def test_report_key_needs_force_and_month() -> None:
    assert report_key("Kent Police", "October 2006") == "kent-police/2006-10"
    assert report_key(None, "October 2006") is None
    assert report_key("Kent Police", None) is None


def test_pdf_and_text_share_the_report_key() -> None:
    pdf, txt = convert_path(KENT_PDF)["reports"][0], convert_path(KENT_TXT)["reports"][0]
    assert pdf["report_id"] != txt["report_id"]
    assert pdf["report_key"] == txt["report_key"] == "kent-police/2006-10"
    assert pdf["year"] == 2006 and pdf["published_date"] == dt.date(2006, 10, 1)
    assert pdf["force_id"] == txt["force_id"] == "kent"


def test_ranks_follow_the_words() -> None:
    rows = convert_path(VARIANT_TXT)
    order = ["Poor", "Fair", "Good", "Excellent"]
    for table in ("frameworks", "grade_distribution", "summary_judgements"):
        for r in rows[table]:
            assert r["grade_rank"] == order.index(r["grade"]) + 1, (table, r)
    directions = {"Declined": -1, "Stable": 0, "Improved": 1, "Not Graded": None}
    seen = {r["direction"] for r in rows["frameworks"]}
    assert seen == set(directions)   # the variant uses every direction
    for r in rows["frameworks"] + rows["summary_judgements"]:
        assert r["direction_rank"] == directions[r["direction"]]


def test_findings_carry_their_framework_and_domain() -> None:
    rows = convert_path(KENT_TXT)
    frameworks = {f["code"]: f for f in rows["frameworks"]}
    domains = {d["title"]: d["number"] for d in rows["domains"]}
    assert rows["findings"]
    for f in rows["findings"] + rows["good_practice"]:
        framework = frameworks[f["code"]]
        assert f["framework_title"] == framework["title"]
        # the leading number of the code is the number of the domain heading above it
        assert f["domain_number"] == domains[framework["domain"]] == framework["domain_number"]


def test_pandas_keeps_nullable_integers(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert main(["convert", str(KENT_TXT), "--out", str(out), "--quiet"]) == 0
    findings = pd.read_parquet(out / "findings")
    assert str(findings["parent_item_no"].dtype) == "Int32"
    assert findings["parent_item_no"].isna().any() and findings["parent_item_no"].notna().any()
    assert str(pd.read_parquet(out / "frameworks")["grade_rank"].dtype) == "Int32"
    assert str(pd.read_parquet(out / "reports")["source_chars"].dtype) == "Int64"
