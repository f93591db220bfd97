"""Stage 3a, blocks: body ``Line`` in, ``Block`` (paragraph, bullet, table) out.

A block ends at a paragraph gap, a new bullet, or a switch between table
lines (tab-separated cells) and prose. Wrapped lines are joined; a hyphen at
a line end is dropped only when the report itself spells the word without it
elsewhere, so ``co-ordinated`` and ``anti-social`` keep theirs. A block cut
in two by a page break or a stray blank line is joined back afterwards.
"""

from __future__ import annotations

import re
from collections.abc import Container, Sequence

from extract.model import Block, Line
from extract.parse.patterns import BULLET_MARKERS, PATTERNS, fold

# The stdlib engine: this pattern needs nothing more and runs faster there.
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_WORD_CHAR = re.compile(r"[\w-]")
_SOFT_HYPHENS = ("\ufffe", "\u00ad", "\u2010")
_LINE_END_BREAKS = (*_SOFT_HYPHENS, "-")
_BREAKS_BEFORE_NEWLINE = tuple(f"{mark}\n" for mark in _LINE_END_BREAKS)
_SENTENCE_END = PATTERNS["sentence_end"]
_BULLET_FIRST = frozenset(BULLET_MARKERS + "0123456789")
# How far right (in points) a PDF line must start to count as indented.
_INDENT_STEP = 6.0


class Vocabulary:
    """Does the report spell this word anywhere? Evidence for de-hyphenation.

    Asked only at a hyphen that ends a line, which most text files never
    have, so the report's text is joined on first use and each word is looked
    up as a plain substring before the whole-word check. ``word`` is lower case.
    """

    def __init__(self, lines: Sequence[Line]) -> None:
        self._lines = lines
        self._text: str | None = None
        self._seen: dict[str, bool] = {}

    def __contains__(self, word: object) -> bool:
        if not isinstance(word, str):
            return False
        if word not in self._seen:
            if self._text is None:
                self._text = "\n".join(line.text for line in self._lines)
            self._seen[word] = _has_word(self._text, word)
        return self._seen[word]


def _has_word(text: str, word: str) -> bool:
    """Is ``word`` (lower case) in ``text`` as a whole word, in lower case,
    capitalised or in capitals? Lower-casing the whole report costs more than
    scanning for these forms, and the first two share all but one letter, so
    two scans serve all three."""
    return (_found(text, word[1:], {word[:1], word[:1].upper()})
            or _found(text, word.upper(), {""}))


def _found(text: str, rest: str, firsts: set[str]) -> bool:
    """Is one of ``firsts`` followed by ``rest`` in ``text``, not inside a longer word?"""
    lead = len(next(iter(firsts)))
    start = text.find(rest, lead)
    while start != -1:
        begin, end = start - lead, start + len(rest)
        if text[begin:start] in firsts and not _WORD_CHAR.match(text[begin - 1:begin]) \
                and not _WORD_CHAR.match(text[end:end + 1]):
            return True
        start = text.find(rest, start + 1)
    return False


def join_lines(parts: list[str], words: Container[str]) -> str:
    """Join wrapped lines with a space, mending words broken at the line end."""
    if len(parts) == 1:
        return fold(parts[0])
    folded = [part for part in map(fold, parts) if part]
    # Folded parts hold no newline, so joining on one finds every line end at once.
    joined = "\n".join(folded)
    if not any(mark in joined for mark in _BREAKS_BEFORE_NEWLINE):
        return joined.replace("\n", " ")
    out = ""
    for part in folded:
        if not out:
            out = part
            continue
        if out.endswith(_SOFT_HYPHENS):
            out = out[:-1] + part
            continue
        if out.endswith("-") and len(out) > 1 and out[-2].isalpha() and part[:1].islower():
            head = _WORD.findall(out[:-1])
            tail = _WORD.findall(part)
            if head and tail:
                fused = (head[-1] + tail[0]).lower()
                hyphened = f"{head[-1]}-{tail[0]}".lower()
                out = (out[:-1] + part) if fused in words and hyphened not in words \
                    else out + part
                continue
        out = f"{out} {part}"
    return out


def _is_table_line(text: str) -> bool:
    return "\t" in text.strip(" ") and bool(text.replace("\t", "").strip())


