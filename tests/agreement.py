"""How closely two parses of one report agree, and whether PDF rows point at
the right pages. Shared by the Kent tests and the other-producer tests."""

from __future__ import annotations

from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
from source_sections import words

from extract.pipeline import Parsed


def key_tables(p: Parsed) -> dict[str, list[tuple[Any, ...]]]:
    """The tables that must agree exactly between a PDF and its text."""
    r = p.records
    assert r is not None
    return {
        "frameworks": [(f.domain, f.code, f.title, f.grade, f.direction) for f in r.frameworks],
        "grade_distribution": [(g.code, g.grade, g.forces) for g in r.grade_distribution],
        "summary_judgements": [(s.ordinal, s.domain, s.title, s.code, s.grade, s.direction)
                               for s in r.summary_judgements],
    }


def finding_sections(p: Parsed) -> dict[tuple[str, str], list[str]]:
    assert p.records is not None
    out: dict[tuple[str, str], list[str]] = {}
    for f in p.records.findings:
        out.setdefault((f.code, f.category), []).extend(words(f.text))
    return out


def word_agreement(a: list[str], b: list[str]) -> float:
    """Share of words the two sequences have in common, in order."""
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    same = sum(block.size for block in matcher.get_matching_blocks())
    return same / max(len(a), len(b), 1)


def provenance_misses(p: Parsed, pdf_path: Path, step: int = 1) -> list[tuple[str, int]]:
    """Findings whose first words are not on page_start or last words not on page_end,
    read back from the PDF's own text layer."""
    assert p.records is not None
    pdf = pdfium.PdfDocument(str(pdf_path))
    pages = [" ".join(pdf[i].get_textpage().get_text_range().replace("\ufffe", "-").split())
             for i in range(len(pdf))]
    misses = []
    for f in p.records.findings[::step]:
        head, tail = " ".join(f.text.split()[:3]), " ".join(f.text.split()[-2:])
        assert f.span.page_start is not None and f.span.page_end is not None
        if head not in pages[f.span.page_start - 1] or tail not in pages[f.span.page_end - 1]:
            misses.append((f.code, f.item_no))
    return misses
