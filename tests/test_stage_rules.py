"""Per-rule tests for segmenting, metadata and the Summary of Judgements,
each on a few lines written here."""

from __future__ import annotations

from small import blocks

from extract.model import Line
from extract.parse.records.metadata import (
    Front,
    isbn_valid,
    read_force,
    read_isbns,
    read_period,
    read_published,
)
from extract.parse.records.summary import summary_rows
from extract.parse.segment import (
    blocks_to_sections,
    find_body,
    find_contents,
    find_domains,
    find_frameworks,
    opens_grade_table,
)

FRAMEWORK = ("{code} {title}\n\nGrade\tDirection of Travel\nGood\tStable\n\n"
             "Strengths\n\n- A strength of the force, well evidenced.\n\n")


def report(*frameworks: str, domain: str = "2 Reducing Crime (Domain 1)") -> str:
    return (f"Contents\n\nIntroduction\n\nIntroduction\n\nThis report covers the assessment of "
            f"the force over the year and the grades given.\n\n{domain}\n\n"
            + "".join(frameworks))


# --- segment ------------------------------------------------------------------------
def test_contents_and_body() -> None:
    bs = blocks(report())
    assert find_contents(bs) == 0
    assert bs[find_body(bs, 0)].text == "Introduction"


def test_a_framework_heading_opens_a_grade_table() -> None:
    bs = blocks(FRAMEWORK.format(code="2A", title="Volume Crime Reduction"))
    assert opens_grade_table(bs, 0) and not opens_grade_table(bs, 2)


def test_frameworks_in_code_order_count_without_a_readable_table() -> None:
    text = report(FRAMEWORK.format(code="2A", title="Volume Crime Reduction"),
                  "2B Working with Partners\n\nGrade: see the note\n\n",
                  FRAMEWORK.format(code="2C", title="Hate Crime"))
    bs = blocks(text)
    heads = find_frameworks(bs, 0)
    assert [bs[i].text[:2] for i in heads] == ["2A", "2B", "2C"]


def test_a_code_out_of_order_without_a_table_is_not_a_framework() -> None:
    text = report(FRAMEWORK.format(code="2B", title="Working with Partners"),
                  "2A Mentioned Again\n\nA paragraph about it, ending here.\n\n")
    bs = blocks(text)
    assert [bs[i].text[:2] for i in find_frameworks(bs, 0)] == ["2B"]


def test_domain_heading_before_its_first_framework_and_one_standing_alone() -> None:
    """A domain heading whose framework headings were not recognised still
    counts when the contents list names it; a numbered sub-heading does not."""
    text = report(FRAMEWORK.format(code="2A", title="Volume Crime Reduction"),
                  "3 Year Strategy\n\nThe force has a three-year strategy for this, agreed.\n\n"
                  "3 Investigating Crime (Domain 2)\n\nVolume Crime Investigation\n\n"
                  "Grade\tDirection of Travel\nFair\tStable\n\n")
    bs = blocks(text)
    heads = find_frameworks(bs, 0)
    domains = find_domains(bs, heads, len(bs), {"3 investigating crime"})
    assert {bs[j].text: (bs[k].text[:2] if k >= 0 else None) for j, k in domains.items()} == {
        "2 Reducing Crime (Domain 1)": "2A", "3 Investigating Crime (Domain 2)": None}
    assert find_domains(bs, heads, len(bs)) == {j: k for j, k in domains.items() if k >= 0}


def test_sections_in_order() -> None:
    text = report(FRAMEWORK.format(code="2A", title="Volume Crime Reduction"),
                  FRAMEWORK.format(code="2B", title="Working with Partners"))
    got = [(s.kind, s.code) for s in blocks_to_sections(blocks(text))]
    assert got == [("contents", None), ("narrative", None), ("domain", None),
                   ("framework", "2A"), ("framework", "2B")]


# --- metadata -----------------------------------------------------------------------
def front(*lines: str, header: str | None = None, month: str | None = None,
          body: str = "") -> Front:
    return Front(list(lines), header, month, body)


