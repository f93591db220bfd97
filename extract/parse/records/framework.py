"""One framework section in, its records out.

The blocks after a framework heading are read by an ordered list of small
rules, each ``(state) -> bool``: the first rule that recognises the block at
``state.at`` consumes it (and any blocks after it that belong with it) and
returns True. The order is the priority: a grade table before a findings
heading, a page-break continuation before a sub-heading, and so on; the last
rule, ``paragraph``, takes anything. Whatever cannot be placed becomes residue.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Container
from dataclasses import dataclass, field

from extract.model import Block, Diagnostic, Span
from extract.parse.blocks import ends_sentence, is_heading, is_prose
from extract.parse.clean import is_full_line
from extract.parse.patterns import PATTERNS, finding_category, fold
from extract.parse.records.good_practice import blocks_to_good_practice, fields_opened
from extract.parse.records.tables import (
    distribution_records,
    key_cells,
    read_distribution,
    read_grade_table,
    table_block_cells,
)
from extract.parse.records.types import (
    Finding,
    Framework,
    GoodPractice,
    GradeCount,
    Paragraph,
    Residue,
    TableCell,
)
from extract.parse.words import carry_on

# Columns of indent a text item's wrapped lines need before a line at that
# indent after a page break is taken for the item going on: one space may
# be what is left of a bullet glyph an extractor lost.
MIN_CONTINUATION_INDENT = 2


@dataclass(slots=True)
class FrameworkRecords:
    framework: Framework
    distribution: list[GradeCount] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    paragraphs: list[Paragraph] = field(default_factory=list)
    good_practice: list[GoodPractice] = field(default_factory=list)
    cells: list[TableCell] = field(default_factory=list)
    residue: list[Residue] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)


@dataclass(slots=True)
class State:
    """Where the reader is in one framework, and what it has read so far."""

    code: str
    title: str
    blocks: list[Block]
    out: FrameworkRecords
    words: Container[str]
    at: int = 0
    path: tuple[str, ...] = ()
    grade_read: bool = False
    category: str | None = None          # the findings list being read
    parent: int | None = None            # item_no of the last top-level item in it
    items: Counter[str] = field(default_factory=Counter)
    in_key: bool = False                 # reading a table's key ("Key to grades")
    box: tuple[str, Block] | None = None  # the open Good Practice box: label, heading
    box_blocks: list[Block] = field(default_factory=list)
    box_has_contact: bool = False        # the box's last field (FORCE CONTACT) has begun
    box_start: int = 0
    numbers: Counter[tuple[str, ...]] = field(default_factory=Counter)
    wrap_width: int | None = None        # text input: the width lines are wrapped at
    # Each block's folded text, and whether it may be one of the headings in
    # FRAMEWORK_HEADS: worked out once per block, not once per rule that asks.
    texts: list[str] = field(init=False)
    may_be_head: list[bool] = field(init=False)

    def __post_init__(self) -> None:
        self.texts = [fold(b.text) for b in self.blocks]
        head = PATTERNS["framework_head"].match
        self.may_be_head = [head(t) is not None for t in self.texts]

    @property
    def block(self) -> Block:
        return self.blocks[self.at]

    @property
    def text(self) -> str:
        return self.texts[self.at]

    @property
    def head(self) -> bool:
        """Might the block be a grade table's, a distribution's, a findings
        list's or a box's heading? When not, none of their rules need look."""
        return self.may_be_head[self.at]

    def error(self, check: str, message: str, block: Block | None = None) -> None:
        first = (block or self.block).first
        self.out.diagnostics.append(Diagnostic("error", check, f"{self.code}: {message}",
                                               first.page, first.number))

    def close(self) -> None:
        """End the findings list, key or box being read."""
        if self.box is not None:
            label, heading = self.box
            box, stray = blocks_to_good_practice(self.code, self.box_start + len(
                self.out.good_practice) + 1, label, heading, self.box_blocks, self.words)
            self.out.good_practice.append(box)
            self.out.residue.extend(Residue("good_practice_unlabelled", fold(b.text), b.span)
                                    for b in stray)
        self.box, self.box_blocks, self.box_has_contact = None, [], False
        self.category, self.in_key = None, False
        self.parent = None

    def paragraph(self, block: Block) -> None:
        self.numbers[self.path] += 1
        self.out.paragraphs.append(Paragraph("framework", self.code, self.path,
                                             self.numbers[self.path], block.kind,
                                             fold(block.text), block.span))


Rule = Callable[[State], bool]


# --- the rules, in the order they are tried ------------------------------------
def grade_table(state: State) -> bool:
    """"Grade / Direction of Travel" and the two values, in any layout."""
    if state.grade_read or not state.head or not PATTERNS["grade_table_head"].match(state.text):
        return False
    table = read_grade_table(state.blocks, state.at)
    state.grade_read = True
    fw = state.out.framework
    if table.problem:
        state.error("grade_parsed", table.problem)
    state.out.framework = Framework(fw.domain, fw.code, fw.title, table.grade,
                                    table.direction, fw.span)
    state.at += table.used
    return True


def distribution(state: State) -> bool:
    """"National Grade Distribution" and its four counts."""
    if not state.head or not PATTERNS["distribution_head"].match(state.text):
        return False
    head = state.block
    dist = read_distribution(state.blocks, state.at + 1)
    chunk = state.blocks[state.at + 1:state.at + 1 + dist.used]
    if dist.problems:
        for problem in dist.problems:
            state.error("distribution_parsed", problem, chunk[0] if chunk else head)
    else:
        state.out.distribution = distribution_records(
            state.code, dist, Span.cover([b.span for b in chunk]))
    state.at += 1 + dist.used
    return True


def findings_heading(state: State) -> bool:
    """"Strengths", "Work in Progress", "Areas for Improvement"."""
    category = finding_category(state.text) if state.head and state.block.kind == "text" \
        else None
    if category is None:
        return False
    state.close()
    state.category = category
    state.at += 1
    return True


def good_practice_box(state: State) -> bool:
    """"GOOD PRACTICE" / "Best Practice" opens a box that runs to the next
    findings heading or box."""
    m = PATTERNS["good_practice"].match(state.text) \
        if state.head and state.block.kind == "text" else None
    if not m:
        return False
    state.close()
    state.box = (state.text, state.block)
    state.at += 1
    return True


def box_content(state: State) -> bool:
    """Everything under a box's heading is the box's, up to its contact field;
    after that, a heading or a paragraph of prose is the framework's again."""
    if state.box is None:
        return False
    if state.box_has_contact and (is_heading(state.block) or is_prose(state.block)):
        state.close()
        return False
    # A field may open the block or, in a box set without spacing, any line of it.
    state.box_has_contact = state.box_has_contact or any(
        "CONTACT" in label.upper() for label in fields_opened(state.block))
    state.box_blocks.append(state.block)
    state.at += 1
    return True


