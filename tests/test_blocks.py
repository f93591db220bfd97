"""Small readable cases for bullets, sub-bullets, wrapped lines and furniture."""

from __future__ import annotations

import pytest

from extract.parse.blocks import lines_to_blocks
from extract.parse.clean import lines_to_clean_text, strip_markup
from extract.parse.patterns import fold
from extract.parse.read.text import text_to_lines
from extract.parse.words import join_lines


def blocks(text: str) -> list[tuple[str, int, str]]:
    clean = lines_to_clean_text(text_to_lines(text), paged=False)
    return [(b.kind, b.level, b.text) for b in lines_to_blocks(clean.lines, clean.wrap_width)]


@pytest.mark.parametrize("marker", ["-", "\u2022", "\uf0b7", "\u27a4"])
def test_bullet_glyphs(marker: str) -> None:
    assert blocks(f"{marker} First item.\n{marker} Second item.") == [
        ("bullet", 0, "First item."), ("bullet", 0, "Second item.")]


def test_sub_bullet_by_indent() -> None:
    got = blocks("- Parent item:\n - child one;\n - child two.\n- Next item.")
    assert [(k, lvl) for k, lvl, _ in got] == [("bullet", 0), ("bullet", 1), ("bullet", 1),
                                               ("bullet", 0)]


def test_wrapped_bullet_lines_join() -> None:
    assert blocks("- A bullet that wraps\n onto a second line.") == [
        ("bullet", 0, "A bullet that wraps onto a second line.")]


def test_bullet_continues_after_blank_line() -> None:
    assert blocks("- A bullet cut by a blank line in the middle of the\n\nsentence, goes on.") == [
        ("bullet", 0, "A bullet cut by a blank line in the middle of the sentence, goes on.")]


def test_furniture_inside_bullet_removed() -> None:
    text = ("- A long bullet about partnership working that carries on across the\n\n"
            "Durham Constabulary \u2013 Baseline Assessment\n\nOctober 2006\n\n"
            "page break and ends here.\n\n"
            "Durham Constabulary \u2013 Baseline Assessment\n\nOctober 2006\n")
    assert blocks(text) == [("bullet", 0, "A long bullet about partnership working that "
                                          "carries on across the page break and ends here.")]


def test_markup_stripped() -> None:
    assert strip_markup("a **significant** and *italic* <u>link</u> x*y") == \
        "a significant and italic link x*y"


def test_hyphen_kept_unless_artefact() -> None:
    words = frozenset({"multiagency"})
    assert join_lines(["co-", "ordinated"], words) == "co-ordinated"
    assert join_lines(["multi-", "agency"], words) == "multiagency"
    assert join_lines(["desk\ufffe", "top"], words) == "desktop"


def test_table_lines_stay_a_table() -> None:
    assert blocks("Grade\tDirection of Travel\nGood\tStable\t") == [
        ("table", 0, "Grade\tDirection of Travel\nGood\tStable")]


def test_fold_equals_split_and_join_for_every_kind_of_space() -> None:
    # fold skips the split for text that is folded already; that shortcut
    # must agree with splitting for every character str.split() breaks on.
    spaces = [chr(c) for c in range(0x110000) if chr(c).isspace()]
    samples = ["plain words", " lead", "trail ", "two  spaces", "\uf0b7 bullet", "",
               *(f"a{c}b" for c in spaces), *(f"{c}x" for c in spaces)]
    fold.cache_clear()
    for text in samples:
        assert fold(text) == " ".join(text.split()), repr(text)


FURNITURE = ("\n\nDurham Constabulary \u2013 Baseline Assessment\n\nOctober 2006\n\n")


@pytest.mark.parametrize(("before", "joined"), [
    ("- The force works with the finance department and the", True),
    ("- Better use of number plate recognition data", False),
    ("- Partners are consulted on the plan, and", True),
])
def test_a_page_break_after_a_line_without_a_full_stop(before: str, joined: bool) -> None:
    """Across a page break, text going on with a capital (a name) is the same
    sentence only where the line before stopped on a word no sentence ends
    on; an item without a full stop, then a paragraph, stay apart."""
    after = "Police Authority staff now meet every month to review the plan together."
    got = blocks(before + FURNITURE + after + FURNITURE)
    assert len(got) == (1 if joined else 2), got


def test_a_row_with_an_empty_first_cell_stays_in_its_table() -> None:
    """A row starting with its tab (the first cell empty) inside a table is a
    row; a tab-indented line away from tables is an indented line."""
    got = blocks("Measure\tKent\n\t12%\nDetections\t25%\n\n"
                 "- An item:\n\t- a sub-item under it.")
    assert [(k, level) for k, level, _ in got] == [("table", 0), ("bullet", 0), ("bullet", 1)]
    assert got[0][2].splitlines() == ["Measure\tKent", "12%", "Detections\t25%"]
