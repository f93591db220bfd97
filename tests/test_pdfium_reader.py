"""The pdfium reader's slower paths give the same report as its fast one.

A page is read fast when pdfium's lines and its text rectangles pair off;
otherwise the reader asks for each line's rectangles, and when the text and
the character indices disagree it reads rectangle by rectangle. The Kent PDF
takes the fast path on every page, so each slower path is forced here. And
a PDF that cannot be opened says why: locked, damaged or without pages.
"""

from __future__ import annotations

import ctypes
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from agreement import key_tables
from conftest import KENT_PDF, parsed

from extract.errors import MalformedPdfError, PasswordRequiredError
from extract.parse.read import pdfium as reader
from extract.parse.read import read_bytes, read_source
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


def test_table_cells_without_spaces_between_are_read_by_their_boxes(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # A row whose cells pdfium's text does not part with spaces is cut by
    # asking for each cell's box; no fixture prints one, so every row takes
    # that path here, and the report must come out the same.
    import re

    monkeypatch.setattr(reader, "_SPACES", re.compile("(?!)"))   # finds no spaces
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


def _locked_pdf(tmp_path: Path) -> bytes:
    from reportlab.lib.pdfencrypt import StandardEncryption
    from reportlab.pdfgen.canvas import Canvas

    path = tmp_path / "locked.pdf"
    drawing = Canvas(str(path), encrypt=StandardEncryption("secret", "owner"))
    drawing.drawString(100, 700, "Kent Police - Baseline Assessment")
    drawing.save()
    return path.read_bytes()


def _pdf_without_pages() -> bytes:
    """A well-formed PDF whose page tree is empty."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref)
    return bytes(out)


def test_locked_pdf_needs_its_password(tmp_path: Path) -> None:
    locked = _locked_pdf(tmp_path)
    with pytest.raises(PasswordRequiredError, match="needs a password"):
        read_bytes(locked, "locked.pdf")
    with pytest.raises(PasswordRequiredError, match="password given does not open"):
        read_bytes(locked, "locked.pdf", password="wrong")
    opened = read_bytes(locked, "locked.pdf", password="secret")
    assert [line.text for line in opened.lines] == ["Kent Police - Baseline Assessment"]


def test_pdf_without_pages_is_named_so_even_after_a_locked_one(tmp_path: Path) -> None:
    # pdfium keeps the last failed load's error: a locked file read first
    # must not make an empty one look locked too.
    with pytest.raises(PasswordRequiredError):
        read_bytes(_locked_pdf(tmp_path), "locked.pdf")
    with pytest.raises(MalformedPdfError, match="empty.pdf: the PDF has no pages"):
        read_bytes(_pdf_without_pages(), "empty.pdf")


def test_damaged_pdf_names_pdfiums_reason() -> None:
    with pytest.raises(MalformedPdfError,
                       match=r"the PDF cannot be opened \(pdfium: Data format error\)"):
        read_bytes(b"%PDF-1.4\nnot a PDF body at all\n", "damaged.pdf")


def test_damaged_pdf_names_pdfminers_reason_through_pdfplumber() -> None:
    """pdfplumber wraps pdfminer's error; the message gives pdfminer's own."""
    with pytest.raises(MalformedPdfError, match=r"damaged.pdf: the PDF cannot be opened "
                                                r"\(pdfminer: PSEOF: Unexpected EOF\)"):
        read_bytes(KENT_PDF.read_bytes()[:5000], "damaged.pdf", engine="pdfplumber")
