"""Text exports that indent with tabs, and page numbers printed bare at the
foot of each page: each read as printed, in two forms made by the fixture
generators (a pdftotext-like and an Acrobat-like export), with no error."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pytest
from make_layouts import ACROBAT, PDFTOTEXT
from render_text import TextStyle, render
from report_model import Report, durham_2006, wiltshire_2005
from truth import differences, errors, parse_bytes

from extract.output.reports import status_of
from extract.parse.read.text import bytes_to_source
from extract.pipeline import parse_source

FORMS = {"pdftotext": PDFTOTEXT, "acrobat": ACROBAT}


@pytest.mark.parametrize("form", list(FORMS))
@pytest.mark.parametrize("indent", ["sub_indent", "continuation", "both"])
def test_items_indented_with_tabs(form: str, indent: str) -> None:
    """A leading tab indents a sub-item or a wrapped line as spaces do: it is
    not an empty first table cell (which made the items table rows)."""
    style: TextStyle = FORMS[form]
    if indent in ("sub_indent", "both"):
        style = replace(style, sub_indent="\t")
    if indent in ("continuation", "both"):
        style = replace(style, continuation="\t")
    report = durham_2006()
    raw = render(report, style).decode("utf-8", errors="replace")
    assert any(line.startswith("\t") for line in raw.splitlines())
    p = parse_bytes(render(report, style))
    assert differences(report, p) == []
    assert errors(p) == [] and status_of(p.diagnostics) == "ok"


FOOTERS = {"number": "{{page}}", "line-and-number": "{force} - Baseline Assessment\n{{page}}"}


@pytest.mark.parametrize("form", list(FORMS))
@pytest.mark.parametrize("footer", list(FOOTERS))
@pytest.mark.parametrize("make", [durham_2006, wiltshire_2005], ids=["2006", "2005"])
def test_bare_page_numbers_at_the_foot_of_each_page(form: str, footer: str,
                                                     make: Callable[[], Report]) -> None:
    """A footer that is only the page number, alone or under a footer line
    of its own, is furniture, never part of a finding, a box or a glossary
    entry, and it labels its page."""
    report = make()
    style = replace(FORMS[form], footer=FOOTERS[footer].format(force=report.force),
                    page_lines=71)
    p = parse_bytes(render(report, style))
    assert differences(report, p) == []
    assert errors(p) == [] and status_of(p.diagnostics) == "ok"
    assert p.clean is not None
    labelled = [page for page in p.clean.pages if page.label]
    assert len(labelled) >= 3 and all(page.label == str(page.page) for page in labelled)


def test_a_count_beside_a_page_break_stays_a_count() -> None:
    """Page numbers are taken at one side of the page breaks, one per break,
    numbered up the pages: a table's figures that a break leaves just under
    the running header stay in the body, even one equal to its page's
    number, and even when they too go up from page to page."""
    header = "Durham Constabulary \u2013 Baseline Assessment"
    pages = [["Introduction", "The force was inspected."], ["1", "Fair", "2"],
             ["3", "Good"], ["4", "Excellent", "0"], ["Glossary"]]
    lines: list[str] = []
    for number, body in enumerate(pages, start=1):
        lines += [header, "", *body, "", str(number)]
    p = parse_source(bytes_to_source("\n".join(lines).encode(), "t.txt", "0" * 64),
                     until="clean")
    assert p.clean is not None
    assert [line.text for line in p.clean.lines] == [text for body in pages for text in body]
    assert [page.label for page in p.clean.pages] == ["1", "2", "3", "4", "5"]
