"""Stage 3b, segment: ``Block`` in, ``Section`` (the report's hierarchy) out.

The report is front matter, a contents list, narrative chapters, the Summary
of Judgements, seven domains of frameworks (each with a grade table, a
national grade distribution, narrative, findings and boxes), and appendices.

Segmenting is two steps: find the landmarks (each by its own small rule),
then cut the blocks at them. Headings are recognised by shape and by what
they mean, never by one report's wording or layout: a framework heading is a
heading-shaped ``1A Title`` line that either opens a grade table or follows
the frameworks before it in code order, so a framework whose grade table is
laid out unexpectedly is still its own section, never part of the one before.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from extract.model import Block
from extract.parse.blocks import is_heading, is_prose
from extract.parse.patterns import PATTERNS, fold

# Blocks after a framework heading within which its grade table must start
# for the heading to count on that evidence alone (a heading, a page break's
# stray line, the table's header cell).
GRADE_TABLE_REACH = 4
# Blocks before a domain's first framework within which its domain heading
# may stand (a short introduction to the domain may come between).
DOMAIN_HEAD_REACH = 3


@dataclass(frozen=True, slots=True)
class Section:
    """A run of blocks with one role.

    ``kind`` is one of: front, contents, narrative, summary, domain,
    framework, glossary, tables. ``path`` is the heading path (chapter,
    sub-heading) for narrative; ``code`` the framework code for framework
    sections.
    """

    kind: str
    path: tuple[str, ...]
    blocks: tuple[Block, ...]
    heading: Block | None = None
    code: str | None = None


@dataclass(slots=True)
class Landmarks:
    """Where each part of the report starts (block indices)."""

    contents: int | None
    body: int
    summary: int | None = None
    frameworks: list[int] = field(default_factory=list)
    # domain head -> the framework head it opens, or -1 when none follows
    domains: dict[int, int] = field(default_factory=dict)
    appendix: int = 0

    def first_structure(self, default: int) -> int:
        """Where the domains and frameworks begin."""
        return min([*self.frameworks[:1], *self.domains], default=default)


def _text(block: Block) -> str:
    return fold(block.text) if block.kind == "text" else ""


def _match(name: str, block: Block) -> bool:
    return block.kind == "text" and bool(PATTERNS[name].match(fold(block.text)))


def _order(code: str) -> tuple[int, str]:
    return int(code[0]), code[1]


# --- landmark rules ---------------------------------------------------------------
def find_contents(blocks: list[Block]) -> int | None:
    """The "Contents" heading."""
    return next((i for i, b in enumerate(blocks) if _match("contents", b)), None)


def find_body(blocks: list[Block], contents: int | None) -> int:
    """The heading of the first chapter: the heading just before the first
    prose (after the contents list, where there is one). What comes before
    it is the front matter, whose title page the metadata is read from."""
    start = contents + 1 if contents is not None else 0
    for i in range(start, len(blocks)):
        if is_prose(blocks[i]):
            return i - 1 if i > start and is_heading(blocks[i - 1]) else i
    return start


def opens_grade_table(blocks: list[Block], i: int) -> bool:
    """Does a grade table start within reach after block ``i``?"""
    for later in blocks[i + 1:i + 1 + GRADE_TABLE_REACH]:
        text = fold(later.text)
        if PATTERNS["grade_table_head"].match(text):
            return True
        if later.kind == "text" and PATTERNS["framework"].match(text):
            return False
    return False


def _under_domain_heading(blocks: list[Block], i: int, number: str) -> bool:
    """Does a heading of domain ``number`` stand a little before block ``i``?"""
    for j in range(i - 1, max(-1, i - 1 - DOMAIN_HEAD_REACH), -1):
        m = PATTERNS["domain"].match(_text(blocks[j]))
        if m:
            return bool(m["number"] == number)
    return False


def find_frameworks(blocks: list[Block], start: int) -> list[int]:
    """Framework headings: heading-shaped ``1A Title`` blocks that open a grade
    table or stand under their domain's heading, and after the first of them
    any that follow the last one found in code order (their table may be
    unreadable, but they are frameworks all the same). A summary table that
    prints codes comes before the first domain heading, so it is not taken.
    A heading that repeats a code is kept, so that its content is not
    credited to the framework before it; the validator names the repeat."""
    heads: list[int] = []
    last: tuple[int, str] | None = None
    for i in range(start, len(blocks)):
        block = blocks[i]
        m = PATTERNS["framework"].match(_text(block)) if block.kind == "text" else None
        if not m or not is_heading(block):
            continue
        order = _order(m["code"])
        anchored = opens_grade_table(blocks, i) or _under_domain_heading(blocks, i,
                                                                         m["code"][0])
        if anchored or (last is not None and order >= last):
            heads.append(i)
            last = max(order, last) if last else order
    return heads


def listed_domains(blocks: list[Block], contents: int | None, body: int) -> set[str]:
    """The domain headings the contents list names, folded: "2 reducing crime"."""
    if contents is None:
        return set()
    return {f"{m['number']} {fold(m['title']).lower()}" for block in blocks[contents + 1:body]
            for line in block.lines if (m := PATTERNS["domain"].match(fold(line.text)))}


def find_domains(blocks: list[Block], heads: list[int], end: int,
                 listed: set[str] | None = None) -> dict[int, int]:
    """Domain headings ("3 Investigating Crime (Domain 2)"), each with the
    framework heading it opens, or -1 when no framework of its own follows it
    (its frameworks' headings were not recognised). One counts when it stands
    a little before a framework of its number, or, among the frameworks, when
    the contents list names it: a numbered sub-heading ("3 Year Strategy")
    is neither. Either way it ends the framework before it."""
    listed = listed or set()
    out: dict[int, int] = {}
    first = heads[0] if heads else end
    last_number = 0
    following = iter([*heads, end])
    nxt = next(following)
    for j in range(first - DOMAIN_HEAD_REACH, end):
        while nxt <= j:
            nxt = next(following)
        if j < 0 or not is_heading(blocks[j]):
            continue
        m = PATTERNS["domain"].match(_text(blocks[j]))
        if not m or int(m["number"]) <= last_number:
            continue
        opens = nxt if nxt < end and nxt - j <= DOMAIN_HEAD_REACH \
            and fold(blocks[nxt].text)[:1] == m["number"] else -1
        named = f"{m['number']} {fold(m['title']).lower()}" in listed
        if opens != -1 or (j > first and named):
            out[j] = opens
            last_number = int(m["number"])
    return out


def find_summary(blocks: list[Block], start: int, end: int) -> int | None:
    return next((i for i in range(start, end) if blocks[i].kind in ("text", "table")
                 and PATTERNS["summary_head"].match(fold(blocks[i].text))), None)


def find_appendix(blocks: list[Block], after: int) -> int:
    return next((i for i in range(after + 1, len(blocks))
                 if _match("appendix_head", blocks[i]) and is_heading(blocks[i])), len(blocks))


def find_landmarks(blocks: list[Block]) -> Landmarks:
    contents = find_contents(blocks)
    marks = Landmarks(contents, find_body(blocks, contents))
    marks.frameworks = find_frameworks(blocks, marks.body)
    marks.appendix = find_appendix(blocks, marks.frameworks[-1] if marks.frameworks
                                   else len(blocks))
    marks.domains = find_domains(blocks, marks.frameworks, marks.appendix,
                                 listed_domains(blocks, contents, marks.body))
    marks.summary = find_summary(blocks, marks.body, marks.first_structure(len(blocks)))
    return marks


# --- cutting at the landmarks -------------------------------------------------------
def blocks_to_sections(blocks: list[Block]) -> list[Section]:
    """Split the block list into the report's sections, in order."""
    marks = find_landmarks(blocks)
    contents_text = _contents_text(blocks, marks)
    sections = _front_and_contents(blocks, marks)
    first = marks.first_structure(len(blocks))
    sections.extend(narrative(blocks[marks.body:marks.summary if marks.summary is not None
                                     else first], contents_text))
    if marks.summary is not None:
        sections.append(Section("summary", ("Summary of Judgements",),
                                tuple(blocks[marks.summary + 1:first]), blocks[marks.summary]))
    sections.extend(_frameworks(blocks, marks))
    if marks.frameworks:
        sections.extend(appendices(blocks[marks.appendix:], contents_text))
    return sections


def _contents_text(blocks: list[Block], marks: Landmarks) -> str:
    if marks.contents is None:
        return ""
    return " ".join(fold(b.text).lower() for b in blocks[marks.contents:marks.body])


def _front_and_contents(blocks: list[Block], marks: Landmarks) -> list[Section]:
    sections: list[Section] = []
    front_end = marks.contents if marks.contents is not None else marks.body
    if front_end:
        sections.append(Section("front", (), tuple(blocks[:front_end])))
    if marks.contents is not None:
        sections.append(Section("contents", ("Contents",),
                                tuple(blocks[marks.contents + 1:marks.body]),
                                blocks[marks.contents]))
    return sections


def _frameworks(blocks: list[Block], marks: Landmarks) -> list[Section]:
    """Each domain and framework with its blocks, up to the next domain or
    framework heading (or the appendices)."""
    sections: list[Section] = []
    starts = sorted([*marks.frameworks, *marks.domains])
    for n, start in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else marks.appendix
        head = blocks[start]
        if start in marks.domains:
            sections.append(Section("domain", (), tuple(blocks[start + 1:end]), head))
            continue
        code = PATTERNS["framework"].match(fold(head.text))
        assert code is not None
        sections.append(Section("framework", (), tuple(blocks[start + 1:end]), head,
                                code["code"]))
    return sections


def _listed(heading: str, contents_text: str) -> bool:
    """Is ``heading`` a whole entry (word-bounded) of the contents list? Domain
    headings are listed there too but never open a narrative chapter."""
    if PATTERNS["domain"].match(heading):
        return False
    return f" {heading.lower()} " in f" {contents_text} "


def narrative(blocks: list[Block], contents_text: str, *,
              appendix: bool = False) -> list[Section]:
    """Chapters and their sub-headings. A heading listed in the contents (or an
    appendix heading) opens a chapter; any other heading is a sub-heading,
    except inside a grid: under a heading whose first block is a table, a
    heading-shaped fragment followed by more table is one of the grid's cells
    (a PDF's multi-column grid breaks into such fragments)."""
    sections: list[Section] = []
    chapter: str | None = None
    heading: Block | None = None
    path: tuple[str, ...] = ()
    run: list[Block] = []
    for n, block in enumerate(blocks):
        if not is_heading(block):
            run.append(block)
            continue
        text = fold(block.text)
        top = (_listed(text, contents_text) if contents_text else chapter is None) \
            or (appendix and bool(PATTERNS["appendix_head"].match(text)))
        following = blocks[n + 1] if n + 1 < len(blocks) else None
        if not top and run and run[0].kind == "table" and following is not None \
                and following.kind == "table":
            run.append(block)
            continue
        if run or heading is not None:
            sections.append(Section("narrative", path, tuple(run), heading))
        run, heading = [], block
        if top or chapter is None:
            chapter, path = text, (text,)
        else:
            path = (chapter, text)
    if run or heading is not None:
        sections.append(Section("narrative", path, tuple(run), heading))
    return sections


def appendices(blocks: list[Block], contents_text: str) -> list[Section]:
    """Appendices after the last framework: a glossary appendix and a tables
    appendix ("Appendix 1 Performance Tables") are kinds of their own."""
    starts = [i for i, b in enumerate(blocks)
              if is_heading(b) and PATTERNS["appendix_head"].match(fold(b.text))]
    sections: list[Section] = []
    for n, start in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else len(blocks)
        head = blocks[start]
        title = fold(head.text)
        if PATTERNS["glossary_head"].match(title):
            sections.append(Section("glossary", (title,), tuple(blocks[start + 1:end]), head))
        elif PATTERNS["tables_appendix_head"].match(title):
            sections.append(Section("tables", (title,), tuple(blocks[start + 1:end]), head))
        else:
            sections.extend(narrative(blocks[start:end], contents_text, appendix=True))
    return sections
