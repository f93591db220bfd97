"""One copy of each report counts: the primary copy, chosen by rule."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import KENT_PDF, KENT_TXT, VARIANT_TXT

from extract.errors import NotPdfError
from extract.output.primary import mark_primary, primary_ids
from extract.output.reports import failed_rows
from extract.pipeline import convert_path

Row = dict[str, Any]


@pytest.fixture(scope="module")
def kent() -> tuple[Row, Row, Row]:
    """The reports rows of the Kent PDF, the Kent text and the variant text."""
    return (convert_path(KENT_PDF)["reports"][0], convert_path(KENT_TXT)["reports"][0],
            convert_path(VARIANT_TXT)["reports"][0])


def by_path(rows: list[Row]) -> dict[str, Row]:
    return {r["source_path"]: r for r in mark_primary(rows)}


def test_pdf_before_its_text(kent: tuple[Row, Row, Row]) -> None:
    pdf, txt, variant = kent
    rows = by_path([txt, variant, pdf])          # order given does not matter
    assert rows[str(KENT_PDF)]["is_primary"] and rows[str(KENT_PDF)]["duplicate_of"] is None
    assert not rows[str(KENT_TXT)]["is_primary"]
    assert rows[str(KENT_TXT)]["duplicate_of"] == pdf["report_id"]
    assert rows[str(VARIANT_TXT)]["is_primary"]      # another report altogether
    assert primary_ids([txt, variant, pdf]) == {pdf["report_id"], variant["report_id"]}


def test_newest_parser_version_then_path(kent: tuple[Row, Row, Row]) -> None:
    pdf = kent[0]
    old = {**pdf, "report_id": "0" * 16, "source_path": "a/kent.pdf", "parser_version": "0.9.0"}
    new = {**pdf, "report_id": "1" * 16, "source_path": "b/kent.pdf", "parser_version": "0.10.0"}
    rows = by_path([old, new])
    assert rows["b/kent.pdf"]["is_primary"] and rows["a/kent.pdf"]["duplicate_of"] == "1" * 16
    same = {**new, "report_id": "2" * 16, "source_path": "a/kent.pdf"}
    rows = by_path([new, same])
    assert rows["a/kent.pdf"]["is_primary"] and not rows["b/kent.pdf"]["is_primary"]


def test_second_path_of_one_content_duplicates_itself(kent: tuple[Row, Row, Row]) -> None:
    txt = kent[1]
    rows = by_path([{**txt, "source_path": "b/kent.txt"}, {**txt, "source_path": "a/kent.txt"}])
    assert rows["a/kent.txt"]["is_primary"]
    assert rows["b/kent.txt"]["duplicate_of"] == txt["report_id"]


def test_failed_inputs_are_their_own_reports() -> None:
    a = failed_rows("a.pdf", "a" * 64, "pdfium", NotPdfError("not a PDF", path="a.pdf"))
    b = failed_rows("b.pdf", "b" * 64, "pdfium", NotPdfError("not a PDF", path="b.pdf"))
    rows = mark_primary([a["reports"][0], b["reports"][0]])
    assert [r["is_primary"] for r in rows] == [True, True]
    assert all(r.get("report_key") is None for r in rows)
