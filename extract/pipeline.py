"""The one ordered list of stages, and the function that runs them.

    read -> clean -> blocks -> segment -> records -> validate

then, for a batch, rows -> Arrow (``extract.output.arrow``) -> Parquet parts
(``extract.batch``).

Each stage is a pure function of the previous stage's output (only ``read``
touches the file). ``hmic-extract dump --stage NAME FILE`` prints any stage.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from extract.errors import ReportFormatError
from extract.model import Block, Diagnostic, Source, gc_paused
from extract.output.columns import rows_with_analysis_columns
from extract.output.reports import report_id, report_row, status_of
from extract.output.rows import diagnostic_rows, page_rows, records_to_rows
from extract.parse.blocks import lines_to_blocks
from extract.parse.clean import CleanText, lines_to_clean_text
from extract.parse.patterns import fold
from extract.parse.read import read_bytes, read_file
from extract.parse.records.build import Records, sections_to_records
from extract.parse.segment import Section, blocks_to_sections
from extract.parse.validate import validate_records


@dataclass(slots=True)
class Parsed:
    """Everything the stages produced for one source."""

    source: Source
    clean: CleanText | None = None
    blocks: list[Block] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    records: Records | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)


def _clean(p: Parsed) -> None:
    p.clean = lines_to_clean_text(p.source.lines, paged=p.source.kind == "pdf")


def _blocks(p: Parsed) -> None:
    assert p.clean is not None
    p.blocks = lines_to_blocks(p.clean.lines, p.clean.wrap_width)


def _segment(p: Parsed) -> None:
    p.sections = blocks_to_sections(p.blocks)


def _records(p: Parsed) -> None:
    assert p.clean is not None
    p.records = sections_to_records(p.sections, p.clean)


def _validate(p: Parsed) -> None:
    assert p.records is not None
    p.diagnostics = [*p.source.diagnostics, *p.records.diagnostics,
                     *validate_records(p.records)]


STAGES: list[tuple[str, Callable[[Parsed], None]]] = [
    ("clean", _clean),
    ("blocks", _blocks),
    ("segment", _segment),
    ("records", _records),
    ("validate", _validate),
]
STAGE_NAMES = ("read", *(name for name, _ in STAGES))


def parse_source(source: Source, *, until: str = "validate") -> Parsed:
    """Run the stages after ``read`` on ``source``, stopping after ``until``."""
    parsed = Parsed(source)
    # The fold cache serves repeats within one report; emptied per report so
    # a long batch holds no old text.
    fold.cache_clear()
    if until == "read":
        return parsed
    with gc_paused():
        for name, stage in STAGES:
            stage(parsed)
            if name == until:
                break
    return parsed


def looks_like_baseline(parsed: Parsed) -> bool:
    """Does a report whose frameworks could not be found say it is a baseline
    assessment (its running header, its title page, a Summary of Judgements)?
    Then it is converted with errors naming what is missing, not rejected."""
    recs = parsed.records
    assert recs is not None and parsed.clean is not None
    front = " ".join(fold(b.text) for s in parsed.sections if s.kind == "front"
                     for b in s.blocks).lower()
    return bool(parsed.clean.force_in_header or recs.summary_judgements
                or "baseline assessment" in front)


def convert_path(path: str | Path, *, engine: str = "pdfium",
                 password: str | None = None) -> dict[str, list[dict[str, Any]]]:
    """Read, parse and validate one file; return its rows for every table.

    Raises ExtractError when the input cannot be read or is not a baseline
    report; the caller records that as a failed row.
    """
    data, name = read_file(path)
    return convert_bytes(data, name, engine=engine, password=password)


def convert_bytes(data: bytes, path: str, *, engine: str = "pdfium",
                  password: str | None = None,
                  sha256: str | None = None) -> dict[str, list[dict[str, Any]]]:
    """``convert_path`` for a file already read; ``sha256`` when already known."""
    source = read_bytes(data, path, engine=engine, password=password, sha256=sha256)
    parsed = parse_source(source)
    recs = parsed.records
    assert recs is not None and parsed.clean is not None
    if not recs.frameworks and not looks_like_baseline(parsed):
        raise ReportFormatError("no framework headings with grade tables found: "
                                "not an HMIC baseline assessment report", path=str(path))
    rid = report_id(source.sha256)
    rows = records_to_rows(rid, recs)
    rows["diagnostics"] = diagnostic_rows(rid, parsed.diagnostics)
    rows["pages"] = page_rows(rid, parsed.clean.pages)
    meta = recs.metadata
    rows["reports"] = [report_row(
        path, source.sha256, source.engine, kind=source.kind,
        status=status_of(parsed.diagnostics), force=meta.force, published=meta.published,
        period=meta.period, isbn13=meta.isbn13, isbn10=meta.isbn10,
        pages=source.page_count if source.page_count is not None else parsed.clean.last_page,
        source_chars=recs.source_chars, residue_chars=recs.residue_chars,
        placed_share=round(recs.placed_share, 6))]
    return rows_with_analysis_columns(rows)
