"""The Summary of Judgements: its lines in, one row per framework out.

The table is read as a stream of cells, whatever its layout: a row per line
with tabs between cells, a cell per line, or a long title wrapped over
several lines with its grade and direction on the first, middle or last of
them (a PDF grid centres them). Title fragments accumulate until they spell
a framework title known from the framework headings; the two values waiting
by then (or the next two) belong to that row. A cell naming a domain (known
from the domain headings) opens that domain.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from extract.model import Line, Span
from extract.parse.patterns import PATTERNS, canonical, fold
from extract.parse.records.types import SummaryRow


def norm_title(text: str) -> str:
    """A title's words in lower case, brackets left out: for matching titles."""
    return " ".join(PATTERNS["title_word"].findall(PATTERNS["bracketed"].sub(" ",
                                                                            text.lower())))


@dataclass(slots=True)
class _Reader:
    domains: dict[str, str]          # normalised title -> domain title
    codes: dict[str, str]            # normalised title -> framework code
    rows: list[SummaryRow] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    values: list[str] = field(default_factory=list)
    used: list[Line] = field(default_factory=list)
    domain: str | None = None

    @property
    def title(self) -> str:
        return fold(" ".join(self.texts))

    def could_grow(self, fragment: str) -> bool:
        """Would adding ``fragment`` still spell (the start of) a known title?"""
        grown = norm_title(f"{self.title} {fragment}")
        return any(known.startswith(grown) for known in self.codes)

    def emit(self) -> None:
        if self.texts and len(self.values) >= 2:
            title = self.title
            grade, direction = self.values[:2]
            self.rows.append(SummaryRow(len(self.rows) + 1, self.domain, title,
                                        self.codes.get(norm_title(title)), grade, direction,
                                        Span.of(self.used)))
            self.texts, self.values, self.used = [], self.values[2:], []

    def fragment(self, text: str, line: Line) -> None:
        if not self.texts and not self.values and norm_title(text) in self.domains:
            self.domain = self.domains[norm_title(text)]
            return
        if len(self.values) >= 2 and not self.could_grow(text):
            self.emit()   # a new title: the row before it is complete
        self.texts.append(text)
        self._use(line)
        if norm_title(self.title) in self.codes and len(self.values) >= 2:
            self.emit()

    def value(self, text: str, line: Line) -> None:
        self.values.append(canonical(text))
        self._use(line)
        if len(self.values) >= 2 and norm_title(self.title) in self.codes:
            self.emit()

    def _use(self, line: Line) -> None:
        if not self.used or self.used[-1] is not line:
            self.used.append(line)


def _line_text(line: Line) -> str:
    """A summary line's text, cells joined, the table's header words left out."""
    return str(PATTERNS["summary_header"].sub("", fold(line.text))).strip()


def summary_rows(lines: Iterable[Line], domains: list[str],
                 frameworks: list[tuple[str, str]]) -> tuple[list[SummaryRow], list[Line]]:
    """Read the Summary of Judgements from its lines. Returns the rows and the
    lines that could not be placed."""
    reader = _Reader({norm_title(d): d for d in domains},
                     {norm_title(title): code for code, title in frameworks})
    for line in lines:
        # A row's cells are read as one text: a PDF can set a long title so
        # close to its grade that the two come out as one cell.
        text = _line_text(line)
        if not text:
            continue
        if PATTERNS["summary_value"].match(text):
            reader.value(text, line)
            continue
        m = PATTERNS["summary_values"].search(text)
        if m:
            if text[:m.start()].strip():
                reader.fragment(text[:m.start()].strip(), line)
            reader.value(m["grade"], line)
            reader.value(m["direction"], line)
        else:
            reader.fragment(text, line)
    reader.emit()
    return reader.rows, reader.used if reader.texts else []
