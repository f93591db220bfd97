"""The parser never raises on arbitrary or truncated text: it returns diagnostics."""

from __future__ import annotations

from conftest import KENT_TXT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extract.model import Source
from extract.parse.read.text import text_to_lines
from extract.pipeline import parse_source

KENT = KENT_TXT.read_text(encoding="utf-8")
ALPHABET = st.sampled_from(list("abcAB12 \t\n-•*:.()") + ["Grade", "Strengths", "1A ",
                                                       "Page 3", "October 2006", "\uf0b7"])


def _parse(text: str) -> object:
    source = Source("t.txt", "0" * 64, "text", "text", text_to_lines(text))
    parsed = parse_source(source)
    assert parsed.records is not None
    assert any(d.check == "residue_share" for d in parsed.diagnostics)
    return parsed


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(ALPHABET, max_size=200).map("".join))
def test_arbitrary_text(text: str) -> None:
    _parse(text)


@settings(max_examples=40, deadline=None)
@given(st.integers(min_value=0, max_value=len(KENT)), st.integers(min_value=0, max_value=2000))
def test_truncated_and_cut_kent(end: int, cut: int) -> None:
    """Kent cut off anywhere, or with a slice missing from its middle."""
    _parse(KENT[:end])
    _parse(KENT[: end // 2] + KENT[end // 2 + cut:])
