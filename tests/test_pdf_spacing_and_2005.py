"""PDFs set with paragraph spacing from 3 to 12 points, sub-bullets indented
or not, tables ruled or not; and the 2005 format: 27 frameworks, a
performance tables appendix, running headers that begin with the page number."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from conftest import FIXTURES
from render_pdf import DURHAM, WILTSHIRE, render
from report_model import durham_2006, wiltshire_2005
from truth import differences, errors, parse_file

from extract.parse.read import ENGINES


@pytest.mark.parametrize("spacing", [3.0, 6.0, 12.0])
@pytest.mark.parametrize("sub_indent", [True, False], ids=["indented-subs", "flush-subs"])
@pytest.mark.parametrize("grid", [True, False], ids=["ruled", "unruled"])
def test_paragraph_spacing_from_tight_to_loose(spacing: float, sub_indent: bool, grid: bool,
                                               tmp_path: Path) -> None:
    report = durham_2006()
    style = replace(DURHAM, spacing=spacing, sub_indent=sub_indent, grid=grid)
    p = parse_file(render(report, style, tmp_path / "report.pdf"))
    assert differences(report, p) == [] and errors(p) == []


@pytest.mark.parametrize("engine", ENGINES)
def test_twelve_point_spacing_in_a_2005_report(engine: str, tmp_path: Path) -> None:
    report = wiltshire_2005()
    p = parse_file(render(report, replace(WILTSHIRE, spacing=3.0), tmp_path / "r.pdf"), engine)
    assert differences(report, p) == []


CASES = [("wiltshire-2005.txt", "pdfium")] + [("wiltshire-2005.pdf", e) for e in ENGINES]


@pytest.mark.parametrize(("name", "engine"), CASES)
def test_2005_report(name: str, engine: str) -> None:
    report = wiltshire_2005()
    p = parse_file(FIXTURES / name, engine)
    assert p.records is not None and p.clean is not None
    assert differences(report, p) == [] and errors(p) == []
    assert len(p.records.frameworks) == 27
    meta = p.records.metadata
    # The running header reads "2 Wiltshire Constabulary – Baseline Assessment
    # October 2005": the name never carries the page number.
    assert (meta.force, meta.published, meta.period) == ("Wiltshire Constabulary",
                                                         "October 2005", "2004/05")
    assert (meta.isbn13, meta.isbn10) == (None, "1-84473-718-7")
    if name.endswith(".txt"):   # the page numbers come from the headers
        assert [p.label for p in p.clean.pages][1:4] == ["2", "3", "4"]


@pytest.mark.parametrize(("name", "engine"), CASES)
def test_2005_performance_tables_read_into_table_cells(name: str, engine: str) -> None:
    report = wiltshire_2005()
    p = parse_file(FIXTURES / name, engine)
    assert p.records is not None
    got: dict[str, dict[tuple[int, int], str]] = {}
    for c in p.records.table_cells:
        got.setdefault(c.table, {})[c.row_no, c.col_no] = c.value
    for caption, rows in report.performance_tables:
        want = {(r, c): value for r, row in enumerate(rows, start=1)
                for c, value in enumerate(row, start=1)}
        assert got.get(caption) == want, caption
    assert not any(par.heading_path[-1:] == ("Table 1: Citizen Focus",)
                   for par in p.records.paragraphs)
