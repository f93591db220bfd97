"""Bullet markers as extractors render them, and grade tables in every layout:
each made here by the project's generators, as text and (from the fixtures)
as PDF through both engines."""

from __future__ import annotations

from dataclasses import replace

import pytest
from conftest import FIXTURES
from make_layouts import ACROBAT, PDFTOTEXT
from render_text import render
from report_model import durham_2006, wiltshire_2005
from truth import differences, errors, parse_bytes, parse_file

from extract.parse.blocks import marker_class
from extract.parse.read import ENGINES

REPORT = durham_2006()
MARKERS = ["o", "-", "\u2013", "\u2014", "*", "\u2022", "\uf0b7", "\uf0a7", "\u25aa", "1.",
           "1)", "(a)", "a)", "(i)"]


@pytest.mark.parametrize("marker", MARKERS)
@pytest.mark.parametrize("sub_indent", ["", "    "], ids=["flush-subs", "indented-subs"])
def test_every_marker_opens_an_item_and_never_stays_in_its_text(marker: str,
                                                                sub_indent: str) -> None:
    sub = "-" if marker_class(marker) in ("alpha", "roman") else "(a)"
    style = replace(PDFTOTEXT, bullets=(marker,), sub_bullets=(sub,), sub_indent=sub_indent)
    p = parse_bytes(render(REPORT, style))
    assert differences(REPORT, p) == []
    assert p.records is not None
    assert not any(f.text.startswith((marker, sub)) for f in p.records.findings)


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("name", ["durham-2006.pdf", "wiltshire-2005.pdf"])
def test_pdf_markers_from_text_and_symbol_fonts(name: str, engine: str) -> None:
    """The PDFs set bullets as text glyphs, symbol-font dots, numbers and letters,
    and sub-bullets indented (2005) or flush with another glyph (2006)."""
    p = parse_file(FIXTURES / name, engine)
    kinds = {marker_class(b.marker) for b in p.blocks if b.kind == "bullet"}
    glyphs = kinds - {"decimal", "alpha", "roman"}
    if name.startswith("wiltshire"):   # (a) and 1. lists, indented "o" sub-bullets
        assert {"decimal", "alpha", "o"} <= kinds and glyphs - {"o"}
    else:                              # 1. lists, flush "–" sub-bullets
        assert "decimal" in kinds and "\u2013" in glyphs and glyphs - {"\u2013"}
    report = durham_2006() if name.startswith("durham") else wiltshire_2005()
    assert differences(report, p) == []


LAYOUTS = ["rows-tab", "row-line", "column-line", "row-cells", "column-cells"]
TABLE_WORDS = {"Grade", "Direction", "of", "Travel", "travel", "Excellent", "Good", "Fair",
               "Poor", "Improved", "Stable", "Declined", "Not", "Graded", "graded", "Assessed",
               "assessed"}


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("casing", ["title", "sentence", "upper"])
def test_grade_tables_in_every_layout_and_casing(layout: str, casing: str) -> None:
    style = replace(ACROBAT, grade_layouts=(layout,),
                    casing="sentence" if casing == "sentence" else "title")
    text = render(REPORT, style).decode()
    if casing == "upper":   # every line that is nothing but the table's words
        text = "\r\n".join(line.upper() if line and TABLE_WORDS.issuperset(line.split())
                            else line for line in text.split("\r\n"))
        assert "GRADE" in text and "NOT GRADED" in text
    p = parse_bytes(text.encode())
    assert differences(REPORT, p) == []
    assert errors(p) == []


@pytest.mark.parametrize(("name", "engine"), [("wiltshire-2005.txt", "pdfium")]
                         + [("wiltshire-2005.pdf", e) for e in ENGINES])
def test_not_graded_and_not_assessed_as_grade_and_direction(name: str, engine: str) -> None:
    """2005's 1D is "Not Graded" and 5C's direction "Not Assessed": the text
    prints them "Not graded", "Not assessed"; both read in the vocabulary's
    spelling, in the framework table and in the summary alike."""
    p = parse_file(FIXTURES / name, engine)
    assert p.records is not None
    fw = {f.code: (f.grade, f.direction) for f in p.records.frameworks}
    summary = {s.code: (s.grade, s.direction) for s in p.records.summary_judgements}
    assert fw["1D"][0] == "Not Graded" and fw["5C"][1] == "Not Assessed"
    assert summary == fw
