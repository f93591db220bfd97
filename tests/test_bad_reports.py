"""Reports that cannot be read as printed: each flagged by an error naming the
framework, and the report's status is then never ``ok``. Made here from the
generated reports, as text and as PDF: a framework whose grade table cannot
be read, one the report's own index lists but the body does not hold as a
section, one the body holds but the index does not list, a framework heading
printed twice, and national distributions no report could print."""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from make_layouts import ACROBAT
from render_pdf import DURHAM, PdfRenderer
from render_text import render
from report_model import Framework, Report, durham_2006
from reportlab.lib.styles import ParagraphStyle
from truth import errors, parse_bytes, parse_file

from extract.output.reports import status_of
from extract.pipeline import Parsed

Edit = Callable[[Report], None]


def _framework(report: Report, code: str) -> Framework:
    return next(f for f in report.frameworks if f.code == code)


# Summary rows and contents entries one per line, so an edit can drop one.
STYLE = replace(ACROBAT, casing="title", summary_layout="tabs", contents_run_together=False)


def _parse(report: Report, form: str, tmp_path: Path,
           renderer: type[PdfRenderer] = PdfRenderer, text_edit: Callable[[str], str] = str
           ) -> Parsed:
    if form == "txt":
        return parse_bytes(text_edit(render(report, STYLE).decode()).encode())
    engine = form.removeprefix("pdf-")
    return parse_file(renderer(report, DURHAM).render(tmp_path / "report.pdf"), engine)


def _framework_codes(p: Parsed) -> list[str]:
    assert p.records is not None
    return [f.code for f in p.records.frameworks]


FORMS = ["txt", "pdf-pdfium", "pdf-pdfplumber"]


@pytest.mark.parametrize("form", FORMS)
def test_unreadable_grade_table_keeps_its_own_framework(form: str, tmp_path: Path) -> None:
    report = durham_2006()
    _framework(report, "2A").grade = "see the note below"
    p = _parse(report, form, tmp_path)
    assert p.records is not None
    fw = {f.code: f for f in p.records.frameworks}
    assert len(fw) == 23 and fw["2A"].grade is None and fw["2A"].direction is None
    assert any(e.startswith("grade_parsed: 2A:") for e in errors(p))
    # Its distribution and findings are its own, not the framework's before it.
    truth = [row for row in report.truth()["findings"] if row[0] == "2A"]
    assert [(f.code, f.category, f.item_no, f.parent_item_no, f.text)
            for f in p.records.findings if f.code == "2A"] == truth
    assert {g.code for g in p.records.grade_distribution} >= {"1D", "2A"}
    assert status_of(p.diagnostics) == "warning"


class _NoCodeOn2A(PdfRenderer):
    def head(self, text: str) -> None:
        super().head(text.removeprefix("2A "))


class _No3BInSummaryOrContents(PdfRenderer):
    def para(self, text: str, style: ParagraphStyle | None = None) -> None:
        if text != "Tackling Serious and Organised Criminality":
            super().para(text, style)

    def table(self, rows: list[list[str]], widths: list[float] | None = None) -> None:
        super().table([r for r in rows if r[0] != "Tackling Serious and Organised Criminality"],
                      widths)


@pytest.mark.parametrize("form", FORMS)
def test_framework_listed_but_not_found_is_named(form: str, tmp_path: Path) -> None:
    """2A's heading printed without its code. The summary lists it, so the
    error names it and where its content went: under its domain's heading,
    never credited to 1D."""
    p = _parse(durham_2006(), form, tmp_path, _NoCodeOn2A,
               lambda t: t.replace("\n2A Volume Crime Reduction", "\nVolume Crime Reduction"))
    assert "2A" not in _framework_codes(p)
    found = errors(p)
    assert any(e.startswith("framework_absorbed: 2 Reducing Crime (Domain 1): 'Volume Crime "
                            "Reduction' (in the Summary of Judgements) has no section")
               for e in found), found
    assert p.records is not None   # 1D's findings are 1D's alone
    assert [f.text for f in p.records.findings if f.code == "1D"] == \
        [row[4] for row in durham_2006().truth()["findings"] if row[0] == "1D"]
    assert "summary_matches: summary row 'Volume Crime Reduction' names no framework found " \
           "in the report" in found
    assert "frameworks_present: 22 frameworks found; a 2006 baseline has 23" in found
    assert status_of(p.diagnostics) == "warning"


@pytest.mark.parametrize("form", FORMS)
def test_framework_found_but_not_listed_is_named(form: str, tmp_path: Path) -> None:
    def drop(text: str) -> str:
        lines = text.split("\r\n")
        return "\r\n".join(line for line in lines
                           if not line.startswith("Tackling Serious and Organised Criminality"))
    p = _parse(durham_2006(), form, tmp_path, _No3BInSummaryOrContents, drop)
    assert "3B" in _framework_codes(p)
    found = errors(p)
    assert "summary_matches: 3B: missing from the summary table" in found
    assert "contents_matches: 3B: 'tackling serious and organised criminality' is not " \
           "listed in the contents" in found
    assert status_of(p.diagnostics) == "warning"


@pytest.mark.parametrize("form", FORMS)
def test_framework_heading_printed_twice_is_named(form: str, tmp_path: Path) -> None:
    report = durham_2006()
    domain = report.domains[1]
    domain.frameworks.append(copy.deepcopy(domain.frameworks[0]))
    p = _parse(report, form, tmp_path)
    assert _framework_codes(p).count("2A") == 2
    assert "frameworks_unique: 2A: the framework heading appears twice" in errors(p)
    assert status_of(p.diagnostics) == "warning"


IMPOSSIBLE = {
    "negative": ((-15, 18, 36, 4), "a count of -15 forces cannot be right (under Poor)"),
    "not a number": (("n/a", 18, 20, 4), "'n/a' is not a count (under Poor)"),
    "a cell missing": ((18, 20, 4, ""), "the distribution row has 3 cells for 4 grades"),
}


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("case", sorted(IMPOSSIBLE))
def test_distribution_that_cannot_be_right_is_named(case: str, form: str,
                                                    tmp_path: Path) -> None:
    counts, message = IMPOSSIBLE[case]
    report = durham_2006()
    _framework(report, "2A").distribution = counts  # type: ignore[assignment]
    p = _parse(report, form, tmp_path)
    assert p.records is not None
    assert any(e.startswith(f"distribution_parsed: 2A: {message}") for e in errors(p)), \
        errors(p)
    assert "2A" not in {g.code for g in p.records.grade_distribution}   # nothing stored
    assert len(p.records.frameworks) == 23
    assert status_of(p.diagnostics) == "warning"


@pytest.mark.parametrize("form", FORMS)
def test_a_clean_report_is_ok(form: str, tmp_path: Path) -> None:
    p = _parse(durham_2006(), form, tmp_path)
    assert errors(p) == [] and status_of(p.diagnostics) == "ok"


def test_a_baseline_report_whose_frameworks_cannot_be_found_is_not_rejected() -> None:
    """Every framework heading printed without its code: the report says it is
    a baseline assessment, so it is converted, with errors, not failed."""
    import re

    from extract.pipeline import convert_bytes
    text = re.sub(r"(?m)^(\d)[A-F] ", r"\1 ", render(durham_2006(), STYLE).decode())
    rows = convert_bytes(text.encode(), "report.txt")
    (report,) = rows["reports"]
    assert (report["status"], report["error"], rows.get("frameworks", [])) == ("warning", None, [])
    assert "frameworks_present: no frameworks found" in [
        f"{d['check']}: {d['message']}" for d in rows["diagnostics"]]
