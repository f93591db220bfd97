"""The real report: Kent Police, October 2006, as text and as PDF (both engines)."""

from __future__ import annotations

from agreement import finding_sections, key_tables, provenance_misses, word_agreement
from conftest import KENT_PDF, KENT_TXT, parsed, recs
from source_sections import findings_sections, grade_tables, words

from extract.pipeline import Parsed


def _errors(p: Parsed) -> list[str]:
    return [f"{d.check}: {d.message}" for d in p.diagnostics if d.severity == "error"]


def test_metadata(kent_input: Parsed) -> None:
    meta = recs(kent_input).metadata
    assert (meta.force, meta.published, meta.period) == ("Kent Police", "October 2006", "2005/06")
    assert (meta.isbn13, meta.isbn10) == ("978-1-84726-033-8", "1-84726-033-0")


def test_grades_as_printed(kent_input: Parsed) -> None:
    printed = grade_tables(KENT_TXT)
    got = {f.code: (f.grade, f.direction) for f in recs(kent_input).frameworks}
    assert len(got) == 23
    assert got == printed


def test_no_validation_errors(kent_input: Parsed) -> None:
    assert _errors(kent_input) == []


def test_summary_agrees_with_frameworks(kent_input: Parsed) -> None:
    records = recs(kent_input)
    frameworks = {f.code: (f.grade, f.direction) for f in records.frameworks}
    summary = {s.code: (s.grade, s.direction) for s in records.summary_judgements}
    assert len(records.summary_judgements) == 23
    assert summary == frameworks


def test_distributions_sum_to_43(kent_input: Parsed) -> None:
    totals: dict[str, int] = {}
    for row in recs(kent_input).grade_distribution:
        totals[row.code] = totals.get(row.code, 0) + row.forces
    assert len(totals) == 23 and set(totals.values()) == {43}


def test_pdf_tables_equal_text(kent_pdf_input: Parsed, kent_txt: Parsed) -> None:
    assert key_tables(kent_pdf_input) == key_tables(kent_txt)


def test_findings_words_match_source_sections(kent_txt: Parsed) -> None:
    """Each findings section's words, in order, exactly as in the source text."""
    source = findings_sections(KENT_TXT)
    got: dict[tuple[str, str], list[str]] = {}
    for f in recs(kent_txt).findings:
        got.setdefault((f.code, f.category), []).extend(words(f.text))
    assert got.keys() == source.keys()
    for key, expected in source.items():
        assert got[key] == expected, key


def test_pdf_findings_agree_with_text(kent_pdf_input: Parsed, kent_txt: Parsed) -> None:
    """At least 98% of each section's words agree between PDF and text."""
    txt, pdf = finding_sections(kent_txt), finding_sections(kent_pdf_input)
    assert pdf.keys() == txt.keys()
    for key in txt:
        assert word_agreement(txt[key], pdf[key]) >= 0.98, key


def test_good_practice_boxes(kent_input: Parsed) -> None:
    boxes = recs(kent_input).good_practice
    assert [b.code for b in boxes] == ["1A", "3A", "4B"]
    for box in boxes:
        assert box.title and box.problem and box.solution and box.outcome and box.contact


def test_glossary_complete(kent_input: Parsed) -> None:
    """Every entry line of the glossary (not a letter divider, not furniture) is a term."""
    text = KENT_TXT.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(text) if line.startswith("Appendix 1:"))
    entries = [line for line in text[start + 1:]
               if len(line.strip()) > 1 and " " in line.strip()
               and not line.startswith(("Page ", "October "))]
    got = recs(kent_input).glossary
    assert [g.term for g in got] == [e.split()[0] for e in entries]
    assert {g.term: g.definition for g in got}["ViSOR"] == "Violent and Sex Offenders' Register"


def test_embedded_audit_table(kent_input: Parsed) -> None:
    cells = {(c.table, c.row_no, c.col_no): c.value for c in recs(kent_input).table_cells}
    assert cells[("Audit Commission Use of Resources", 2, 1)] == "Financial reporting"
    assert cells[("Audit Commission Use of Resources", 2, 2)] == "Not Available"
    assert cells[("Audit Commission Use of Resources", 3, 2)] == "4"
    assert cells[("Key to grades", 2, 1)] == "3"


def test_residue_small(kent_input: Parsed) -> None:
    assert recs(kent_input).placed_share >= 0.995


def test_pdf_page_provenance(kent_pdf_input: Parsed) -> None:
    """A finding's first words are on page_start and its last words on page_end."""
    assert provenance_misses(kent_pdf_input, KENT_PDF, step=7) == []


def test_same_counts_across_inputs() -> None:
    counts = {name: len(recs(parsed(name)).findings) for name in ("txt", "pdf-pdfium")}
    assert len(set(counts.values())) == 1, counts


def test_introduction_grid_is_one_table_never_paragraphs(kent_input: Parsed) -> None:
    """The introduction's grid of the frameworks, one table in table_cells,
    whatever it is cut into; no paragraph stands under its rows as headings."""
    records = recs(kent_input)
    grids = {c.table for c in records.table_cells
             if c.table.startswith("Baseline Assessment 2006 Frameworks")}
    assert len(grids) == 1
    cells = " ".join(c.value for c in records.table_cells if c.table in grids)
    for code in ("1A", "3A", "4B", "6D", "7B"):
        assert code in cells
    intro = [p for p in records.paragraphs if p.section == "Introduction to Baseline Assessment"]
    assert not any(p.heading_path[-1][:1].isdigit() for p in intro)
    assert not any(p.kind == "table" for p in records.paragraphs)
