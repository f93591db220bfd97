"""The layout fixtures: two synthetic reports (2006 and 2005) printed the way
other extractors and typesetters print them. Every rendering, through every
engine, must give exactly what the report says, with no error."""

from __future__ import annotations

from pathlib import Path

import pytest
from agreement import provenance_misses
from conftest import FIXTURES, recs
from make_layouts import PDFS, REPORTS, TEXTS, report_for, write
from render_text import TextRenderer
from truth import differences, errors, parse_file

from extract.parse.read import ENGINES
from extract.pipeline import Parsed

CASES = [(name, "pdfium") for name in TEXTS] + [(name, e) for name in PDFS for e in ENGINES]
_parsed: dict[tuple[str, str], Parsed] = {}


def parsed(name: str, engine: str) -> Parsed:
    if (name, engine) not in _parsed:
        _parsed[name, engine] = parse_file(FIXTURES / name, engine)
    return _parsed[name, engine]


@pytest.mark.parametrize(("name", "engine"), CASES)
def test_every_table_as_printed(name: str, engine: str) -> None:
    p = parsed(name, engine)
    assert differences(report_for(name), p) == []
    assert errors(p) == []


@pytest.mark.parametrize(("name", "engine"), CASES)
def test_metadata_from_the_title_page(name: str, engine: str) -> None:
    report, meta = report_for(name), recs(parsed(name, engine)).metadata
    assert (meta.force, meta.published) == (report.force, report.published)
    isbns = {meta.isbn13, meta.isbn10} - {None}
    assert {i.split(": ")[-1].split()[-1] for i in report.isbn} == isbns


@pytest.mark.parametrize("name", list(TEXTS))
def test_text_page_provenance(name: str) -> None:
    """Each finding's first and last page are the pages the rendering printed
    it on; some run over a page."""
    report, style = TEXTS[name]
    renderer = TextRenderer(REPORTS[report](), style)
    renderer.render()
    got = {(f.code, f.category, f.item_no): (f.span.page_start, f.span.page_end)
           for f in recs(parsed(name, "pdfium")).findings}
    assert got == renderer.pages
    assert sum(first != last for first, last in got.values()) >= 3


@pytest.mark.parametrize(("name", "engine"), [(n, e) for n in PDFS for e in ENGINES])
def test_pdf_page_provenance(name: str, engine: str) -> None:
    """A finding's first words are on its first page and its last words on its
    last, read back from the PDF's own text layer; some run over a page."""
    p = parsed(name, engine)
    assert provenance_misses(p, FIXTURES / name) == []
    assert sum(f.span.page_start != f.span.page_end for f in recs(p).findings) >= 3


def test_fixtures_are_what_the_generators_make(tmp_path: Path) -> None:
    for made in write(tmp_path):
        assert made.read_bytes() == (FIXTURES / made.name).read_bytes(), made.name