def _block(kind: str, lines: list[Line], begin: int, end: int, first: str, level: int,
           marker: str, words: Container[str]) -> Block:
    """The block of ``lines[begin:end]``, whose first line reads ``first``
    (a bullet's text without its marker)."""
    parts = [first, *(line.text for line in lines[begin + 1:end])]
    if kind == "table":
        text = "\n".join("\t".join(c for c in map(fold, p.split("\t")) if c) for p in parts)
    else:
        text = join_lines(parts, words)
    return Block(kind, text, tuple(lines[begin:end]), level, marker)


def _bullet_level(line: Line, indent: str, top_x0: float | None) -> int:
    if line.x0 is not None:
        return int(top_x0 is not None and line.x0 > top_x0 + _INDENT_STEP)
    return int(len(indent.expandtabs(4)) > 0)


def lines_to_blocks(lines: list[Line]) -> list[Block]:
    """Group body lines into blocks, then join blocks split by page breaks.

    A block is a run of consecutive lines, so it is kept as the index of its
    first line and made when the next block opens.
    """
    words = Vocabulary(lines)
    blocks: list[Block] = []
    kind, first, level, marker, begin = "", "", 0, "", 0
    top_x0: float | None = None
    for i, line in enumerate(lines):
        raw = line.text
        table = "\t" in raw and _is_table_line(raw)
        # Most lines cannot open a bullet; their first character says so cheaply.
        bullet = None if table or raw.lstrip(" \t")[:1] not in _BULLET_FIRST \
            else PATTERNS["bullet"].match(raw)
        if bullet:
            bullet_level = _bullet_level(line, bullet["indent"], top_x0)
            if bullet_level == 0 and line.x0 is not None:
                top_x0 = line.x0
            opens = ("bullet", bullet["text"], bullet_level, bullet["marker"])
        elif table:
            if kind == "table" and i and not line.gap_before:
                continue
            opens = ("table", raw, 0, "")
        elif line.gap_before or not i or kind == "table":
            # A text-file line indented after a gap is a bullet whose glyph was lost.
            indented = line.x0 is None and raw[:1] in (" ", "\t") and line.gap_before
            opens = ("bullet" if indented else "text", raw, 0, "")
        else:
            continue
        if i:
            blocks.append(_block(kind, lines, begin, i, first, level, marker, words))
        (kind, first, level, marker), begin = opens, i
    if lines:
        blocks.append(_block(kind, lines, begin, len(lines), first, level, marker, words))
    return join_broken_blocks(blocks, words)


def ends_sentence(text: str) -> bool:
    """Does ``text`` end a sentence ("…at force level." / "…as follows:")?"""
    # The pattern spans at most the last three characters (a stop, a closing
    # quote, a final newline); searching only those spares a scan of the
    # whole paragraph, which the regex engine would try position by position.
    return _SENTENCE_END.search(text[-3:]) is not None


def is_heading(block: Block) -> bool:
    """A short one-idea line with no sentence ending: a heading by shape."""
    if block.kind != "text":
        return False
    text = fold(block.text)
    if not text or len(text) > 110 or len(text.split()) > 16:
        return False
    if ends_sentence(text) or text.endswith(","):
        return False
    first = text[0]
    return first.isupper() or first in "0123456789("


def is_prose(block: Block) -> bool:
    """Running sentences, as opposed to a heading or a contents entry."""
    text = fold(block.text)
    return (block.kind in ("text", "bullet") and len(text.split()) >= 8
            and ends_sentence(text) and "." in text)


def _continues(prev: Block, block: Block) -> bool:
    """Does ``block`` carry on the sentence ``prev`` left unfinished?"""
    if block.kind != "text" or prev.kind == "table" or len(block.text.strip()) < 2:
        return False
    end = prev.text.rstrip()
    if not end or ends_sentence(end):
        return False
    start = block.text[:1]
    hanging = (prev.kind == "bullet" and prev.first.x0 is not None
               and block.first.x0 is not None and block.first.x0 > prev.first.x0 + 4)
    if hanging:
        return True
    long_enough = prev.kind == "bullet" or len(prev.text.split()) >= 8
    if not long_enough:
        return False
    if start.islower():
        return True
    return (start in "0123456789" and not is_heading(block)
            and (end[-1].islower() or end[-1] == ","))


def join_broken_blocks(blocks: list[Block], words: Container[str]) -> list[Block]:
    out: list[Block] = []
    for block in blocks:
        if out and _continues(out[-1], block):
            prev = out[-1]
            out[-1] = Block(prev.kind, join_lines([prev.text, block.text], words),
                            prev.lines + block.lines, prev.level, prev.marker)
        else:
            out.append(block)
    return out
