"""Stage 3a, blocks: body ``Line`` in, ``Block`` (paragraph, bullet, table) out.

A block ends at a paragraph gap, a new bullet, or a switch between table
lines (tab-separated cells) and prose. Wrapped lines are joined (see
``extract.parse.words``). A block cut in two by a page break or a stray blank
line is joined back afterwards: in a PDF by where the next page's first line
sits (at the item's text indent it carries on, at the body margin it is a new
paragraph), in text when the sentence is plainly unfinished. The findings
reader joins the rest (see ``extract.parse.records.framework``).

A bullet's level is 1 (a sub-bullet) when it is indented past the list's
top-level bullets, or, where sub-bullets are set flush, when it carries
another marker than the list's own after an item that opens a sub-list
("…in particular:").
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Container
from dataclasses import dataclass

from extract.model import Block, Line
from extract.parse.clean import is_full_line
from extract.parse.patterns import BULLET_GLYPHS, LIST_LETTERS, PATTERNS, ROMAN_NUMERALS, fold
from extract.parse.read.geometry import ALIGN_PT
from extract.parse.words import Vocabulary, carry_on, join_lines

_SENTENCE_END = PATTERNS["sentence_end"]
# The first character of a line that may open a bullet: a glyph (or a
# private-use one), a digit, "(", "o", or a letter of a lettered or roman list.
_GLYPH_FIRST = frozenset(BULLET_GLYPHS)
_LETTER_FIRST = frozenset(LIST_LETTERS + "".join(ROMAN_NUMERALS))
# Dashes that may open a wrapped line of a sentence as well as an item.
DASH_MARKERS = ("\u2013", "\u2014")
# Points a PDF line must start to the right of the list's top-level bullets
# to be a sub-bullet: more than a glyph's jitter, less than any indent step.
INDENT_STEP_PT = 6.0
# Characters of leading space that make a text line indented: one space is a
# sub-bullet only under an item that opens a sub-list ("…include:"), as a
# stray space is common; this many are a sub-bullet anywhere.
INDENT_STEP_CHARS = 1
SUB_INDENT_CHARS = 2
# A paragraph this many words long (or more) may be carried on by the next block.
MIN_PARAGRAPH_WORDS = 8
# A heading is at most this long (characters, words): longer is a sentence.
HEADING_MAX_CHARS = 110
HEADING_MAX_WORDS = 16
# A block shorter than this (a stray mark) never carries a sentence on.
MIN_CARRIED_CHARS = 2
# Words a sentence cannot end on: text cut off after one goes on, even
# with a capital (a name) on the next page.
OPEN_ENDED_WORDS = frozenset(
    "a an the and or nor but of to in on at by for with from into onto upon as than that "
    "which whose whom who its their his her our your this these those such both each "
    "every either neither between among within without through including".split())
# Points right of a bullet's first line where its hanging lines start.
HANGING_INDENT_PT = 4.0


def _may_open_bullet(raw: str) -> bool:
    """Can this line open a bullet at all? Most lines cannot, and their first
    characters say so far more cheaply than the pattern."""
    text = raw.lstrip(" \t")
    first = text[:1]
    if first in _GLYPH_FIRST or first >= "\ue000" or first.isdigit() or first == "(":
        return True
    if first == "o":
        return text[1:2] in (" ", "\t")
    return first in _LETTER_FIRST and ")" in text[1:6]


def _is_table_line(text: str) -> bool:
    """Cells split by a tab, unless the first is a bullet's marker ("•\tText").
    Tabs before the first character indent the line, as spaces do (text
    exports indent sub-items and wrapped lines with tabs): no empty cell."""
    stripped = text.lstrip(" \t").rstrip(" ")
    if "\t" not in stripped or not stripped.replace("\t", "").strip():
        return False
    return not PATTERNS["marker_only"].match(stripped.split("\t", 1)[0].strip())


def table_lines(lines: list[Line]) -> list[bool]:
    """Which lines are table rows: a line with a tab between cells, or a line
    whose only tab is at its end (a row with its other cells empty) when the
    line after it, with no gap between, is a table row too, or a line that
    starts with a tab (its first cell empty) touching a row. A heading with
    a stray tab after it stays a heading."""
    out = [False] * len(lines)
    for i in range(len(lines) - 1, -1, -1):
        text = lines[i].text
        # Most lines have no tab at all: no need to ask further.
        if "\t" not in text or not _is_table_line(text):
            continue
        inner = "\t" in text.lstrip(" \t").rstrip(" ").rstrip("\t")
        follows = i + 1 < len(lines) and out[i + 1] and not lines[i + 1].gap_before
        out[i] = inner or follows
    # A row whose first cell is empty ("\t12%") starts with its tab: inside a
    # table (a row touching it above or below) it is a row, elsewhere an
    # indented line.
    for i, line in enumerate(lines):
        if not out[i] and line.text[:1] == "\t" and line.text.strip() and (
                (i and out[i - 1] and not line.gap_before)
                or (i + 1 < len(lines) and out[i + 1] and not lines[i + 1].gap_before)):
            out[i] = True
    return out


def marker_class(marker: str) -> str:
    """What kind of list a marker belongs to: numbered, lettered and roman
    lists by their scheme ("1.", "(a)", "(iv)"), glyph lists by the glyph."""
    core = marker.strip("()").rstrip(".)")
    if core.isdigit():
        return "decimal"
    if core in ROMAN_NUMERALS:
        return "roman"
    if len(core) == 1 and core.isalpha() and marker != "o":
        return "alpha"
    return marker.split()[0]


@dataclass(slots=True)
class _List:
    """The list being read: where and how its top-level items are marked."""

    indent: float
    marker: str           # marker class of the top-level items
    opens_sub: bool       # the last top-level item ends with ":"
    sub_marker: str = ""  # marker class of the sub-list under it, once seen


def _indent(line: Line, indent: str) -> float:
    """A bullet's indent: its x position in a PDF, its leading spaces in text."""
    if line.x0 is not None:
        return line.x0
    return float(len(indent.expandtabs(4)))


