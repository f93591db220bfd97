"""PDF input through pdfium (the default engine: fast, text layer only).

The page's text is read in one call, already split into lines by pdfium, and
each line is given its box from pdfium's text rectangles, which cost little.
Asking pdfium for the text inside each rectangle instead would scan the page
once per rectangle, which made reading three times slower than the text
itself. Only a line whose rectangles sit a table-cell gap apart is looked at
character by character, to cut it into cells.
"""

from __future__ import annotations

import ctypes
import struct
from codecs import decode
from typing import Any

import pypdfium2_raw as pdfium_c

from extract.errors import MalformedPdfError
from extract.model import Line, Source
from extract.parse.patterns import FAST
from extract.parse.read.geometry import CELL_GAP, Run, pages_to_lines
from extract.parse.read.pdfium_document import Document, close_document, open_document

# pdfium ends each line it finds with CR LF. It joins a line ending in a
# hyphen to the next one, marking the hyphen with U+FFFE; the lines are cut
# apart again there and the hyphen restored, so de-hyphenation is decided by
# the same rule as for text input.
_JOINED_HYPHEN = "\ufffe"
_LINE_BREAK = "\r\n"
Box = tuple[float, float, float, float]   # x0, x1, top, bottom (top-down points)
# Points a rectangle may start left of the one before it and still be on the
# same line (glyph boxes overlap a little).
SAME_LINE_BACKSTEP_PT = 1.0
# Two rectangles are on one line when they overlap vertically by more than
# this share of the shorter one (a superscript overlaps less; the next line not at all).
SAME_LINE_OVERLAP = 0.3
# Points of slack when a character is looked for at a cell's left edge.
CELL_EDGE_SLACK_PT = 0.5
# Points of slack when a line's first character is checked against its boxes.
PAIRING_SLACK_PT = 1.0
# A box with no height is taken to be a line this many points high.
DEFAULT_LINE_HEIGHT_PT = 10.0
# Characters of text buffer to start with; it grows for a longer page.
TEXT_BUFFER_CHARS = 4096
_SPACES = FAST["spaces"]


def _prototype(fn: Any, result: Any = ctypes.c_int) -> Any:
    # pypdfium2's bindings check and convert each argument on every call, and
    # the reader makes a call per text rectangle of every page. The same C
    # function called with ready-made ctypes values (a pointer-sized handle,
    # c_void_p addresses, small ints) and no declared argument types costs
    # half as much; every argument is pointer-sized or an int, so the C
    # calling convention is the same. These calls return within a
    # microsecond, so they keep the GIL (PYFUNCTYPE): releasing and taking it
    # back around each one costs a third of the call.
    address = ctypes.cast(fn, ctypes.c_void_p).value
    assert address is not None
    return ctypes.PYFUNCTYPE(result)(address)


_COUNT_RECTS = _prototype(pdfium_c.FPDFText_CountRects)
_GET_RECT = _prototype(pdfium_c.FPDFText_GetRect)
_GET_CHAR_BOX = _prototype(pdfium_c.FPDFText_GetCharBox)
_GET_TEXT = _prototype(pdfium_c.FPDFText_GetText)
_GET_ORIGIN = _prototype(pdfium_c.FPDFText_GetCharOrigin)
_GET_FONT_SIZE = _prototype(pdfium_c.FPDFText_GetFontSize, ctypes.c_double)
# The four doubles pdfium writes (left, top, right, bottom; y up), in one read.
_UNPACK_BOX = struct.Struct("4d").unpack_from


