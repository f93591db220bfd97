"""The framework reader's rules, one at a time, each on a few lines written
here. ``RULES`` is tried in order; each test shows what its rule takes."""

from __future__ import annotations

from small import blocks

from extract.parse.records.framework import RULES, FrameworkRecords, State, framework_records
from extract.parse.records.types import Framework
from extract.parse.words import Vocabulary


def read(text: str, code: str = "2A") -> FrameworkRecords:
    bs = blocks(f"{code} Volume Crime Reduction\n\n{text}")
    return framework_records(code, bs[0], "Reducing Crime", bs[1:], 0, Vocabulary([]))


def rule_taking(text: str) -> str:
    """The name of the first rule that takes the first block of ``text``."""
    bs = blocks(text)
    state = State("2A", "Volume Crime Reduction", bs,
                  FrameworkRecords(Framework(None, "2A", "t", None, None, bs[0].span)),
                  Vocabulary([]), path=("Volume Crime Reduction",))
    return next(name for name, rule in RULES if rule(state))


def test_rules_in_order() -> None:
    assert [name for name, _ in RULES] == [
        "grade_table", "distribution", "findings_heading", "good_practice_box", "box_content",
        "continuation", "sub_heading", "embedded_table", "key_row", "finding_item",
        "paragraph"]


def test_grade_table_rule() -> None:
    assert rule_taking("Grade\tDirection of Travel\nGood\tStable") == "grade_table"
    fw = read("Grade Poor Direction of travel Not graded\n").framework
    assert (fw.grade, fw.direction) == ("Poor", "Not Graded")


def test_distribution_rule() -> None:
    assert rule_taking("National Grade Distribution\n\nPoor\tFair\tGood\tExcellent\n"
                       "1\t18\t20\t4") == "distribution"
    recs = read("National Grade Distribution\n\nPoor\n\n1\n\nFair\n\n18\n\nGood\n\n20\n\n"
                "Excellent\n\n4\n")
    assert [(g.grade, g.forces) for g in recs.distribution] == [
        ("Poor", 1), ("Fair", 18), ("Good", 20), ("Excellent", 4)]


def test_findings_heading_rule_and_items() -> None:
    assert rule_taking("Areas for Improvement") == "findings_heading"
    recs = read("Strengths\n\n- First.\n- Second, with:\n  - a sub-item.\n\nWork in Progress\n\n"
                "A plain paragraph is one item.\n")
    got = [(f.category, f.item_no, f.parent_item_no, f.text)
           for f in recs.findings]
    assert got == [("strength", 1, None, "First."), ("strength", 2, None, "Second, with:"),
                   ("strength", 3, 2, "a sub-item."),
                   ("work_in_progress", 1, None, "A plain paragraph is one item.")]


def test_good_practice_box_rule() -> None:
    assert rule_taking("Best Practice") == "good_practice_box"
    recs = read("GOOD PRACTICE\n\nTITLE: Hub\n\nPROBLEM: Data unseen.\n\nSOLUTION:\n\n"
                "A hub.\n\nOUTCOME(S):\n\nFaster.\n\nFORCE CONTACT: Insp A\n")
    box = recs.good_practice[0]
    assert (box.title, box.problem, box.solution, box.outcome, box.contact) == (
        "Hub", "Data unseen.", "A hub.", "Faster.", "Insp A")


def test_continuation_rule_joins_an_item_over_a_page_break() -> None:
    recs = read("Strengths\n\n- The force has built a shared\n\nKent Police - Baseline "
                "Assessment\n\nOctober 2006\n\ninformation hub with partners.\n\n"
                "Kent Police - Baseline Assessment\n\nOctober 2006\n")
    assert [f.text for f in recs.findings] == [
        "The force has built a shared information hub with partners."]


def test_sub_heading_rule() -> None:
    assert rule_taking("Contextual Factors") == "sub_heading"
    recs = read("Contextual Factors\n\nThe force has a plan for this, owned by an officer.\n")
    par = recs.paragraphs[0]
    assert par.heading_path == ("Volume Crime Reduction", "Contextual Factors")


def test_embedded_table_and_key_rules() -> None:
    assert rule_taking("Element\tAssessment\nFinancial reporting\t3") == "embedded_table"
    recs = read("Use of Resources\n\nElement\tAssessment\nFinancial reporting\t3\n\n"
                "Key to grades\n\n- 3. Above minimum requirements.\n")
    cells = {(c.table, c.row_no, c.col_no): c.value
             for c in recs.cells}
    assert cells[("Use of Resources", 2, 2)] == "3"
    assert cells[("Key to grades", 1, 1)] == "3"
    assert cells[("Key to grades", 1, 2)] == "Above minimum requirements."


def test_paragraph_rule_takes_anything_else() -> None:
    assert rule_taking("The force has a plan for this, owned by a named chief officer.") == \
        "paragraph"


def test_no_grade_table_is_an_error_naming_the_framework() -> None:
    recs = read("Contextual Factors\n\nText of the framework, with no table at all.\n")
    assert [d.message for d in recs.diagnostics] == [
        "2A: no grade table (Grade / Direction of Travel)"]
