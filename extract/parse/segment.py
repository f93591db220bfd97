"""Stage 3b, segment: ``Block`` in, ``Section`` (the report's hierarchy) out.

The report is front matter, a contents list, narrative chapters, the Summary
of Judgements, seven domains of frameworks (each with a grade table, a
national grade distribution, narrative, findings and boxes), and appendices.
Headings are recognised by shape and by what follows them, never by one
report's wording: a framework heading counts only when a grade table follows
it, a domain heading only when a framework of that domain follows it.
"""

from __future__ import annotations

from dataclasses import dataclass

from extract.model import Block
from extract.parse.blocks import is_heading, is_prose
from extract.parse.patterns import PATTERNS, fold

# How many blocks after a framework heading its grade table may appear.
_GRADE_TABLE_REACH = 4


@dataclass(frozen=True, slots=True)
class Section:
    """A run of blocks with one role.

    ``kind`` is one of: front, contents, narrative, summary, domain,
    framework. ``path`` is the heading path (chapter, sub-heading) for
    narrative; ``code`` the framework code for framework sections.
    """

    kind: str
    path: tuple[str, ...]
    blocks: tuple[Block, ...]
    heading: Block | None = None
    code: str | None = None


def _match(name: str, block: Block) -> bool:
    return block.kind == "text" and bool(PATTERNS[name].match(fold(block.text)))


def _framework_heads(blocks: list[Block], start: int) -> list[int]:
    heads = []
    for i in range(start, len(blocks)):
        block = blocks[i]
        if block.kind != "text" or not PATTERNS["framework"].match(fold(block.text)):
            continue
        reach = blocks[i + 1:i + 1 + _GRADE_TABLE_REACH]
        for later in reach:
            text = fold(later.text)
            if PATTERNS["grade_table_head"].match(text):
                heads.append(i)
                break
            if PATTERNS["framework"].match(text) and later.kind == "text":
                break
    return heads


def _domain_head(blocks: list[Block], i: int, next_code: str | None) -> bool:
    m = PATTERNS["domain"].match(fold(blocks[i].text)) if blocks[i].kind == "text" else None
    return bool(m and next_code and next_code[0] == m["number"])


def blocks_to_sections(blocks: list[Block]) -> list[Section]:
    """Split the block list into the report's sections, in order."""
    contents_at = next((i for i, b in enumerate(blocks) if _match("contents", b)), None)
    body_at = _body_start(blocks, contents_at)
    heads = _framework_heads(blocks, body_at)
    first_framework = heads[0] if heads else len(blocks)
    summary_at = next((i for i in range(body_at, first_framework)
                       if blocks[i].kind in ("text", "table")
                       and PATTERNS["summary_head"].match(fold(blocks[i].text))), None)
    last = heads[-1] if heads else body_at
    appendix_at = next((i for i in range(last + 1, len(blocks))
                        if _match("appendix_head", blocks[i]) and is_heading(blocks[i])),
                       len(blocks))

    sections: list[Section] = []
    front_end = contents_at if contents_at is not None else body_at
    if front_end:
        sections.append(Section("front", (), tuple(blocks[:front_end])))
    if contents_at is not None:
        sections.append(Section("contents", ("Contents",),
                                tuple(blocks[contents_at + 1:body_at]), blocks[contents_at]))
    contents_text = " ".join(fold(b.text).lower() for b in blocks[contents_at or 0:body_at]) \
        if contents_at is not None else ""

    # Narrative up to the summary (or the first domain/framework).
    domain_starts = [i - 1 for i in heads if i > 0 and _domain_head(blocks, i - 1,
                     fold(blocks[i].text)[:2])]
    first_structural = min([first_framework, *domain_starts])
    narrative_end = summary_at if summary_at is not None else first_structural
    sections.extend(_narrative(blocks[body_at:narrative_end], contents_text))
    if summary_at is not None:
        sections.append(Section("summary", ("Summary of Judgements",),
                                tuple(blocks[summary_at + 1:first_structural]),
                                blocks[summary_at]))

    for n, head in enumerate(heads):
        end = heads[n + 1] if n + 1 < len(heads) else appendix_at
        if end - 1 in domain_starts:
            end -= 1
        if head - 1 in domain_starts:
            sections.append(Section("domain", (), (), blocks[head - 1]))
        code = PATTERNS["framework"].match(fold(blocks[head].text))
        assert code is not None
        sections.append(Section("framework", (), tuple(blocks[head + 1:end]),
                                blocks[head], code["code"]))
    if heads:
        sections.extend(_appendices(blocks[appendix_at:], contents_text))
    return sections


def _body_start(blocks: list[Block], contents_at: int | None) -> int:
    """The heading of the first chapter: the last heading before the first prose."""
    start = contents_at + 1 if contents_at is not None else 0
    for i in range(start, len(blocks)):
        if is_prose(blocks[i]):
            j = i
            while j > start and is_heading(blocks[j - 1]) and j == i:
                j -= 1
            return j if contents_at is not None else 0
    return start


def _listed(heading: str, contents_text: str) -> bool:
    """Is ``heading`` a whole entry (word-bounded) of the contents list? Domain
    headings are listed there too but never open a narrative chapter."""
    if PATTERNS["domain"].match(heading):
        return False
    return f" {heading.lower()} " in f" {contents_text} "


def _narrative(blocks: list[Block], contents_text: str, *,
               appendix: bool = False) -> list[Section]:
    """Chapters and their sub-headings. A heading listed in the contents (or an
    appendix heading) opens a chapter; any other heading is a sub-heading."""
    sections: list[Section] = []
    chapter: str | None = None
    heading: Block | None = None
    path: tuple[str, ...] = ()
    run: list[Block] = []

    def flush() -> None:
        if run or heading is not None:
            sections.append(Section("narrative", path, tuple(run), heading))

    for block in blocks:
        if is_heading(block):
            text = fold(block.text)
            top = (_listed(text, contents_text) if contents_text else chapter is None) \
                or (appendix and bool(PATTERNS["appendix_head"].match(text)))
            flush()
            run = []
            heading = block
            if top or chapter is None:
                chapter = text
                path = (text,)
            else:
                path = (chapter, text)
        else:
            run.append(block)
    flush()
    return sections


def _appendices(blocks: list[Block], contents_text: str) -> list[Section]:
    """Appendices after the last framework; a glossary appendix is its own kind."""
    starts = [i for i, b in enumerate(blocks)
              if is_heading(b) and PATTERNS["appendix_head"].match(fold(b.text))]
    sections: list[Section] = []
    for n, start in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else len(blocks)
        head = blocks[start]
        if PATTERNS["glossary_head"].match(fold(head.text)):
            sections.append(Section("glossary", (fold(head.text),),
                                    tuple(blocks[start + 1:end]), head))
        else:
            sections.extend(_narrative(blocks[start:end], contents_text, appendix=True))
    return sections