def continuation(state: State) -> bool:
    """A findings item carried over a page break: text that opens a page and
    does not open anything of its own goes on with the item before. It is a
    heading only when the item had finished its sentence and it is shaped
    like one."""
    block = state.block
    if state.category is None or block.kind != "text" or not block.after_break:
        return False
    findings = state.out.findings
    if not findings or findings[-1].category != state.category:
        return False
    last = findings[-1]
    if block.first.x0 is not None:
        return False   # a PDF: where the line starts has decided already (blocks stage)
    if ends_sentence(last.text) and (is_heading(block) or (
            _paragraph_ended(state) and not _at_the_items_indent(state))):
        return False
    findings[-1] = Finding(last.code, last.category, last.item_no, last.parent_item_no,
                           carry_on(last.text, state.blocks[state.at - 1].lines[-1].text,
                                    block.text, state.words),
                           Span.cover([last.span, block.span]))
    state.at += 1
    return True


def _paragraph_ended(state: State) -> bool:
    """In wrapped text, did the item's last line stop well short of the wrap
    width? Then its paragraph ended there, and the page break fell between
    items, not inside one. (A line far longer than the width says nothing:
    extractors join some paragraphs' lines and not others.)"""
    width = state.wrap_width
    if width is None or state.at == 0:
        return False
    return not is_full_line(len(state.blocks[state.at - 1].lines[-1].text.rstrip()), width)


