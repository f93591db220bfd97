"""Joining wrapped lines, and mending words broken at a line end.

A hyphen that ends a line is either the typesetter's (``improve-`` +
``ment``: dropped) or part of a compound (``cost-`` + ``effective``: kept).
The report's own vocabulary decides: a word the report spells whole
elsewhere is joined whole, unless it also spells it hyphenated; where the
report has neither form, the hyphen stays when the first half is a prefix
that British usage hyphenates (``co-``, ``re-``, ``multi-``) or the second
half is a word the report uses on its own (``non-`` + ``crime``), and goes
otherwise (``perfor-`` + ``mance``). A soft hyphen (or pdfium's U+FFFE) at a line
end always joins the halves.
"""

from __future__ import annotations

from collections.abc import Container, Sequence

from extract.model import Line
from extract.parse.patterns import BREAK_MARKS, FAST, HYPHENATED_PREFIXES, SOFT_HYPHENS, fold

_SOFT_HYPHENS = SOFT_HYPHENS
_WORD = FAST["word"]
_WORD_CHAR = FAST["word_char"]
_BROKEN = FAST["line_end_break"]


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
                # Words broken at a line end are what is being decided, not evidence.
                self._text = _without_broken_words("\n".join(line.text for line in self._lines))
            self._seen[word] = _has_word(self._text, word)
        return self._seen[word]


def _without_broken_words(text: str) -> str:
    """``text`` with each word broken at a line end ("improve-\\nment") blanked
    out. The breaks are found first and the words around them cut by hand: a
    pattern that matched the words too would be tried at every character."""
    out, begin = [], 0
    for m in _BROKEN.finditer(text):
        start, end = m.start(), m.end()
        while start > begin and (text[start - 1].isalnum() or text[start - 1] == "_"):
            start -= 1
        while end < len(text) and text[end] in " \t":
            end += 1   # the next line's indent ("  dation"): the word's tail is after it
        while end < len(text) and (text[end].isalnum() or text[end] == "_"):
            end += 1
        out += [text[begin:start], " "]
        begin = end
    return "".join([*out, text[begin:]])


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


def keeps_hyphen(head: str, tail: str, words: Container[str]) -> bool:
    """Is ``head``-``tail``, broken at a line end, a compound (keep the hyphen)?"""
    fused, hyphened = (head + tail).lower(), f"{head}-{tail}".lower()
    if hyphened in words:
        return True
    if fused in words:
        return False
    return head.lower() in HYPHENATED_PREFIXES or tail.lower() in words


def join_lines(parts: list[str], words: Container[str]) -> str:
    """Join wrapped lines with a space, mending words broken at the line end."""
    if len(parts) == 1:
        return fold(parts[0])
    folded = [part for part in map(fold, parts) if part]
    # Only a line's last character can break a word, so asking each line for
    # it spares scanning the whole paragraph (the last line's end breaks none).
    if not any(part.endswith(BREAK_MARKS) for part in folded[:-1]):
        return " ".join(folded)
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
                head_word = head[-1].rsplit("-", 1)[-1]
                out = (out + part) if keeps_hyphen(head_word, tail[0], words) \
                    else (out[:-1] + part)
                continue
        out = f"{out} {part}"
    # A soft hyphen left at the very end (a block cut there) is not printed.
    return out.rstrip("".join(_SOFT_HYPHENS))


def carry_on(text: str, last_line: str, more: str, words: Container[str]) -> str:
    """``text``, whose last printed line was ``last_line``, carried on by
    ``more`` across a break (a page's furniture). A soft hyphen that ended
    that line was dropped from ``text`` (it is not printed) but still joins
    the word's halves here."""
    last = last_line.rstrip()
    if last.endswith(_SOFT_HYPHENS) and not text.endswith(_SOFT_HYPHENS):
        text += last[-1]
    return join_lines([text, more], words)
