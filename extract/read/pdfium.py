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
Box = tuple[float, float, float, float]   # x0, x1, top, bottom (top-down points)
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

    def rects(self, start: int, count: int) -> list[Box]:
        """Boxes (x0, x1, top, bottom; top-down) of the text in a character range."""
        left, top, right, bottom = self.slots
        box, height = self.box, self.height
        boxes = []
        for i in range(_COUNT_RECTS(self.handle, start, count)):
            _GET_RECT(self.handle, i, left, top, right, bottom)
            boxes.append((box[0], box[2], height - box[1], height - box[3]))
        return boxes

    def char_box(self, index: int) -> Box:
        left, top, right, bottom = self.slots
        _GET_CHAR_BOX(self.handle, index, left, right, bottom, top)
        box = self.box
        return box[0], box[2], self.height - box[1], self.height - box[3]

    def char_x(self, index: int) -> tuple[float, float]:
        x0, x1, _, _ = self.char_box(index)
        return x0, x1

    def bounded(self, box: Box) -> str:
        x0, x1, top, bottom = box
        return str(self.textpage.get_text_bounded(x0, self.height - bottom, x1,
                                                  self.height - top))


def _segments(ordered: list[Box], gap: float) -> list[Box]:
    """Boxes (left to right) merged where they are less than ``gap`` apart."""
    out = [ordered[0]]
    for x0, x1, top, bottom in ordered[1:]:
        lx0, lx1, ltop, lbottom = out[-1]
        if x0 - lx1 <= gap:
            out[-1] = (lx0, max(lx1, x1), min(ltop, top), max(lbottom, bottom))
        else:
            out.append((x0, x1, top, bottom))
    return out


def _cut_before(page: _TextPage, start: int, spaces: list[tuple[int, int]], x: float,
                narrow_first: bool) -> int:
    """Index into ``spaces`` of the space run whose next character starts at ``x``.
    The characters of a line run left to right, so it is found by bisection; a
    narrow first cell (a bullet glyph, a number) is tried first."""
    if narrow_first and spaces and page.char_x(start + spaces[0][1])[0] >= x - 0.5:
        return 0
    lo, hi = 0, len(spaces)
    while lo < hi:
        mid = (lo + hi) // 2
        if page.char_x(start + spaces[mid][1])[0] >= x - 0.5:
            hi = mid
        else:
            lo = mid + 1
    return lo


def _cells(page: _TextPage, line: str, start: int, boxes: list[Box]) -> list[Run]:
    """A line as one run, or one run per table cell where boxes sit far apart."""
    if len(boxes) == 1:
        return [Run(line, *boxes[0])]
    height = max(b[3] - b[2] for b in boxes) or 10.0
    segments = _segments(sorted(boxes), CELL_GAP * height)
    if len(segments) == 1:
        return [Run(line, *segments[0])]
    # Cut at the spaces whose neighbouring characters are a cell gap apart.
    spaces = [(m.start(), m.end()) for m in _SPACES.finditer(line, 1) if m.end() < len(line)]
    pieces, begin = [], 0
    for k, (a, b) in enumerate(zip(segments, segments[1:], strict=False)):
        found = _cut_before(page, start, spaces, b[0], k == 0 and a[1] - a[0] < 2 * height)
        if found == len(spaces):
            break
        i, j = spaces[found]
        if page.char_x(start + j)[0] - page.char_x(start + i - 1)[1] <= CELL_GAP * height \
                or i < begin:
            break
        pieces.append((begin, i))
        begin = j
    pieces.append((begin, len(line)))
    if len(pieces) != len(segments):
        # The cells are not separated by spaces in pdfium's text: ask for each box's text.
        return [Run(page.bounded(b), *b) for b in segments]
    return [Run(line[first:end], *segment)
            for (first, end), segment in zip(pieces, segments, strict=True)]


def _runs_by_rect(page: _TextPage) -> list[Run]:
    """The slow way, for pages whose text and character indices disagree."""
    return [Run(text, *box) for box in page.rects(0, -1)
            if (text := page.bounded(box)).strip()]


def _lines(text: str) -> Iterator[tuple[int, str]]:
    """(first character index, text) of each line pdfium found, blank ones left
    out, and lines pdfium joined at a hyphen cut apart with the hyphen restored
    (the same length, so indices still hold)."""
    start = 0
    for line in text.split(_LINE_BREAK):
        if _JOINED_HYPHEN in line:
            begin = start
            for part in line.split(_JOINED_HYPHEN)[:-1]:
                yield begin, part + "-"
                begin += len(part) + 1
            line, start = line[begin - start:], begin
        if line and not line.isspace():
            yield start, line
        start += len(line) + len(_LINE_BREAK)


def _box_lines(boxes: list[Box]) -> list[list[Box]]:
    """pdfium's text rectangles, in text order, grouped by the line they sit on.

    A rectangle is one text object, and pdfium breaks lines only between text
    objects, so each line is a run of consecutive rectangles; a new one starts
    where the next rectangle is not beside the last one. Fetching the page's
    rectangles once and grouping them costs a third of asking line by line.
    """
    groups: list[list[Box]] = []
    for box in boxes:
        if groups:
            x0, _, top, bottom = box
            lx0, _, ltop, lbottom = groups[-1][-1]
            height = min(lbottom - ltop, bottom - top)
            if x0 >= lx0 - 1 and min(lbottom, bottom) - max(ltop, top) > 0.3 * height:
                groups[-1].append(box)
                continue
        groups.append([box])
    return groups


def _paired(tp: _TextPage, lines: list[tuple[int, str]], groups: list[list[Box]]) -> bool:
    """Spot-check that lines and box groups pair off: the first character of
    the first, middle and last line lies in its group. An early mismatch
    would shift every later pair, so the last line catches it."""
    for k in sorted({0, len(lines) // 2, len(lines) - 1}):
        start, line = lines[k]
        offset = len(line) - len(line.lstrip())
        x0, x1, top, bottom = tp.char_box(start + offset)
        group = groups[k]
        if not (min(b[0] for b in group) - 1 <= (x0 + x1) / 2 <= max(b[1] for b in group) + 1
                and min(b[2] for b in group) - 1 <= (top + bottom) / 2
                <= max(b[3] for b in group) + 1):
            return False
    return True


def page_runs(page: pdfium.PdfPage, height: float) -> list[Run]:
    textpage = page.get_textpage()
    try:
        tp = _TextPage(textpage, height)
        text = tp.text()
        if text is None:
            return _runs_by_rect(tp)
        lines = list(_lines(text))
        if not lines:
            return []
        boxes = tp.rects(0, -1)
        groups = _box_lines(boxes)
        runs: list[Run] = []
        if len(groups) == len(lines) and _paired(tp, lines, groups):
            for (start, line), group in zip(lines, groups, strict=True):
                runs.extend(_cells(tp, line, start, group))
            return runs
        # Rare: the boxes do not pair off with the lines; ask for each line's boxes.
        for start, line in lines:
            group = tp.rects(start, len(line))
            if group:
                runs.extend(_cells(tp, line, start, group))
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
                height = page.get_height()
                pages.append((page_runs(page, height), height))
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
