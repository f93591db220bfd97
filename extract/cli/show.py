"""Human-readable views of one parsed report (``show``) and of one stage (``dump``)."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, is_dataclass
from typing import TextIO

from extract.parse.patterns import FINDING_CATEGORIES
from extract.pipeline import Parsed


def show_report(p: Parsed, out: TextIO) -> None:
    recs = p.records
    assert recs is not None
    meta = recs.metadata
    print(f"{p.source.path}  ({p.source.kind}, {p.source.engine})", file=out)
    facts = (("force", meta.force), ("published", meta.published), ("period", meta.period),
             ("ISBN-13", meta.isbn13), ("ISBN-10", meta.isbn10))
    for label, value in facts:
        print(f"  {label:10} {value or '(not found)'}", file=out)
    counts = Counter((f.code, f.category) for f in recs.findings)
    dist = {(g.code, g.grade): g.forces for g in recs.grade_distribution}
    # Columns as wide as their longest value ("Not Graded", "Not Assessed").
    grade = max([len("grade"), *(len(f.grade or "?") for f in recs.frameworks)])
    direction = max([len("direction"), *(len(f.direction or "?") for f in recs.frameworks)])
    print(f"\n  {'code':4} {'title':50} {'grade':{grade}} {'direction':{direction}} {'P/F/G/E':11}"
          f" {'S':>3} {'WiP':>3} {'AfI':>3}", file=out)
    for f in recs.frameworks:
        d = "/".join(str(dist.get((f.code, g), "-")) for g in ("Poor", "Fair", "Good", "Excellent"))
        c = [counts[(f.code, cat)] for cat in FINDING_CATEGORIES]
        print(f"  {f.code:4} {f.title[:50]:50} {f.grade or '?':{grade}} "
              f"{f.direction or '?':{direction}} {d:11} {c[0]:>3} {c[1]:>3} {c[2]:>3}", file=out)
    print(f"\n  {len(recs.findings)} findings, {len(recs.good_practice)} good practice boxes, "
          f"{len(recs.glossary)} glossary entries, {len(recs.paragraphs)} paragraphs, "
          f"{len(recs.residue)} residue blocks", file=out)
    print("\n  diagnostics:", file=out)
    for diag in p.diagnostics:
        where = f" (page {diag.page}, line {diag.line})" if diag.line is not None else ""
        print(f"    {diag.severity:7} {diag.check}: {diag.message}{where}", file=out)


def _brief(obj: object) -> str:
    if is_dataclass(obj) and not isinstance(obj, type):
        data = asdict(obj)
        data.pop("lines", None)
        return ", ".join(f"{k}={v!r}" for k, v in data.items())
    return repr(obj)


def dump_stage(p: Parsed, stage: str, out: TextIO) -> None:
    if stage == "read":
        for line in p.source.lines:
            gap = "¶" if line.gap_before else " "
            print(f"{line.page or '-':>4} {line.number:>5} {gap} {line.text}", file=out)
    elif stage == "clean":
        assert p.clean is not None
        for line in p.clean.lines:
            gap = "¶" if line.gap_before else " "
            print(f"{line.page or '-':>4} {line.number:>5} {gap} {line.text}", file=out)
    elif stage == "blocks":
        for b in p.blocks:
            s = b.span
            print(f"[{b.kind}{'/' + str(b.level) if b.level else ''}] "
                  f"p{s.page_start} l{s.line_start}-{s.line_end}: {b.text}", file=out)
    elif stage == "segment":
        for sec in p.sections:
            head = sec.heading.text if sec.heading else ""
            print(f"== {sec.kind} {sec.code or ''} {' > '.join(sec.path)} | {head} "
                  f"({len(sec.blocks)} blocks)", file=out)
    elif stage == "records":
        assert p.records is not None
        for name in ("metadata",):
            print(f"{name}: {_brief(getattr(p.records, name))}", file=out)
        for name in ("domains", "frameworks", "grade_distribution", "summary_judgements",
                     "findings", "good_practice", "table_cells", "glossary", "contents",
                     "paragraphs", "residue"):
            for item in getattr(p.records, name):
                print(f"{name}: {_brief(item)}", file=out)
    elif stage == "validate":
        for d in p.diagnostics:
            print(f"{d.severity}\t{d.check}\t{d.message}", file=out)