def _level(lst: _List | None, indent: float, marker: str, pdf: bool) -> int:
    if lst is None:
        return 0
    step = INDENT_STEP_PT if pdf else INDENT_STEP_CHARS
    if indent >= lst.indent + step and (
            pdf or indent >= lst.indent + SUB_INDENT_CHARS or lst.opens_sub or lst.sub_marker):
        return 1
    if indent <= lst.indent - step:
        return 0
    cls = marker_class(marker)
    if cls == lst.marker:
        return 0
    if lst.sub_marker and cls == lst.sub_marker:
        return 1
    return int(lst.opens_sub)


class _Builder:
    """Walks the lines once, opening a block where one starts."""

    def __init__(self, lines: list[Line], width: int | None) -> None:
        self.lines = lines
        self.words = Vocabulary(lines)
        self.blocks: list[Block] = []
        self.open: tuple[str, str, int, str, int] | None = None  # kind, first, level, marker, at
        self.list: _List | None = None
        self.width = width   # text input: the width lines are wrapped at

    def close(self, end: int) -> None:
        if self.open is None:
            return
        kind, first, level, marker, begin = self.open
        lines = self.lines[begin:end]
        if kind == "table":
            parts = [first, *[line.text for line in lines[1:]]]
            text = "\n".join(["\t".join([c for c in map(fold, p.split("\t")) if c])
                              for p in parts])
        elif len(lines) == 1:
            text = fold(first)   # what join_lines makes of one line
        else:
            text = join_lines([first, *[line.text for line in lines[1:]]], self.words)
        self.blocks.append(Block(kind, text, tuple(lines), level, marker))
        self.open = None

    def start(self, i: int, kind: str, first: str, level: int = 0, marker: str = "") -> None:
        self.close(i)
        self.open = (kind, first, level, marker, i)

    def bullet(self, i: int, line: Line, indent: str, marker: str, text: str) -> None:
        pdf = line.x0 is not None
        where = _indent(line, indent)
        level = _level(self.list, where, marker, pdf)
        cls = marker_class(marker)
        ends_list = text.rstrip().endswith(":")
        if level == 0:
            self.list = _List(where, cls, ends_list)
        elif self.list is not None:
            self.list.sub_marker = self.list.sub_marker or cls
        self.start(i, "bullet", text, level, marker)

    def carries_on(self, i: int, line: Line, marker: str, text: str) -> bool:
        """Is a line that starts with a dash the wrapped part of the sentence
        before ("… policing / – agreed with partners – which …"), not an item?
        Only a dash, only in lower case, only after an unfinished full line
        (in text) or at the item's hanging indent (in a PDF)."""
        if marker not in DASH_MARKERS or not text[:1].islower() or line.gap_before \
                or self.open is None or self.open[0] not in ("bullet", "text") or not i:
            return False
        before = self.lines[i - 1]
        if ends_sentence(before.text.rstrip()):
            return False
        if line.x0 is not None:
            first = self.lines[self.open[4]]
            return first.x0 is not None and line.x0 > first.x0 + HANGING_INDENT_PT
        return self.width is not None and is_full_line(len(before.text.rstrip()), self.width)

    def run(self) -> list[Block]:
        kind = ""
        tables = table_lines(self.lines)
        for i, line in enumerate(self.lines):
            raw = line.text
            table = tables[i]
            bullet = None if table or not _may_open_bullet(raw) else PATTERNS["bullet"].match(raw)
            kind = self.open[0] if self.open else ""
            if bullet and self.carries_on(i, line, bullet["marker"], bullet["text"]):
                bullet = None
            if bullet:
                self.bullet(i, line, bullet["indent"], bullet["marker"], bullet["text"])
            elif table:
                if kind != "table" or line.gap_before:
                    self.start(i, "table", raw)
                    self.list = None
            elif line.gap_before or not i or kind == "table":
                if line.breaks_page and kind == "bullet" and self.list is not None:
                    self.list.opens_sub = raw.rstrip().endswith(":")
                # A text-file line indented after a gap (not a page break), once
                # the item before has ended its sentence, is a bullet whose glyph
                # was lost.
                lost_glyph = line.x0 is None and raw[:1] in (" ", "\t") and line.gap_before \
                    and not line.breaks_page and ends_sentence(self.lines[i - 1].text.rstrip())
                self.start(i, "bullet" if lost_glyph else "text", raw)
                if not lost_glyph and not line.breaks_page:
                    self.list = None
            elif self.list is not None and self.open is not None and self.open[2] == 0 and (
                    kind == "bullet" or self.lines[self.open[4]].breaks_page):
                # A top-level item's wrapped line (or its part carried over a page
                # break): does the item now open a sub-list?
                self.list.opens_sub = raw.rstrip().endswith(":")
        self.close(len(self.lines))
        return self.blocks


