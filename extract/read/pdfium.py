"""PDF input through pypdfium2 (the default engine: fast, text layer only).

The page's text is read in one call, already split into lines by pdfium, and
each line is given its box from pdfium's text rectangles, which cost little.
Asking pdfium for the text inside each rectangle instead would scan the page
once per rectangle, which made reading three times slower than the text
itself. Only a line whose rectangles sit a table-cell gap apart is looked at
character by character, to cut it into cells.
"""

from __future__ import annotations

import ctypes
import re
from codecs import decode
from collections.abc import Iterator
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from extract.errors import MalformedPdfError, NoTextLayerError, PasswordRequiredError
from extract.model import Line, Source
from extract.read.geometry import CELL_GAP, Run, pages_to_lines

# pdfium ends each line it finds with CR LF. It joins a line ending in a
# hyphen to the next one, marking the hyphen with U+FFFE; the lines are cut
# apart again there and the hyphen restored, so de-hyphenation is decided by
# the same rule as for text input.
_JOINED_HYPHEN = "\ufffe"
_LINE_BREAK = "\r\n"
_SPACES = re.compile(" +")


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


def _prototype(fn: Any, restype: Any, *argtypes: Any) -> Any:
    # pypdfium2's bindings check and convert each argument on every call; the
    # reader makes two calls per line of every page, and a prototype of the
    # same C function taking plain addresses halves their cost.
    address = ctypes.cast(fn, ctypes.c_void_p).value
    assert address is not None
    return ctypes.CFUNCTYPE(restype, *argtypes)(address)


_ADDR, _INT = ctypes.c_void_p, ctypes.c_int
_COUNT_RECTS = _prototype(pdfium_c.FPDFText_CountRects, _INT, _ADDR, _INT, _INT)
_GET_RECT = _prototype(pdfium_c.FPDFText_GetRect, _INT, _ADDR, _INT, _ADDR, _ADDR, _ADDR, _ADDR)
_GET_CHAR_BOX = _prototype(pdfium_c.FPDFText_GetCharBox, _INT, _ADDR, _INT, _ADDR, _ADDR, _ADDR,
                           _ADDR)


class _TextPage:
    """One page's text layer, with the few geometry queries the reader needs."""

    def __init__(self, textpage: pdfium.PdfTextPage, height: float) -> None:
        self.textpage = textpage
        self.raw = textpage.raw
        self.handle = ctypes.cast(textpage.raw, ctypes.c_void_p).value
        self.height = height
        # left, top, right, bottom: pdfium writes a box here, read back by index.
        self.box = (ctypes.c_double * 4)()
        size = ctypes.sizeof(ctypes.c_double)
        self.slots = [ctypes.addressof(self.box) + i * size for i in range(4)]

    def text(self) -> str | None:
        """All the page's text, one character per pdfium character index, or
        None when the two do not line up (characters pdfium leaves out)."""
        count = pdfium_c.FPDFText_CountChars(self.raw)
        if count <= 0:
            return ""
        buffer = (ctypes.c_ushort * (count + 1))()
        written = pdfium_c.FPDFText_GetText(self.raw, 0, count, buffer)
        text = decode(memoryview(buffer)[:max(written - 1, 0)], "utf-16-le", errors="replace")
        return text if len(text) == count else None

    def rects(self, start: int, count: int) -> list[tuple[float, float, float, float]]:
        """Boxes (x0, x1, top, bottom; top-down) of the text in a character range."""
        left, top, right, bottom = self.slots
        box, height = self.box, self.height
        boxes = []
        for i in range(_COUNT_RECTS(self.handle, start, count)):
            _GET_RECT(self.handle, i, left, top, right, bottom)
            boxes.append((box[0], box[2], height - box[1], height - box[3]))
        return boxes

    def char_x(self, index: int) -> tuple[float, float]:
        left, top, right, bottom = self.slots
        _GET_CHAR_BOX(self.handle, index, left, right, bottom, top)
        return self.box[0], self.box[2]

    def bounded(self, box: tuple[float, float, float, float]) -> str:
        x0, x1, top, bottom = box
        return str(self.textpage.get_text_bounded(x0, self.height - bottom, x1,
                                                  self.height - top))