class _TextPage:
    """One page's text layer at a time, with the few geometry queries the
    reader needs. Made once per document, so the buffers pdfium writes into
    are reused from page to page."""

    def __init__(self) -> None:
        self.raw: Any = None   # the FPDF_TEXTPAGE of the loaded page
        self.handle = ctypes.c_void_p()
        self.height = 0.0
        # pdfium writes a box's four doubles here; they are read back at once.
        self.box = (ctypes.c_double * 4)()
        size = ctypes.sizeof(ctypes.c_double)
        self.slots = [ctypes.c_void_p(ctypes.addressof(self.box) + i * size) for i in range(4)]
        # Making a ctypes array type of a new length costs more than reading
        # a page's text, so the text buffer only grows.
        self.chars = (ctypes.c_ushort * TEXT_BUFFER_CHARS)()

    def load(self, textpage: Any, height: float) -> None:
        self.raw, self.height = textpage, height
        self.handle.value = ctypes.cast(textpage, ctypes.c_void_p).value

    def text(self) -> str | None:
        """All the page's text, one character per pdfium character index, or
        None when the two do not line up (characters pdfium leaves out)."""
        count = pdfium_c.FPDFText_CountChars(self.raw)
        if count <= 0:
            return ""
        if len(self.chars) <= count:
            self.chars = (ctypes.c_ushort * (2 * count))()
        written = _GET_TEXT(self.handle, 0, count, self.chars)
        text = decode(memoryview(self.chars)[:max(written - 1, 0)], "utf-16-le",
                      errors="replace")
        return text if len(text) == count else None

    def rects(self, start: int, count: int) -> list[Box]:
        """Boxes (x0, x1, top, bottom; top-down) of the text in a character range."""
        left, top, right, bottom = self.slots
        handle, box, height = self.handle, self.box, self.height
        boxes = []
        for i in range(_COUNT_RECTS(handle, start, count)):
            _GET_RECT(handle, i, left, top, right, bottom)
            x0, y1, x1, y0 = _UNPACK_BOX(box)
            boxes.append((x0, x1, height - y1, height - y0))
        return boxes

    def line_boxes(self) -> list[list[Box]]:
        """The page's text rectangles, in text order, grouped by the line they sit on.

        A rectangle is one text object, and pdfium breaks lines only between
        text objects, so each line is a run of consecutive rectangles; a new
        one starts where the next rectangle is not beside the last one.
        Fetching the page's rectangles once and grouping them costs a third
        of asking line by line; grouping them as they are fetched saves a
        pass over them.
        """
        left, top_slot, right, bottom_slot = self.slots
        handle, raw_box, height = self.handle, self.box, self.height
        get_rect, unpack = _GET_RECT, _UNPACK_BOX
        backstep, overlap = SAME_LINE_BACKSTEP_PT, SAME_LINE_OVERLAP
        groups: list[list[Box]] = []
        group: list[Box] = []
        lx0 = ltop = lbottom = 0.0
        for i in range(_COUNT_RECTS(handle, 0, -1)):
            get_rect(handle, i, left, top_slot, right, bottom_slot)
            x0, y1, x1, y0 = unpack(raw_box)
            top, bottom = height - y1, height - y0
            # The vertical overlap against the shorter height, with min and max
            # written out: a builtin's call costs more than the comparison.
            if group and x0 >= lx0 - backstep:
                shorter, last = bottom - top, lbottom - ltop
                joined = ((bottom if bottom < lbottom else lbottom) - (top if top > ltop else ltop)
                          > overlap * (shorter if shorter < last else last))
            else:
                joined = False
            if not joined:
                group = []
                groups.append(group)
            group.append((x0, x1, top, bottom))
            lx0, ltop, lbottom = x0, top, bottom
        return groups

    def char_box(self, index: int) -> Box:
        # pdfium's argument order here is left, right, bottom, top.
        left, top, right, bottom = self.slots
        _GET_CHAR_BOX(self.handle, index, left, right, bottom, top)
        x0, y1, x1, y0 = _UNPACK_BOX(self.box)
        return x0, x1, self.height - y1, self.height - y0

    def line_runs(self, lines: list[tuple[int, str]], groups: list[list[Box]]) -> list[Run]:
        """The lines, each with its group of boxes, as runs: a line each, or a
        cell each in a table row (``_cells``).

        Each line's baseline, top-down, is read from its first character
        (exact, whatever the glyph's shape, unlike a box's middle), and its
        font size in points from its middle character (a leading bullet glyph
        may come from a symbol font of its own; a space pdfium made up has no
        font, so the first other character from the middle on). Two calls a
        line, made in the same loop that makes its runs.
        """
        origin, font_size = _GET_ORIGIN, _GET_FONT_SIZE
        handle, box, height = self.handle, self.box, self.height
        x, y = self.slots[0], self.slots[1]
        runs: list[Run] = []
        append = runs.append
        for (start, line), group in zip(lines, groups, strict=True):
            n = len(line)
            # Most lines start with a printing character and have one in the
            # middle: then no stripping (a new string each) is needed.
            lead = n - len(line.lstrip()) if line[0].isspace() else 0
            origin(handle, start + lead, x, y)
            baseline = height - box[1]
            middle = n // 2
            if line[middle] == " ":
                middle = n - len(line[middle:].lstrip(" "))
                if middle == n:
                    middle = n - 1   # only spaces from the middle on: the last one
            size = font_size(handle, start + middle)
            if len(group) == 1:
                x0, x1, top, bottom = group[0]
                append(Run(line, x0, x1, top, bottom, size, None, baseline))
            elif group:
                runs.extend(_cells(self, line, start, group, size, baseline))
        return runs

    def char_x(self, index: int) -> tuple[float, float]:
        # Called many times per table row, so the box is read directly and
        # its vertical extent left unconverted.
        left, top, right, bottom = self.slots
        _GET_CHAR_BOX(self.handle, index, left, right, bottom, top)
        box = self.box
        return box[0], box[2]

    def bounded(self, box: Box) -> str:
        x0, x1, top, bottom = box
        args = (self.raw, x0, self.height - top, x1, self.height - bottom)
        count = pdfium_c.FPDFText_GetBoundedText(*args, None, 0)
        if count <= 0:
            return ""
        buffer = (ctypes.c_ushort * count)()
        pdfium_c.FPDFText_GetBoundedText(*args, buffer, count)
        return decode(buffer, "utf-16-le", errors="ignore")