def test_force_from_the_title_page_before_the_header() -> None:
    assert read_force(front("Her Majesty's Inspectorate of Constabulary",
                            "Cheshire Constabulary", header="Cheshire Constabulary")) == \
        "Cheshire Constabulary"
    f = front("Kent County Constabulary", header="Kent Police")
    assert read_force(f) == "Kent County Constabulary" and f.diagnostics[0].check == \
        "force_name"
    assert read_force(front("Contents", header="Wiltshire Constabulary")) == \
        "Wiltshire Constabulary"


def test_published_from_the_front_else_the_furniture() -> None:
    assert read_published(front("Baseline Assessment October 2006")) == "October 2006"
    assert read_published(front("Contents", month="November 2005")) == "November 2005"


def test_isbns_in_every_form() -> None:
    assert read_isbns(front("ISBN 13: 978-1-84726-052-9 ISBN 10: 1-84726-052-7")) == (
        "978-1-84726-052-9", "1-84726-052-7")
    assert read_isbns(front("ISBN -13: 978-1-84726-033-8")) == ("978-1-84726-033-8", None)
    assert read_isbns(front("ISBN 1-84473-718-7")) == (None, "1-84473-718-7")
    bad = front("ISBN-10: 1-84726-033-1")
    read_isbns(bad)
    assert [d.check for d in bad.diagnostics] == ["isbn_checksum"]
    assert isbn_valid("978-1-84726-033-8") and not isbn_valid("978-1-84726-033-9")


def test_period_stated_or_taken_from_the_year() -> None:
    assert read_period(front(body="for the financial year 2005/06."), None) == "2005/06"
    assert read_period(front(body="the period 1 April 2004 to 31 March 2005"), None) == \
        "2004/05"
    f = front()
    assert read_period(f, "October 2006") == "2005/06" and f.diagnostics[0].check == "period"


# --- the Summary of Judgements ------------------------------------------------------
def lines(*texts: str) -> list[Line]:
    return [Line(n, t) for n, t in enumerate(texts, start=1)]


KNOWN = [("1A", "Fairness and Equality in Service Delivery"), ("1D", "Professional Standards"),
         ("6B", "Training, Development and Organisational Learning")]


def summary(*texts: str) -> list[tuple[object, ...]]:
    rows, _ = summary_rows(lines(*texts), ["Citizen Focus", "Resource Use"], KNOWN)
    return [(r.domain, r.code, r.grade, r.direction) for r in rows]


def test_summary_rows_on_one_line_each() -> None:
    assert summary("Summary of Judgements\tGrade\tDirection of Travel", "Citizen Focus\t\t",
                   "Fairness and Equality in Service Delivery\tGood\tStable",
                   "Professional Standards\tNot Graded\tNot graded") == [
        ("Citizen Focus", "1A", "Good", "Stable"),
        ("Citizen Focus", "1D", "Not Graded", "Not Graded")]


def test_summary_a_cell_per_line() -> None:
    assert summary("Summary of Judgements", "Grade", "Direction of Travel", "Resource Use",
                   "Training, Development and Organisational Learning", "Good", "Improved") \
        == [("Resource Use", "6B", "Good", "Improved")]


def test_summary_wrapped_title_with_its_grades_on_any_of_its_lines() -> None:
    for texts in (("Training, Development and\tGood\tImproved", "Organisational Learning"),
                  ("Training, Development", "and Organisational\tGood\tImproved", "Learning"),
                  ("Training, Development and", "Organisational Learning Good Improved")):
        assert summary("Resource Use", *texts) == [("Resource Use", "6B", "Good", "Improved")]


def test_summary_row_naming_no_framework_is_kept_unmatched() -> None:
    rows, left = summary_rows(lines("Volume Crime Reduction\tFair\tDeclined",
                                    "Professional Standards\tGood\tStable"), [], KNOWN)
    assert [(r.title, r.code) for r in rows] == [("Volume Crime Reduction", None),
                                                 ("Professional Standards", "1D")]
    assert left == []