def _at_the_items_indent(state: State) -> bool:
    """In text, does the page's first line start where the item's own wrapped
    lines do, deeper than its marker? No new item starts there, so the item
    goes on, however short its last line before the break."""
    item = state.blocks[state.at - 1]
    if len(item.lines) < 2:
        return False
    indents = {_indent_of(line.text) for line in item.lines[1:]}
    if len(indents) != 1:
        return False
    (indent,) = indents
    return (indent >= MIN_CONTINUATION_INDENT and indent > _indent_of(item.lines[0].text)
            and _indent_of(state.block.first.text) == indent)


def _indent_of(text: str) -> int:
    """Columns of leading space (a tab as four)."""
    return len(text[:len(text) - len(text.lstrip(" \t"))].expandtabs(4))


def sub_heading(state: State) -> bool:
    """A heading of the framework's own ("Contextual Factors", "Audit
    Commission Use of Resources", "Key to grades"). Inside a findings list a
    short line is a heading only when a table or a paragraph of prose follows
    it: otherwise it is an item that happens to have no full stop."""
    if not is_heading(state.block):
        return False
    if state.category is not None and not PATTERNS["table_key"].match(state.text):
        following = state.blocks[state.at + 1] if state.at + 1 < len(state.blocks) else None
        if following is None or not (following.kind == "table"
                                     or (following.kind == "text" and is_prose(following))):
            return False
    state.close()
    state.path = (state.title, state.text)
    state.in_key = bool(PATTERNS["table_key"].match(state.text))
    state.at += 1
    return True


def embedded_table(state: State) -> bool:
    """A grid table inside the framework, named by the heading above it."""
    if state.block.kind != "table":
        return False
    state.close()
    state.out.cells.extend(table_block_cells(state.code, state.path[-1], [state.block]))
    state.at += 1
    return True


def key_row(state: State) -> bool:
    """An item of a table's key is a row of the key."""
    if not state.in_key or state.block.kind != "bullet":
        return False
    rows = sum(1 for c in state.out.cells if c.table == state.path[-1] and c.col_no == 1)
    state.out.cells.extend(key_cells(state.code, state.path[-1], [state.block], rows + 1))
    state.at += 1
    return True


def finding_item(state: State) -> bool:
    """A bullet (or a plain paragraph) under a findings heading is an item; a
    sub-bullet points at the item above it."""
    if state.category is None:
        return False
    block = state.block
    state.items[state.category] += 1
    item_no = state.items[state.category]
    is_sub = block.kind == "bullet" and block.level > 0 and state.parent is not None
    if not is_sub:
        state.parent = item_no
    state.out.findings.append(Finding(state.code, state.category, item_no,
                                      state.parent if is_sub else None, fold(block.text),
                                      block.span))
    state.at += 1
    return True


def paragraph(state: State) -> bool:
    state.paragraph(state.block)
    state.at += 1
    return True


RULES: list[tuple[str, Rule]] = [
    ("grade_table", grade_table),
    ("distribution", distribution),
    ("findings_heading", findings_heading),
    ("good_practice_box", good_practice_box),
    ("box_content", box_content),
    ("continuation", continuation),
    ("sub_heading", sub_heading),
    ("embedded_table", embedded_table),
    ("key_row", key_row),
    ("finding_item", finding_item),
    ("paragraph", paragraph),
]


def framework_records(code: str, heading: Block, domain: str | None, blocks: list[Block],
                      box_start: int, words: Container[str],
                      wrap_width: int | None = None) -> FrameworkRecords:
    """Read one framework's blocks with ``RULES``."""
    title = fold(heading.text)[len(code):].strip()
    end = blocks[-1].span if blocks else heading.span
    span = Span(heading.span.page_start, end.page_end, heading.span.line_start, end.line_end)
    state = State(code, title, blocks, FrameworkRecords(Framework(domain, code, title, None,
                                                                  None, span)),
                  words, path=(title,), box_start=box_start, wrap_width=wrap_width)
    while state.at < len(blocks):
        for _, rule in RULES:
            if rule(state):
                break
    state.close()
    if not state.grade_read:
        state.error("grade_parsed", "no grade table (Grade / Direction of Travel)", heading)
    return state.out