def _segments(ordered: list[Box], gap: float) -> list[Box]:
    """Boxes (left to right) merged where they are less than ``gap`` apart."""
    out = [ordered[0]]
    for x0, x1, top, bottom in ordered[1:]:
        lx0, lx1, ltop, lbottom = out[-1]
        if x0 - lx1 <= gap:
            # min and max written out: cheaper than the builtins' calls.
            out[-1] = (lx0, x1 if x1 > lx1 else lx1, top if top < ltop else ltop,
                       bottom if bottom > lbottom else lbottom)
        else:
            out.append((x0, x1, top, bottom))
    return out


def _cut_before(page: _TextPage, start: int, spaces: list[tuple[int, int]], x: float,
                lo: int) -> tuple[int, float]:
    """Index into ``spaces``, from ``lo`` on, of the first space run whose next
    character starts at ``x`` or to its right (``len(spaces)`` if none), with
    where that character starts. The characters of a line run left to right,
    so it is found by bisection; the run at ``lo`` is tried first, as a cell
    is often one word or a bullet glyph."""
    hi, found_x = len(spaces), 0.0
    if lo < hi:
        found_x = page.char_x(start + spaces[lo][1])[0]
        if found_x >= x - CELL_EDGE_SLACK_PT:
            return lo, found_x
        lo += 1   # only past a run tried: with none left, ``lo`` is already the end
    while lo < hi:
        mid = (lo + hi) // 2
        mid_x = page.char_x(start + spaces[mid][1])[0]
        if mid_x >= x - CELL_EDGE_SLACK_PT:
            hi, found_x = mid, mid_x
        else:
            lo = mid + 1
    return lo, found_x


def _cells(page: _TextPage, line: str, start: int, boxes: list[Box], size: float,
           baseline: float) -> list[Run]:
    """A line as one run, or one run per table cell where boxes sit far apart;
    each has the line's font size and baseline."""
    # A loop, not max() over a comprehension: most lines here have two or
    # three boxes, and making the comprehension costs more than the loop.
    height = boxes[0][3] - boxes[0][2]
    for _, _, top, bottom in boxes:
        if bottom - top > height:
            height = bottom - top
    height = height or DEFAULT_LINE_HEIGHT_PT
    segments = _segments(sorted(boxes), CELL_GAP * height)
    if len(segments) == 1:
        return [Run(line, *segments[0], size, None, baseline)]
    # Cut at the spaces whose neighbouring characters are a cell gap apart.
    spaces = [m.span() for m in _SPACES.finditer(line, 1)]
    if spaces and spaces[-1][1] == len(line):
        spaces.pop()   # trailing spaces: no character after them to cut before
    pieces, begin, found = [], 0, -1
    for segment in segments[1:]:
        found, next_x = _cut_before(page, start, spaces, segment[0], found + 1)
        if found == len(spaces):
            break
        i, j = spaces[found]
        if next_x - page.char_x(start + i - 1)[1] <= CELL_GAP * height:
            break
        pieces.append((begin, i))
        begin = j
    pieces.append((begin, len(line)))
    if len(pieces) != len(segments):
        # The cells are not separated by spaces in pdfium's text: ask for each box's text.
        return [Run(page.bounded(b), *b, size, None, baseline) for b in segments]
    return [Run(line[first:end], *segment, size, None, baseline)
            for (first, end), segment in zip(pieces, segments, strict=True)]


