"""Each of the report's checks on a small set of facts written here: the same
checks the parser runs and ``validate DIR`` runs on written tables."""

from __future__ import annotations

from dataclasses import replace

from extract.parse.validate import (
    CHECKS,
    ReportFacts,
    check_report,
    contents_agrees,
    distributions_sum,
    frameworks_present,
    known_values,
    residue_share,
    summary_agrees,
)

FRAMEWORKS: list[tuple[str, str, str | None, str | None]] = [
    ("1A", "Fairness and Equality", "Good", "Stable"),
    ("1B", "Neighbourhood Policing", "Fair", "Improved")]
GOOD = ReportFacts(
    None, FRAMEWORKS,
    {"1A": {"Poor": 0, "Fair": 15, "Good": 28, "Excellent": 0},
     "1B": {"Poor": 4, "Fair": 18, "Good": 20, "Excellent": 1}},
    [("Fairness and Equality", "1A", "Good", "Stable"),
     ("Neighbourhood Policing", "1B", "Fair", "Improved")],
    ["Contents", "1 Citizen Focus (Domain A)", "Fairness and Equality Neighbourhood Policing",
     "Appendix 1 Glossary"],
    0.999, 1000, 1)


def messages(found: object) -> list[str]:
    return [d.message for d in found]  # type: ignore[attr-defined]


def test_the_checks_and_a_report_that_passes_them() -> None:
    assert [name for name, _ in CHECKS] == ["frameworks_present", "distributions_sum",
                                            "summary_agrees", "contents_agrees", "known_values",
                                            "residue_share"]
    assert [d.severity for d in check_report(GOOD)] == ["info"]


def test_frameworks_present() -> None:
    assert messages(frameworks_present(replace(GOOD, year=2006))) == [
        "2 frameworks found; a 2006 baseline has 23"]
    twice = replace(GOOD, frameworks=[*FRAMEWORKS, FRAMEWORKS[0]])
    assert messages(frameworks_present(twice)) == ["1A: the framework heading appears twice"]
    assert messages(frameworks_present(replace(GOOD, frameworks=[]))) == [
        "no frameworks found"]


def test_distributions_sum() -> None:
    off = replace(GOOD, distributions={**GOOD.distributions,
                                       "1B": {"Poor": 4, "Fair": 18, "Good": 20}})
    assert messages(distributions_sum(off)) == [
        "1B: national grade distribution sums to 42, not 43"]
    missing = replace(GOOD, distributions={"1A": GOOD.distributions["1A"]})
    assert messages(distributions_sum(missing)) == ["1B: no national grade distribution"]


def test_summary_agrees() -> None:
    other = replace(GOOD, summary=[GOOD.summary[0], ("Neighbourhood Policing", "1B", "Poor",
                                                     "Improved")])
    assert messages(summary_agrees(other)) == [
        "1B: summary says Poor/Improved, framework table says Fair/Improved"]
    unlisted = replace(GOOD, summary=[GOOD.summary[0], ("Volume Crime", None, "Fair",
                                                        "Stable")])
    assert messages(summary_agrees(unlisted)) == [
        "summary row 'Volume Crime' names no framework found in the report",
        "1B: missing from the summary table"]
    assert messages(summary_agrees(replace(GOOD, summary=[]))) == [
        "no Summary of Judgements table"]


def test_contents_agrees() -> None:
    unlisted = replace(GOOD, contents=["1 Citizen Focus (Domain A)", "Fairness and Equality"])
    assert messages(contents_agrees(unlisted)) == [
        "1B: 'neighbourhood policing' is not listed in the contents"]
    extra = replace(GOOD, contents=[*GOOD.contents[:3], "Customer Service 12",
                                    GOOD.contents[3]])
    assert messages(contents_agrees(extra)) == [
        "the contents list 'customer service' under domain 1, but no such framework was found"]
    # A contents list that does not name the frameworks is no evidence either way.
    assert messages(contents_agrees(replace(GOOD, contents=["Introduction"]))) == []


def test_known_values() -> None:
    odd = replace(GOOD, frameworks=[("1A", "t", "Superb", "Sideways")])
    assert messages(known_values(odd)) == ["1A: unknown grade 'Superb'",
                                           "1A: unknown direction 'Sideways'"]
    assert messages(known_values(replace(GOOD, frameworks=[("1D", "t", "Not Graded",
                                                            "Not Assessed")]))) == []


def test_residue_share() -> None:
    low = replace(GOOD, placed_share=0.9, residue_chars=100)
    assert [(d.severity, d.message) for d in residue_share(low)] == [
        ("warning", "90.00% of 1000 non-furniture characters placed in tables; 100 in residue")]
    assert list(residue_share(replace(GOOD, placed_share=None))) == []
