"""What extractors leave in text: ligatures, soft hyphens, line-end
hyphenation, no-break spaces, form feeds, CR or CRLF line ends, UTF-16 with a
byte-order mark, and a few invalid bytes in UTF-8. Every report still reads
as printed."""

from __future__ import annotations

import codecs
import sys
from collections.abc import Callable
from dataclasses import replace

import pytest
from conftest import KENT_TXT
from make_layouts import ACROBAT, PDFTOTEXT
from render_text import TextStyle, render
from report_model import Report, durham_2006, wiltshire_2005
from truth import differences, errors, parse_bytes

from extract.model import Line
from extract.output.reports import status_of
from extract.parse.words import Vocabulary, join_lines

REPORT = durham_2006()


@pytest.mark.parametrize("style", [PDFTOTEXT, ACROBAT], ids=["pdftotext", "acrobat"])
def test_ligatures_soft_hyphens_and_no_break_spaces(style: TextStyle) -> None:
    text = render(REPORT, replace(style, ligatures=True, soft_hyphens=True, nbsp=True))
    raw = text.decode()
    assert "\ufb01" in raw and "\ufb00" in raw and "\u00ad" in raw and "\u00a0" in raw
    p = parse_bytes(text)
    assert differences(REPORT, p) == []
    assert p.records is not None
    every = [f.text for f in p.records.findings] + [g.contact or "" for g in
                                                     p.records.good_practice]
    assert not any(ch in t for t in every for ch in "\ufb00\ufb01\ufb02\ufb03\u00ad\u00a0")


@pytest.mark.parametrize("style", [PDFTOTEXT, ACROBAT], ids=["pdftotext", "acrobat"])
def test_line_end_hyphens_dropped_for_split_words_kept_for_compounds(style: TextStyle) -> None:
    raw = render(REPORT, replace(style, hyphenate=True, soft_hyphens=False)).decode()
    ends = [line.rstrip().rsplit(" ", 1)[-1] for line in raw.splitlines()
            if line.rstrip().endswith("-")]
    assert {"perfor-", "improve-", "infor-"} & set(ends)          # typesetter's hyphens
    assert {"cost-", "co-", "multi-", "anti-"} & set(ends)        # compounds' own
    assert differences(REPORT, parse_bytes(raw.encode())) == []


def test_hyphenation_decided_by_the_reports_own_words() -> None:
    words = {"improvement", "effective", "crime", "cost-effective"}
    assert join_lines(["an improve-", "ment plan"], words) == "an improvement plan"
    assert join_lines(["a cost-", "effective plan"], words) == "a cost-effective plan"
    assert join_lines(["non-", "crime incidents"], words) == "non-crime incidents"
    assert join_lines(["perfor-", "mance"], words) == "performance"
    assert join_lines(["well-", "established"], words) == "well-established"
    # Common syllables are no prefix: with neither form in the report, the
    # second half decides, and "vention" and "cruitment" are no words.
    assert join_lines(["an inter-", "vention"], words) == "an intervention"
    assert join_lines(["re-", "cruitment drives"], words) == "recruitment drives"
    assert join_lines(["re-", "launch"], {"launch"}) == "re-launch"


LINE_ENDS = {"LF": "\n", "CRLF": "\r\n", "CR": "\r"}


@pytest.mark.parametrize("ending", sorted(LINE_ENDS))
@pytest.mark.parametrize("form_feed", [True, False], ids=["form-feeds", "no-form-feeds"])
def test_line_ends_and_form_feeds(ending: str, form_feed: bool) -> None:
    p = parse_bytes(render(REPORT, replace(PDFTOTEXT, newline=LINE_ENDS[ending],
                                           form_feed=form_feed)))
    assert differences(REPORT, p) == []
    assert p.records is not None and p.clean is not None
    if form_feed:   # pages counted from the form feeds, findings on their pages
        assert all(f.span.page_start for f in p.records.findings)
        assert p.clean.last_page == p.clean.pages[-1].page > 20


@pytest.mark.parametrize("bom", [codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF8],
                         ids=["utf-16-le", "utf-16-be", "utf-8-sig"])