def _runs_by_rect(page: _TextPage) -> list[Run]:
    """The slow way, for pages whose text and character indices disagree."""
    return [Run(text, *box) for box in page.rects(0, -1)
            if (text := page.bounded(box)).strip()]


def _lines(text: str) -> list[tuple[int, str]]:
    """(first character index, text) of each line pdfium found, blank ones left
    out, and lines pdfium joined at a hyphen cut apart with the hyphen restored
    (the same length, so indices still hold)."""
    out: list[tuple[int, str]] = []
    start = 0
    breadth = len(_LINE_BREAK)
    joined = _JOINED_HYPHEN in text   # most pages have no hyphen pdfium joined
    for line in text.split(_LINE_BREAK):
        if joined and _JOINED_HYPHEN in line:
            begin = start
            for part in line.split(_JOINED_HYPHEN)[:-1]:
                out.append((begin, part + "-"))
                begin += len(part) + 1
            line, start = line[begin - start:], begin
        if line and not line.isspace():
            out.append((start, line))
        start += len(line) + breadth
    return out


def _paired(tp: _TextPage, lines: list[tuple[int, str]], groups: list[list[Box]]) -> bool:
    """Spot-check that lines and box groups pair off: the first character of
    the first, middle and last line lies in its group. An early mismatch
    would shift every later pair, so the last line catches it."""
    for k in {0, len(lines) // 2, len(lines) - 1}:
        start, line = lines[k]
        x0, x1, top, bottom = tp.char_box(start + len(line) - len(line.lstrip()))
        x, y = (x0 + x1) / 2, (top + bottom) / 2
        group = groups[k]
        # A group's boxes run left to right along one line.
        slack = PAIRING_SLACK_PT
        if not (group[0][0] - slack <= x <= group[-1][1] + slack
                and min(b[2] for b in group) - slack <= y <= max(b[3] for b in group) + slack):
            return False
    return True


def page_runs(tp: _TextPage) -> list[Run]:
    """The loaded page's text as runs: a line each, or a cell each in a table row."""
    text = tp.text()
    if text is None:
        return _runs_by_rect(tp)
    lines = _lines(text)
    if not lines:
        return []
    groups = tp.line_boxes()
    if not (len(groups) == len(lines) and _paired(tp, lines, groups)):
        # Rare: the boxes do not pair off with the lines; ask for each line's boxes.
        groups = [tp.rects(start, len(line)) for start, line in lines]
    return tp.line_runs(lines, groups)


def _document_runs(document: Document, count: int, path: str) -> list[tuple[list[Run], float]]:
    """Each page's runs with the page's height."""
    pages: list[tuple[list[Run], float]] = []
    tp = _TextPage()
    for index in range(count):
        page = pdfium_c.FPDF_LoadPage(document, index)
        if not page:
            raise MalformedPdfError(f"the PDF is damaged (page {index + 1} cannot be loaded)",
                                    path=path)
        try:
            height = pdfium_c.FPDF_GetPageHeightF(page)
            textpage = pdfium_c.FPDFText_LoadPage(page)
            if not textpage:
                raise MalformedPdfError(f"the PDF is damaged (the text of page {index + 1} "
                                        "cannot be read)", path=path)
            try:
                tp.load(textpage, height)
                pages.append((page_runs(tp), height))
            finally:
                pdfium_c.FPDFText_ClosePage(textpage)
        finally:
            pdfium_c.FPDF_ClosePage(page)
    return pages


def pdf_to_source(data: bytes, path: str, sha256: str, *, password: str | None = None) -> Source:
    document, count = open_document(data, path, password)   # ``data`` outlives it
    try:
        lines: list[Line] = pages_to_lines(_document_runs(document, count, path))
    finally:
        close_document(document)
    return Source(path=path, sha256=sha256, kind="pdf", engine="pdfium", lines=lines,
                  page_count=count)
