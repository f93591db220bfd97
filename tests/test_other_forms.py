"""More forms of the same reports, each of which was once read wrong with
status ``ok``: a tab after the bullet marker, a wide hanging indent in a PDF,
headings with a colon, a numbered sub-heading inside a framework, an item
with no full stop, no contents list, and smaller cases of continuation lines,
boxes, glossaries, the period and encodings."""

from __future__ import annotations

import copy
import re
from dataclasses import replace
from pathlib import Path

import pytest
from make_layouts import ACROBAT, PDFTOTEXT
from render_pdf import DURHAM, PdfStyle
from render_pdf import render as render_pdf
from render_text import TextStyle, render
from report_model import Item, durham_2006
from small import blocks
from test_framework_rules import read
from truth import differences, errors, parse_bytes, parse_file

from extract.output.reports import status_of
from extract.parse.clean import normalise
from extract.parse.read import ENGINES
from extract.parse.records.build import Records
from extract.parse.records.metadata import Front, read_force, read_period
from extract.parse.records.narrative import blocks_to_glossary
from extract.parse.words import join_lines

REPORT = durham_2006()


def pdf_as_printed(style: PdfStyle, engine: str, tmp_path: Path) -> Records:
    """The report typeset in ``style`` and read by ``engine``: every table as
    printed, with no error. Its records, for what a test asks further."""
    p = parse_file(render_pdf(REPORT, style, tmp_path / "report.pdf"), engine)
    assert differences(REPORT, p) == []
    assert errors(p) == []
    assert p.records is not None
    return p.records


@pytest.mark.parametrize(("style", "marker"), [(ACROBAT, "-"), (PDFTOTEXT, "\u2022")],
                         ids=["hyphen", "bullet"])
def test_a_tab_after_the_marker(style: TextStyle, marker: str) -> None:
    text = render(REPORT, replace(style, bullets=(marker,))).decode()
    tabbed = re.sub(rf"(?m)^{re.escape(marker)} ", f"{marker}\t", text)
    assert tabbed != text
    p = parse_bytes(tabbed.encode())
    assert differences(REPORT, p) == [] and errors(p) == []


@pytest.mark.parametrize("engine", ENGINES)
def test_a_wide_hanging_indent_in_a_pdf(engine: str, tmp_path: Path) -> None:
    """36 points from "1." to its text: more than a table's cell gap, and
    still one item, not a row of two cells."""
    path = render_pdf(REPORT, replace(DURHAM, hanging=36.0), tmp_path / "r.pdf")
    assert differences(REPORT, parse_file(path, engine)) == []


def test_findings_headings_with_a_colon() -> None:
    text = render(REPORT, ACROBAT).decode()
    for heading in ("Strengths", "Work in Progress", "Areas for Improvement"):
        text = text.replace(f"\r\n{heading}\r\n", f"\r\n{heading}:\r\n")
    assert differences(REPORT, parse_bytes(text.encode())) == []


def test_a_numbered_sub_heading_inside_a_framework_is_not_a_domain() -> None:
    text = render(REPORT, ACROBAT).decode().replace(
        "\r\nContextual Factors\r\n", "\r\n3 Year Strategy\r\n", 1)
    p = parse_bytes(text.encode())
    assert differences(REPORT, p) == []


def test_an_item_without_a_full_stop_is_still_an_item() -> None:
    report = copy.deepcopy(REPORT)
    report.frameworks[2].findings["Areas for Improvement"].insert(
        1, Item("Better use of number plate recognition data", plain=True))
    for style in (ACROBAT, PDFTOTEXT):
        assert differences(report, parse_bytes(render(report, style))) == []


def test_a_report_without_a_contents_list_keeps_its_title_page() -> None:
    text = render(REPORT, ACROBAT).decode().replace("\r\nContents\r\n", "\r\n", 1)
    p = parse_bytes(text.encode())
    assert p.records is not None
    assert (p.records.metadata.isbn13, p.records.metadata.force) == (
        "978-1-84726-048-2", "Durham Constabulary")
    assert differences(REPORT, p) == []


def test_a_bullet_carried_over_a_blank_line_with_its_continuation_indented() -> None:
    recs = read("Strengths\n\n- The force has built a shared\n\n information hub with "
                "partners.\n- A second strength.\n")
    assert [f.text for f in recs.findings] == [
        "The force has built a shared information hub with partners.", "A second strength."]


WRAPPED = ("Strengths\n\n"
           "\u2022 The force has strengthened its arrangements for neighbourhood policing in\n"
           "\u2013 agreed with partners and the Police Authority \u2013 each of its six basic\n"
           "command units, and its effect on satisfaction is measured every quarter of the\n"
           "year by the performance review team, which reports to the chief officer team.\n"
           "\u2022 A second strength, set out on a line of its own, that ends with a stop.\n"
           "\u2022 The force control room monitors a difficult but necessary reconfiguration\n"
           "of its office accommodation, and its effect is measured every quarter of year.\n")


def test_a_wrapped_line_that_starts_with_a_dash_goes_on() -> None:
    recs = read(WRAPPED)
    assert [f.text[:40] for f in recs.findings] == [
        "The force has strengthened its arrangeme", "A second strength, set out on a line of ",
        "The force control room monitors a diffic"]
    assert "in \u2013 agreed with partners" in recs.findings[0].text


