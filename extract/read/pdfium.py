"""PDF input through pypdfium2 (the default engine: fast, text layer only).

pdfium's text rectangles are runs of characters on one line; a grid table's
cells and a bullet glyph come back as separate rectangles, which is all the
geometry the parser needs.
"""

from __future__ import annotations

import pypdfium2 as pdfium

from extract.errors import MalformedPdfError, NoTextLayerError, PasswordRequiredError
from extract.model import Line, Source
from extract.read.geometry import Run, pages_to_lines


def open_pdf(data: bytes, path: str, password: str | None) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(data, password=password)
    except pdfium.PdfiumError as exc:
        text = str(exc).lower()
        if "password" in text:
            reason = ("the PDF needs a password (give it with --password)" if password is None
                      else "the password given does not open the PDF")
            raise PasswordRequiredError(reason, path=path) from None
        raise MalformedPdfError(f"the PDF cannot be opened ({exc})", path=path) from None


def page_runs(page: pdfium.PdfPage) -> list[Run]:
    height = page.get_height()
    textpage = page.get_textpage()
    try:
        runs = []
        for i in range(textpage.count_rects()):
            left, bottom, right, top = textpage.get_rect(i)
            text = textpage.get_text_bounded(left, bottom, right, top)
            if text.strip():
                runs.append(Run(text, left, right, height - top, height - bottom))
        return runs
    finally:
        textpage.close()


def pdf_to_source(data: bytes, path: str, sha256: str, *, password: str | None = None) -> Source:
    pdf = open_pdf(data, path, password)
    try:
        pages: list[tuple[list[Run], float]] = []
        for index in range(len(pdf)):
            page = pdf[index]
            try:
                pages.append((page_runs(page), page.get_height()))
            finally:
                page.close()
        lines: list[Line] = pages_to_lines(pages)
        count = len(pdf)
    except pdfium.PdfiumError as exc:
        raise MalformedPdfError(f"the PDF is damaged ({exc})", path=path) from None
    finally:
        pdf.close()
    if not lines:
        raise NoTextLayerError("the PDF has no text layer (scanned pages need OCR first)",
                               path=path)
    return Source(path=path, sha256=sha256, kind="pdf", engine="pdfium", lines=lines,
                  page_count=count)
