"""An independent reading of the Kent text for cross-checks: raw line scans
with their own small rules, deliberately not the parser's code."""

from __future__ import annotations

import re
from pathlib import Path

HEADINGS = {"strengths": "strength", "work in progress": "work_in_progress",
            "areas for improvement": "area_for_improvement"}
_FURNITURE = re.compile(r"^(.+ - Baseline Assessment|[A-Z][a-z]+ \d{4}|Page \d+)$")
_ENDS = re.compile(r"^(\d[A-F] |\d [A-Z]|GOOD PRACTICE$|Audit Commission Use|Appendix )")
_MARKUP = re.compile(r"\*\*|(?<!\w)\*|\*(?!\w)|</?u>")
_WORD = re.compile(r"[\w'’&%£./()-]+")
_MARKER = re.compile(r"^\s*(?:[-•\uf0b7➤]|\d\.)\s+")


def words(text: str) -> list[str]:
    return [w.strip(".,;:()'’").lower() for w in _WORD.findall(text) if w.strip(".,;:()'’")]


def findings_sections(path: Path) -> dict[tuple[str, str], list[str]]:
    """(framework code, category) -> the section's words, read straight off the file."""
    sections: dict[tuple[str, str], list[str]] = {}
    texts: dict[tuple[str, str], list[str]] = {}
    code = None
    current: tuple[str, str] | None = None
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = _MARKUP.sub("", raw).strip()
        if not line or _FURNITURE.match(line):
            continue
        m = re.match(r"^(\d[A-F]) ", line)
        if m and "\t" not in raw:
            code, current = m.group(1), None
            continue
        if line.lower() in HEADINGS and code:
            current = (code, HEADINGS[line.lower()])
            texts.setdefault(current, [])
            continue
        if _ENDS.match(line) or line.startswith("Appendix"):
            current = None
            continue
        if current:
            texts[current].append(_MARKER.sub("", line))
    for key, parts in texts.items():
        # A word broken after its hyphen at a line end is one word ("cost-effective").
        sections[key] = words(re.sub(r"(?<=\w)-\n", "-", "\n".join(parts)))
    return sections


def grade_tables(path: Path) -> dict[str, tuple[str, str]]:
    """code -> (grade, direction) from the line after each 'Grade<TAB>Direction' line."""
    lines = path.read_text(encoding="utf-8").splitlines()
    out: dict[str, tuple[str, str]] = {}
    code = None
    for i, raw in enumerate(lines):
        m = re.match(r"^(\d[A-F]) ", raw)
        if m and "\t" not in raw:
            code = m.group(1)
        if raw.startswith("Grade\tDirection") and code:
            cells = [c for c in lines[i + 1].split("\t") if c]
            out[code] = (cells[0], cells[1])
    return out
