"""The data model shared by every stage.

Every input (text file, PDF through either engine) becomes a list of ``Line``;
every stage after reading works on ``Line`` and ``Block`` only, so the parser
is the same code whatever the input was. Records carry their source span so
each value in the output traces back to its page and lines.

``Line``, ``Span`` and ``Block`` are made by the thousand per report, so they
are not frozen (a frozen dataclass is five times slower to build); no stage
changes one after it is made.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field


@dataclass(slots=True)
class Line:
    """One line of source text.

    ``number`` is the line number in the text file, or the line number within
    its physical page for PDF input. ``page`` is the physical PDF page, or for
    text input the page inferred from the furniture (None where unknown).
    ``gap_before`` marks a paragraph break above the line: a blank line in a
    text file, a vertical gap in a PDF. ``breaks_page`` marks the first body
    line after a page break (a new PDF page, a form feed, or page furniture in
    a text file): a page break is never by itself the end of an item. Geometry
    fields are None for text.
    """

    number: int
    text: str
    page: int | None = None
    gap_before: bool = False
    x0: float | None = None
    top: float | None = None
    size: float | None = None
    bold: bool | None = None
    # "top" or "bottom" when a PDF line sits in the page's header or footer band.
    band: str | None = None
    breaks_page: bool = False


@dataclass(slots=True)
class Span:
    """Where a value came from: first and last page and line."""

    page_start: int | None
    page_end: int | None
    line_start: int
    line_end: int

    @staticmethod
    def of(lines: Sequence[Line]) -> Span:
        first, last = lines[0], lines[-1]
        return Span(first.page, last.page, first.number, last.number)

    @staticmethod
    def cover(spans: Iterable[Span]) -> Span:
        items = list(spans)
        return Span(items[0].page_start, items[-1].page_end,
                    items[0].line_start, items[-1].line_end)


@dataclass(slots=True)
class Block:
    """A paragraph, bullet or table drawn from consecutive lines.

    ``kind`` is ``text``, ``bullet`` or ``table`` (cells separated by tabs).
    ``level`` is 0 for top-level bullets and 1 for sub-bullets. ``marker``
    is the bullet's marker as printed (``-``, ``1.``, ``(a)``), never part of
    ``text``.
    """

    kind: str
    text: str
    lines: tuple[Line, ...]
    level: int = 0
    marker: str = ""

    @property
    def span(self) -> Span:
        return Span.of(self.lines)

    @property
    def first(self) -> Line:
        return self.lines[0]

    @property
    def after_break(self) -> bool:
        """Does the block open a page (so it may carry on the block before)?"""
        return self.lines[0].breaks_page


@dataclass(frozen=True, slots=True)
class Diagnostic:
    severity: str  # "error" | "warning" | "info"
    check: str
    message: str
    page: int | None = None
    line: int | None = None


@dataclass(frozen=True, slots=True)
class PageInfo:
    """A physical page (PDF) or a page inferred from furniture (text)."""

    page: int
    label: str | None
    lines: int


@dataclass(slots=True)
class Source:
    """What a reader returns: the lines plus facts about the file."""

    path: str
    sha256: str
    kind: str  # "text" | "pdf"
    engine: str
    lines: list[Line]
    page_count: int | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cycle collector while a report is read or parsed.

    Reading and parsing build tens of thousands of small objects that all
    stay alive until the report is done and form no cycles, so every pass of
    the collector over them is wasted: about a tenth of the PDF read time.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
