"""Parsing a report the generators made, and comparing it with what the
report says (``Report.truth()``), table by table, naming the first rows that
differ."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from report_model import Report

from extract.model import Source
from extract.parse.read import read_bytes
from extract.parse.read.text import bytes_to_source
from extract.pipeline import Parsed, parse_source

Tables = dict[str, list[tuple[Any, ...]]]


def tables(p: Parsed) -> Tables:
    """The parsed tables, in the shape of ``Report.truth()``."""
    r = p.records
    assert r is not None
    return {
        "frameworks": [(f.code, f.title, f.grade, f.direction, f.domain) for f in r.frameworks],
        "grade_distribution": sorted((g.code, g.grade, g.forces) for g in r.grade_distribution),
        "findings": [(f.code, f.category, f.item_no, f.parent_item_no, f.text)
                     for f in r.findings],
        "domains": [(d.number, d.title) for d in r.domains],
        "summary_judgements": [(s.domain, s.code, s.title, s.grade, s.direction)
                               for s in r.summary_judgements],
        "good_practice": [(g.code, g.label, g.title, g.problem, g.solution, g.outcome, g.contact)
                          for g in r.good_practice],
        "glossary": [(g.term, g.definition) for g in r.glossary],
        "metadata": [(r.metadata.force, r.metadata.published, r.metadata.period)],
    }


def differences(report: Report, p: Parsed) -> list[str]:
    """What the parse got wrong: for each table, the first rows missing and extra."""
    want, got = report.truth(), tables(p)
    out = []
    for name in want:
        if want[name] == got[name]:
            continue
        missing = [row for row in want[name] if row not in got[name]]
        extra = [row for row in got[name] if row not in want[name]]
        out.append(f"{name}: {len(want[name])} rows printed, {len(got[name])} read; "
                   f"missing {missing[:2]}, extra {extra[:2]}")
    return out


def parse_bytes(data: bytes, name: str = "report.txt", engine: str = "pdfium") -> Parsed:
    if name.endswith(".txt"):
        source: Source = bytes_to_source(data, name, "0" * 64)
    else:
        source = read_bytes(data, name, engine=engine)
    return parse_source(source)


def parse_file(path: Path, engine: str = "pdfium") -> Parsed:
    return parse_bytes(path.read_bytes(), path.name, engine)


def errors(p: Parsed) -> list[str]:
    return [f"{d.check}: {d.message}" for d in p.diagnostics if d.severity == "error"]
