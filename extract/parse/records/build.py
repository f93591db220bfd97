"""Stage 4, records: ``Section`` in, typed ``Records`` out.

Each kind of section has its reader; every block of every section either
lands in a record or in ``residue``, so the share of text placed can be
measured (see ``Records.placed_share``). The Summary of Judgements is read
last, since its rows are matched to the framework titles found.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from extract.model import Diagnostic, Line, Span
from extract.parse.blocks import is_heading
from extract.parse.clean import CleanText
from extract.parse.patterns import PATTERNS, fold
from extract.parse.records.framework import framework_records
from extract.parse.records.metadata import front_to_metadata
from extract.parse.records.narrative import (
    blocks_to_contents,
    blocks_to_glossary,
    blocks_to_paragraphs,
    blocks_to_tables,
    grid_cells,
    is_grid,
    tables_appendix,
)
from extract.parse.records.summary import norm_title, summary_rows
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
from extract.parse.words import Vocabulary


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


@dataclass(slots=True)
class _Context:
    recs: Records
    words: Vocabulary
    wrap_width: int | None = None
    domain: str | None = None


Reader = Callable[[_Context, Section], None]


def _contents(ctx: _Context, section: Section) -> None:
    ctx.recs.contents.extend(blocks_to_contents(list(section.blocks)))


def _narrative(ctx: _Context, section: Section) -> None:
    chapter = section.path[0] if section.path else ""
    blocks = list(section.blocks)
    if section.path and is_grid(blocks):
        ctx.recs.table_cells.extend(grid_cells(section.path[-1], blocks))
        return
    ctx.recs.paragraphs.extend(blocks_to_paragraphs(chapter, None, section.path, blocks))
    ctx.recs.table_cells.extend(blocks_to_tables(section.path, blocks))


def _domain(ctx: _Context, section: Section) -> None:
    assert section.heading is not None
    m = PATTERNS["domain"].match(fold(section.heading.text))
    assert m is not None
    ctx.domain = m["title"].strip()
    ctx.recs.domains.append(Domain(int(m["number"]), ctx.domain, m["ppaf"],
                                   section.heading.span))
    ctx.recs.paragraphs.extend(blocks_to_paragraphs(ctx.domain, None, (ctx.domain,),
                                                    list(section.blocks)))


def _framework(ctx: _Context, section: Section) -> None:
    assert section.heading is not None and section.code is not None
    recs = ctx.recs
    fw = framework_records(section.code, section.heading, ctx.domain, list(section.blocks),
                           len(recs.good_practice), ctx.words, ctx.wrap_width)
    recs.frameworks.append(fw.framework)
    recs.grade_distribution.extend(fw.distribution)
    recs.findings.extend(fw.findings)
    recs.paragraphs.extend(fw.paragraphs)
    recs.good_practice.extend(fw.good_practice)
    recs.table_cells.extend(fw.cells)
    recs.residue.extend(fw.residue)
    recs.diagnostics.extend(fw.diagnostics)


def _glossary(ctx: _Context, section: Section) -> None:
    entries, residue = blocks_to_glossary(list(section.blocks))
    ctx.recs.glossary.extend(entries)
    ctx.recs.residue.extend(residue)


def _tables(ctx: _Context, section: Section) -> None:
    cells, paragraphs = tables_appendix(list(section.blocks))
    ctx.recs.table_cells.extend(cells)
    ctx.recs.paragraphs.extend(paragraphs)


READERS: dict[str, Reader] = {
    "contents": _contents, "narrative": _narrative, "domain": _domain,
    "framework": _framework, "glossary": _glossary, "tables": _tables,
}


def _summary(recs: Records, sections: list[Section]) -> None:
    for section in sections:
        if section.kind != "summary":
            continue
        lines: list[Line] = [*(section.heading.lines if section.heading else ()),
                             *(line for b in section.blocks for line in b.lines)]
        # The domains the report names: by their headings, and in its contents
        # list, which names them even where a heading was not recognised.
        listed = [m["title"].strip() for c in recs.contents
                  if (m := PATTERNS["domain"].match(c.text))]
        rows, left = summary_rows(lines, [*(d.title for d in recs.domains), *listed],
                                  [(f.code, f.title) for f in recs.frameworks])
        recs.summary_judgements.extend(rows)
        recs.residue.extend(Residue("summary_line", fold(line.text),
                                    Span(line.page, line.page, line.number, line.number))
                            for line in left)


def absorbed_frameworks(recs: Records, sections: list[Section]) -> list[Diagnostic]:
    """A framework the Summary of Judgements lists but no section holds, whose
    title stands as a heading inside another section: its heading was not
    recognised, and what follows it was read as part of that section (a
    framework's, or a domain's narrative)."""
    unfound = {norm_title(r.title): r.title for r in recs.summary_judgements if r.code is None}
    out = []
    for section in sections:
        if section.kind not in ("framework", "domain") or not unfound:
            continue
        where = section.code or fold(section.heading.text if section.heading else "")
        for block in section.blocks:
            title = norm_title(PATTERNS["framework"].sub(r"\g<title>", fold(block.text)))
            if is_heading(block) and title in unfound:
                out.append(Diagnostic(
                    "error", "framework_absorbed",
                    f"{where}: {unfound.pop(title)!r} (in the Summary of Judgements) "
                    f"has no section of its own; its heading was read as part of {where}",
                    block.first.page, block.first.number))
    return out


def sections_to_records(sections: list[Section], clean: CleanText) -> Records:
    front = [b for s in sections if s.kind == "front" for b in s.blocks]
    body_text = " ".join(fold(b.text) for s in sections if s.kind == "narrative"
                         for b in s.blocks)
    metadata, diagnostics = front_to_metadata(front, clean.force_in_header,
                                              clean.month_in_furniture, body_text)
    recs = Records(metadata, diagnostics=diagnostics, source_chars=clean.body_chars)
    recs.paragraphs.extend(blocks_to_paragraphs("front", None, (), front))
    ctx = _Context(recs, Vocabulary(clean.lines), clean.wrap_width)
    for section in sections:
        reader = READERS.get(section.kind)
        if reader is not None:
            reader(ctx, section)
    _summary(recs, sections)
    recs.diagnostics.extend(absorbed_frameworks(recs, sections))
    return recs


__all__ = ["Records", "sections_to_records"]
