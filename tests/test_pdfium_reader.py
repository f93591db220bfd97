"""The pdfium reader's slower paths give the same report as its fast one.

A page is read fast when pdfium's lines and its text rectangles pair off;
otherwise the reader asks for each line's rectangles, and when the text and
the character indices disagree it reads rectangle by rectangle. The Kent PDF
takes the fast path on every page, so each slower path is forced here.
"""

from __future__ import annotations

import ctypes

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from agreement import key_tables
from conftest import KENT_PDF, parsed

from extract.parse.read import pdfium as reader
from extract.parse.read import read_source
from extract.pipeline import parse_source


def _kent_lines() -> list[tuple[int | None, str]]:
    return [(line.page, line.text) for line in read_source(KENT_PDF).lines]


def test_every_page_pairs_lines_with_rectangles(monkeypatch: pytest.MonkeyPatch) -> None:
    fallbacks = []
    original = reader._TextPage.rects

    def spy(self: reader._TextPage, start: int, count: int) -> list[reader.Box]:
        if (start, count) != (0, -1):   # the whole page's boxes are the fast path
            fallbacks.append(start)
        return original(self, start, count)

    monkeypatch.setattr(reader._TextPage, "rects", spy)
    read_source(KENT_PDF)
    assert fallbacks == []


def test_unpaired_pages_ask_line_by_line(monkeypatch: pytest.MonkeyPatch) -> None:
    fast = _kent_lines()
    monkeypatch.setattr(reader, "_paired", lambda *args: False)
    assert _kent_lines() == fast


def test_pages_read_rectangle_by_rectangle(monkeypatch: pytest.MonkeyPatch) -> None:
    # No character offsets to cut lines at: every rectangle's text is asked
    # for by its box, and the geometry alone makes the lines.
    monkeypatch.setattr(reader._TextPage, "text", lambda self: None)
    slow = parse_source(read_source(KENT_PDF))
    assert key_tables(slow) == key_tables(parsed("pdf-pdfium"))


def test_text_buffer_grows_for_a_long_page(monkeypatch: pytest.MonkeyPatch) -> None:
    # Kent's longest page has under 4,000 characters; start from a buffer too
    # small for any page, so that it has to grow.
    init = reader._TextPage.__init__

    def small(self: reader._TextPage) -> None:
        init(self)
        self.chars = (ctypes.c_ushort * 8)()

    monkeypatch.setattr(reader._TextPage, "__init__", small)
    pdf = pdfium.PdfDocument(str(KENT_PDF))
    try:
        tp = reader._TextPage()
        for index in range(len(pdf)):
            page = pdf[index]
            textpage = page.get_textpage()
            tp.load(textpage.raw, page.get_height())
            assert tp.text() == textpage.get_text_range()
            assert len(tp.chars) > pdfium_c.FPDFText_CountChars(textpage.raw)
            textpage.close()
            page.close()
    finally:
        pdf.close()
