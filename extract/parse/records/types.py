"""Record types: one frozen dataclass per output table row.

Field names match the column names in ``schemas/<table>.json`` (minus
``report_id``, which the writer adds). They become Arrow rows only in the
writer.
"""

from __future__ import annotations

from dataclasses import dataclass

from extract.model import Span


@dataclass(frozen=True, slots=True)
class Metadata:
    force: str | None
    published: str | None
    period: str | None
    isbn13: str | None
    isbn10: str | None


@dataclass(frozen=True, slots=True)
class Domain:
    number: int
    title: str
    ppaf_domain: str | None
    span: Span


@dataclass(frozen=True, slots=True)
class Framework:
    domain: str | None
    code: str
    title: str
    grade: str | None
    direction: str | None
    span: Span


@dataclass(frozen=True, slots=True)
class GradeCount:
    code: str
    grade: str
    forces: int
    span: Span


@dataclass(frozen=True, slots=True)
class SummaryRow:
    ordinal: int
    domain: str | None
    title: str
    code: str | None
    grade: str
    direction: str
    span: Span


@dataclass(frozen=True, slots=True)
class Finding:
    code: str
    category: str
    item_no: int
    parent_item_no: int | None
    text: str
    span: Span


@dataclass(frozen=True, slots=True)
class Paragraph:
    section: str
    code: str | None
    heading_path: tuple[str, ...]
    paragraph_no: int
    kind: str
    text: str
    span: Span


@dataclass(frozen=True, slots=True)
class GoodPractice:
    code: str | None
    box_no: int
    label: str
    title: str | None
    problem: str | None
    solution: str | None
    outcome: str | None
    contact: str | None
    span: Span


@dataclass(frozen=True, slots=True)
class TableCell:
    code: str | None
    table: str
    row_no: int
    col_no: int
    value: str
    span: Span


@dataclass(frozen=True, slots=True)
class GlossaryEntry:
    term: str
    definition: str
    span: Span


@dataclass(frozen=True, slots=True)
class ContentsEntry:
    entry_no: int
    text: str
    span: Span


@dataclass(frozen=True, slots=True)
class Residue:
    reason: str
    text: str
    span: Span
