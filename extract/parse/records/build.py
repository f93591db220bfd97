"""Stage 4, records: ``Section`` in, typed ``Records`` out.

Every block of every section either lands in a record or in ``residue``, so
the share of text placed can be measured (see ``Records.placed_share``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from extract.model import Block, Diagnostic, Line, Span
from extract.parse.clean import CleanText
from extract.parse.patterns import PATTERNS, fold
from extract.parse.records.framework import framework_records
from extract.parse.records.front import front_to_metadata, summary_rows
from extract.parse.records.narrative import (
    blocks_to_contents,
    blocks_to_glossary,
    blocks_to_paragraphs,
)
from extract.parse.records.types import (
    ContentsEntry,
    Domain,
    Finding,
    Framework,
    GlossaryEntry,
    GoodPractice,
    GradeCount,
    Metadata,
    Paragraph,
    Residue,
    SummaryRow,
    TableCell,
)
from extract.parse.segment import Section


@dataclass(slots=True)
class Records:
    metadata: Metadata
    domains: list[Domain] = field(default_factory=list)
    frameworks: list[Framework] = field(default_factory=list)
    grade_distribution: list[GradeCount] = field(default_factory=list)
    summary_judgements: list[SummaryRow] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    paragraphs: list[Paragraph] = field(default_factory=list)
    good_practice: list[GoodPractice] = field(default_factory=list)
    table_cells: list[TableCell] = field(default_factory=list)
    glossary: list[GlossaryEntry] = field(default_factory=list)
    contents: list[ContentsEntry] = field(default_factory=list)
    residue: list[Residue] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    source_chars: int = 0

    @property
    def residue_chars(self) -> int:
        return sum(len("".join(r.text.split())) for r in self.residue)

    @property
    def placed_share(self) -> float:
        """Share of non-furniture source characters that landed outside residue."""
        if not self.source_chars:
            return 0.0
        return max(0.0, 1.0 - self.residue_chars / self.source_chars)


def _residue(reason: str, blocks: list[Block]) -> list[Residue]:
    return [Residue(reason, fold(b.text), b.span) for b in blocks]


def sections_to_records(sections: list[Section], clean: CleanText) -> Records:
    front = [b for s in sections if s.kind == "front" for b in s.blocks]
    body_text = " ".join(fold(b.text) for s in sections if s.kind == "narrative"
                         for b in s.blocks)
    metadata, diagnostics = front_to_metadata(front, clean.force_in_header,
                                              clean.month_in_furniture, body_text)
    recs = Records(metadata, diagnostics=diagnostics,
                   source_chars=clean.body_chars)
    recs.paragraphs.extend(blocks_to_paragraphs("front", None, (), front))

    domain: str | None = None
    boxes = 0
    for section in sections:
        if section.kind == "contents":
            recs.contents.extend(blocks_to_contents(list(section.blocks)))
        elif section.kind == "narrative":
            chapter = section.path[0] if section.path else ""
            recs.paragraphs.extend(blocks_to_paragraphs(chapter, None, section.path,
                                                        list(section.blocks)))
        elif section.kind == "domain" and section.heading is not None:
            m = PATTERNS["domain"].match(fold(section.heading.text))
            assert m is not None
            domain = m["title"].strip()
            recs.domains.append(Domain(int(m["number"]), domain, m["ppaf"],
                                       section.heading.span))
        elif section.kind == "framework" and section.heading is not None and section.code:
            fw = framework_records(section.code, section.heading, domain,
                                   list(section.blocks), boxes)
            boxes += len(fw.good_practice)
            recs.frameworks.append(fw.framework)
            recs.grade_distribution.extend(fw.distribution)
            recs.findings.extend(fw.findings)
            recs.paragraphs.extend(fw.paragraphs)
            recs.good_practice.extend(fw.good_practice)
            recs.table_cells.extend(fw.cells)
            recs.residue.extend(fw.residue)
            recs.diagnostics.extend(fw.diagnostics)
        elif section.kind == "glossary":
            entries, residue = blocks_to_glossary(list(section.blocks))
            recs.glossary.extend(entries)
            recs.residue.extend(residue)

    for section in sections:
        if section.kind == "summary":
            lines: list[Line] = [*(section.heading.lines if section.heading else ()),
                                 *(line for b in section.blocks for line in b.lines)]
            rows, left = summary_rows(lines, [d.title for d in recs.domains],
                                      [(f.code, f.title) for f in recs.frameworks])
            recs.summary_judgements.extend(rows)
            recs.residue.extend(Residue("summary_line", fold(line.text),
                                        Span(line.page, line.page, line.number, line.number))
                                for line in left)
    return recs


__all__ = ["Records", "sections_to_records"]