def lines_to_blocks(lines: list[Line], width: int | None) -> list[Block]:
    """Group body lines into blocks, then join blocks split by page breaks.
    ``width`` is a text's wrap width as the clean stage measured it (None for
    a PDF, or a text whose paragraphs are each one line)."""
    builder = _Builder(lines, width)
    return join_broken_blocks(builder.run(), builder.words, page_margins(lines))


def page_margins(lines: list[Line]) -> dict[int | None, float]:
    """Each PDF page's body margin: the leftmost x at which two or more of its
    lines start (a lone line further left is a stray, not the margin)."""
    # Counted as (page, x) pairs in one go, which is far cheaper than a
    # counter per page updated line by line.
    counts = Counter([(line.page, round(line.x0)) for line in lines if line.x0 is not None])
    starts: dict[int | None, dict[int, int]] = {}
    for (page, x), n in counts.items():
        starts.setdefault(page, {})[x] = n
    return {page: float(min((x for x, n in xs.items() if n > 1), default=min(xs)))
            for page, xs in starts.items()}


def ends_sentence(text: str) -> bool:
    """Does ``text`` end a sentence ("…at force level." / "…as follows:")?"""
    # The pattern spans at most the last three characters (a stop, a closing
    # quote, a final newline); searching only those spares a scan of the
    # whole paragraph, which the regex engine would try position by position.
    return _SENTENCE_END.search(text[-3:]) is not None