def test_a_good_practice_box_ends_after_its_contact() -> None:
    recs = read("GOOD PRACTICE\n\nTITLE: Hub\n\nPROBLEM: Data unseen.\n\nSOLUTION:\n\nA hub.\n\n"
                "OUTCOME(S):\n\nFaster.\n\nFORCE CONTACT: Insp A\n\nNational Position\n\n"
                "The force compares well with its peers on most measures of this work.\n")
    assert recs.good_practice[0].contact == "Insp A"
    assert [p.heading_path for p in recs.paragraphs] == [("Volume Crime Reduction",
                                                          "National Position")]


def test_glossary_terms_of_one_capital_each_a_paragraph() -> None:
    entries, _ = blocks_to_glossary(blocks("Airwave the police radio network\n\n"
                                           "Bichard the inquiry into police records\n\n"
                                           "ACPO Association of Chief Police Officers,\n"
                                           "the chief officers' body\n"))
    assert [(e.term, e.definition) for e in entries] == [
        ("Airwave", "the police radio network"), ("Bichard", "the inquiry into police records"),
        ("ACPO", "Association of Chief Police Officers, the chief officers' body")]


def test_the_stated_period_before_other_financial_years() -> None:
    front = Front([], None, None, "the period 1 April 2005 to 31 March 2006, against the "
                                  "financial year 2004/05 budget")
    assert read_period(front, None) == "2005/06"


@pytest.mark.parametrize("name", ["City of London Police", "Avon and Somerset Constabulary",
                                  "Metropolitan Police Service"])
def test_force_names_with_small_words(name: str) -> None:
    assert read_force(Front(["Baseline Assessment", name], None, None, "")) == name


def test_unicode_hyphens_are_hyphens() -> None:
    words = {"cost-effective", "effective"}
    assert join_lines([normalise("a cost\u2010"), "effective plan"], words) == \
        "a cost-effective plan"
    assert normalise("non\u2011crime") == "non-crime"


def test_a_byte_order_mark_and_unmapped_glyphs_are_no_encoding_fault() -> None:
    """U+FFFD bullet glyphs are text, not damaged bytes."""
    data = "\ufeff" + render(REPORT, replace(ACROBAT, bullets=("\ufffd",))).decode()
    p = parse_bytes(data.encode("utf-16-le"))
    assert differences(REPORT, p) == [] and status_of(p.diagnostics) == "ok"


def test_a_good_practice_box_with_no_space_between_its_fields_in_text() -> None:
    """Every blank line inside each box gone: its fields are one block of
    lines, each field still opens where its label opens a line."""
    text = render(REPORT, ACROBAT).decode()
    packed, n = re.subn(r"(?s)(TITLE:.*?FORCE CONTACT:[^\r\n]*)",
                        lambda m: re.sub(r"(\r\n)(?:\r\n)+", r"\1", m[1]), text)
    assert n == len(REPORT.truth()["good_practice"]) and packed != text
    p = parse_bytes(packed.encode())
    assert differences(REPORT, p) == []
    assert errors(p) == []


@pytest.mark.parametrize("engine", ENGINES)
def test_a_good_practice_box_set_with_no_paragraph_spacing(engine: str, tmp_path: Path) -> None:
    """A PDF set with no space between paragraphs: a box's fields run on
    line after line, and each is still read into its own column."""
    records = pdf_as_printed(replace(DURHAM, size=9.5, leading=13.78, spacing=0.0), engine,
                             tmp_path)
    assert records.good_practice
    assert all(box.problem and box.solution and box.outcome and box.contact
               for box in records.good_practice)


@pytest.mark.parametrize(("style", "page_lines"), [(PDFTOTEXT, 29), (ACROBAT, 26)],
                         ids=["pdftotext", "acrobat"])
def test_a_good_practice_field_cut_by_a_page_break(style: TextStyle, page_lines: int) -> None:
    """Wrapped at 63 characters, a box's field runs over a page's foot: the
    field is one paragraph again, with no line break left in its value."""
    p = parse_bytes(render(REPORT, replace(style, page_lines=page_lines, width=63,
                                           continuation="   ")))
    assert p.records is not None
    assert any(box.span.page_end != box.span.page_start for box in p.records.good_practice)
    assert differences(REPORT, p) == []
    assert errors(p) == []


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("hanging", [12.0, 18.0])
def test_flush_sub_items_under_a_dingbat_list(engine: str, hanging: float,
                                              tmp_path: Path) -> None:
    """Items marked with a ZapfDingbats glyph, their sub-items set flush with
    a text-font bullet: two markers, two levels, through both engines (one
    gives the dingbat in the private-use area, as symbol fonts' glyphs sit)."""
    style = replace(DURHAM, bullets=("dingbat", "a)", "(i)"), sub_bullet="\u2022",
                    hanging=hanging, footer="Page {page}")
    records = pdf_as_printed(style, engine, tmp_path)
    assert any(f.parent_item_no is not None for f in records.findings)


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("hanging", [18.0, 24.0])
def test_an_asterisk_marker_far_left_of_its_text(engine: str, hanging: float,
                                                 tmp_path: Path) -> None:
    """A raised "*" set far left of its item (pdfium may give it a line of
    its own): it stands on the item's baseline, so it opens the item, and
    never stays in its text."""
    records = pdf_as_printed(replace(DURHAM, sub_bullet="*", hanging=hanging), engine, tmp_path)
    assert not any(f.text.startswith("*") for f in records.findings)