def test_a_byte_order_mark_decides_the_encoding(bom: bytes) -> None:
    encoding = {codecs.BOM_UTF16_LE: "utf-16-le", codecs.BOM_UTF16_BE: "utf-16-be",
                codecs.BOM_UTF8: "utf-8"}[bom]
    data = bom + render(REPORT, ACROBAT).decode().encode(encoding)
    p = parse_bytes(data)
    assert differences(REPORT, p) == [] and errors(p) == []
    assert status_of(p.diagnostics) == "ok"


@pytest.mark.parametrize("source", ["durham", "kent"])
def test_a_few_invalid_bytes_in_utf8_are_replaced_not_misread(source: str) -> None:
    """UTF-8 with a few damaged bytes is still UTF-8: every other character is
    read as it is (not as cp1252), the bad bytes are replaced, and a warning
    says so."""
    clean = render(REPORT, ACROBAT) if source == "durham" else KENT_TXT.read_bytes()
    at = clean.index(b"Force Overview and Context") + 5     # in a heading, not a finding
    damaged = clean[:at] + b"\xff\xfe\x92" + clean[at:]
    p = parse_bytes(damaged)
    warning = [d for d in p.diagnostics if d.check == "encoding"]
    assert len(warning) == 1 and "UTF-8" in warning[0].message and "replaced" in \
        warning[0].message
    assert status_of(p.diagnostics) == "warning"
    expected = parse_bytes(clean)
    assert p.records is not None and expected.records is not None
    assert p.records.findings == expected.records.findings   # en dashes and all, as in UTF-8


def test_cp1252_text_is_still_read_as_cp1252() -> None:
    """A file with no valid UTF-8 beyond ASCII is what Windows tools write."""
    text = "Page 1 \u2013 Kent Police \u2013 it\u2019s graded \u2018Good\u2019\n"
    p = parse_bytes(text.encode("cp1252"))
    assert p.source.lines[0].text == text.strip()
    assert [d.check for d in p.diagnostics if d.severity == "warning"][:1] == ["encoding"]


def test_invisible_characters_go() -> None:
    from extract.parse.clean import normalise
    assert normalise("co\u00adordinated e\ufb00ective\u200b work\u00a0done\u00ad") == \
        "coordinated effective work done\u00ad"


def test_odd_spaces_are_every_space_but_the_plain_one_and_the_tab() -> None:
    from extract.parse.patterns import ODD_SPACES
    assert ODD_SPACES == "".join(ch for ch in map(chr, range(sys.maxunicode + 1))
                                 if ch.isspace() and ch not in " \t")


@pytest.mark.parametrize(("make", "page_lines"), [(durham_2006, 47), (wiltshire_2005, 59)],
                         ids=["2006", "2005"])
def test_a_soft_hyphen_at_the_foot_of_a_page_joins_its_word(make: Callable[[], Report],
                                                            page_lines: int) -> None:
    """A word split by a soft hyphen at the last line of a page is one word
    again when the item goes on after the page's furniture (an Acrobat
    export, wrapped at 101 characters, breaks such a word in each report)."""
    report = make()
    raw = render(report, replace(ACROBAT, soft_hyphens=True, hyphenate=True, width=101,
                                 page_lines=page_lines)).decode()
    lines = raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")

    def furniture(line: str) -> bool:
        return "\f" in line or "Baseline Assessment" in line or line.startswith("Page ")

    at_foot = [i for i, line in enumerate(lines[:-1]) if line.rstrip().endswith("\u00ad")
               and furniture(next((x for x in lines[i + 1:] if x.strip()), ""))]
    assert at_foot, "no soft hyphen ends a page in this rendering"
    p = parse_bytes(raw.encode())
    assert differences(report, p) == []
    assert errors(p) == []


@pytest.mark.parametrize("indent", ["  ", "\t"], ids=["spaces", "tab"])
def test_a_word_broken_before_an_indented_line_is_no_evidence(indent: str) -> None:
    """The tail of a word broken at a line end ("accommo-" / "  dation") is
    not a word of the report's, however far the next line is indented, so
    the hyphen goes."""
    lines = [Line(1, "- The force has a reconfiguration of its office accommo-"),
             Line(2, f"{indent}dation, which is reviewed each month.")]
    words = Vocabulary(lines)
    assert "dation" not in words
    assert join_lines([line.text for line in lines], words) == (
        "- The force has a reconfiguration of its office accommodation, which is reviewed "
        "each month.")