def is_heading(block: Block) -> bool:
    """A short one-idea line with no sentence ending: a heading by shape."""
    if block.kind != "text":
        return False
    text = fold(block.text)
    # A folded text's words are parted by single spaces, and nothing else
    # is white: counting the spaces is cheaper than splitting.
    if not text or len(text) > HEADING_MAX_CHARS or text.count(" ") >= HEADING_MAX_WORDS:
        return False
    first = text[0]
    if not (first.isupper() or first in "0123456789("):
        return False
    return not (ends_sentence(text) or text.endswith(","))


def is_prose(block: Block) -> bool:
    """Running sentences, as opposed to a heading or a contents entry."""
    text = fold(block.text)
    return (block.kind in ("text", "bullet") and len(text.split()) >= MIN_PARAGRAPH_WORDS
            and ends_sentence(text) and "." in text)


def _item_text_x(prev: Block) -> float | None:
    """Where a bullet's wrapped lines start (its text indent), if it wrapped."""
    later = [line.x0 for line in prev.lines[1:] if line.x0 is not None]
    return later[-1] if later else None


def _continues_on_page(prev: Block, block: Block, margin: float) -> bool | None:
    """A PDF bullet carried over a page break: decided by where the new page's
    first line starts. None when the geometry cannot tell."""
    x0 = block.first.x0
    if x0 is None or prev.kind != "bullet" or block.kind != "text":
        return None
    text_x = _item_text_x(prev)
    if text_x is not None and abs(x0 - text_x) <= ALIGN_PT:
        return True
    if x0 > margin + ALIGN_PT:
        return not is_heading(block) or not ends_sentence(prev.text.rstrip())
    if text_x is not None and text_x > margin + ALIGN_PT:
        return False   # the item hangs its lines; this one starts at the margin
    return None


def _continues(prev: Block, block: Block, margin: float | None) -> bool:
    """Does ``block`` carry on the sentence ``prev`` left unfinished?"""
    if block.kind != "text" or prev.kind == "table" or len(block.text.strip()) < MIN_CARRIED_CHARS:
        return False
    if block.after_break and margin is not None:
        on_page = _continues_on_page(prev, block, margin)
        if on_page is not None:
            return on_page
    end = prev.text.rstrip()
    if not end or ends_sentence(end):
        return False
    start = block.text[:1]
    hanging = (prev.kind == "bullet" and prev.first.x0 is not None
               and block.first.x0 is not None
               and block.first.x0 > prev.first.x0 + HANGING_INDENT_PT)
    if hanging:
        return True
    long_enough = prev.kind == "bullet" or len(prev.text.split()) >= MIN_PARAGRAPH_WORDS
    if not long_enough:
        return False
    if start.islower():
        return True
    mid_sentence = end[-1].islower() or end[-1] == ","
    if start in "0123456789":   # "…graded by / 43 forces"
        return mid_sentence and not is_heading(block)
    # Before a capital, only across a page break, and only where the text
    # stopped on a word that cannot end a sentence ("…department and the /
    # Police Authority."): a list item without a full stop, then a new
    # paragraph, stops on any other word.
    last_word = end.rsplit(None, 1)[-1].lower()
    return (block.after_break and last_word in OPEN_ENDED_WORDS
            and not is_heading(block) and not is_heading(prev))


def join_broken_blocks(blocks: list[Block], words: Container[str],
                       margins: dict[int | None, float] | None = None) -> list[Block]:
    out: list[Block] = []
    margins = margins or {}
    for block in blocks:
        if out and _continues(out[-1], block, margins.get(block.first.page)):
            prev = out[-1]
            out[-1] = Block(prev.kind, carry_on(prev.text, prev.lines[-1].text, block.text, words),
                            prev.lines + block.lines, prev.level, prev.marker)
        else:
            out.append(block)
    return out