def _cells(page: _TextPage, line: str, start: int,
           boxes: list[tuple[float, float, float, float]]) -> list[Run]:
    """A line as one run, or one run per table cell where boxes sit far apart."""
    height = max(b[3] - b[2] for b in boxes) or 10.0
    ordered = sorted(boxes)
    wide = sum(1 for a, b in zip(ordered, ordered[1:], strict=False)
               if b[0] - a[1] > CELL_GAP * height)
    if not wide:
        return [Run(line, ordered[0][0], max(b[1] for b in boxes),
                    min(b[2] for b in boxes), max(b[3] for b in boxes))]
    # Cut at the spaces whose neighbouring characters are a cell gap apart. The
    # characters of a line run left to right, so the space before each gap's
    # far side is found by bisection, with a few lookups per gap.
    spaces = [(m.start(), m.end()) for m in _SPACES.finditer(line, 1) if m.end() < len(line)]
    cuts: list[tuple[int, int]] = []
    for a, b in zip(ordered, ordered[1:], strict=False):
        if b[0] - a[1] <= CELL_GAP * height:
            continue
        lo, hi = 0, len(spaces)
        while lo < hi:
            mid = (lo + hi) // 2
            if page.char_x(start + spaces[mid][1])[0] >= b[0] - 0.5:
                hi = mid
            else:
                lo = mid + 1
        if lo == len(spaces):
            break
        i, j = spaces[lo]
        if page.char_x(start + j)[0] - page.char_x(start + i - 1)[1] > CELL_GAP * height:
            cuts.append((i, j))
    pieces, begin = [], 0
    for i, j in sorted(set(cuts)):
        pieces.append((begin, i))
        begin = j
    pieces.append((begin, len(line)))
    if len(pieces) != wide + 1:
        # The cells are not separated by spaces in pdfium's text: ask for each box's text.
        return [Run(page.bounded(b), b[0], b[1], b[2], b[3]) for b in ordered]
    runs = []
    for first, end in pieces:
        x0 = page.char_x(start + first)[0]
        x1 = page.char_x(start + end - 1)[1]
        inside = [b for b in boxes if b[1] > x0 - 0.5 and b[0] < x1 + 0.5] or boxes
        runs.append(Run(line[first:end], x0, x1, min(b[2] for b in inside),
                        max(b[3] for b in inside)))
    return runs


def _runs_by_rect(page: _TextPage) -> list[Run]:
    """The slow way, for pages whose text and character indices disagree."""
    return [Run(text, *box) for box in page.rects(0, -1)
            if (text := page.bounded(box)).strip()]


def _lines(text: str) -> Iterator[tuple[int, str]]:
    """(first character index, text) of each line pdfium found, blank ones left out."""
    start = 0
    for line in text.split(_LINE_BREAK):
        if _JOINED_HYPHEN in line:
            begin = start
            for part in line.split(_JOINED_HYPHEN)[:-1]:
                yield begin, part + _JOINED_HYPHEN
                begin += len(part) + 1
            line, start = line[begin - start:], begin
        if line and not line.isspace():
            yield start, line
        start += len(line) + len(_LINE_BREAK)


def page_runs(page: pdfium.PdfPage) -> list[Run]:
    height = page.get_height()
    textpage = page.get_textpage()
    try:
        tp = _TextPage(textpage, height)
        text = tp.text()
        if text is None:
            return _runs_by_rect(tp)
        runs: list[Run] = []
        # This loop runs once per line of every page; it is kept flat for speed.
        handle, box = tp.handle, tp.box
        left, top, right, bottom = tp.slots
        for start, line in _lines(text):
            n = _COUNT_RECTS(handle, start, len(line))
            if n == 1:
                _GET_RECT(handle, 0, left, top, right, bottom)
                runs.append(Run(line.replace(_JOINED_HYPHEN, "-"), box[0], box[2],
                                height - box[1], height - box[3]))
            elif n > 1:
                runs.extend(_cells(tp, line.replace(_JOINED_HYPHEN, "-"), start,
                                   tp.rects(start, len(line))))
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
