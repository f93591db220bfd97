"""The variant report typeset by reportlab, not the Kent PDF's producer:
other fonts, margins and page size, grids drawn another way, the month on the
header line and a centred ``Page N`` footer. It must parse as its text does."""

from __future__ import annotations

from pathlib import Path

import pytest
from agreement import finding_sections, key_tables, provenance_misses, word_agreement
from conftest import FIXTURES, VARIANT_TXT, recs

from extract.parse.read import ENGINES, read_source
from extract.pipeline import Parsed, parse_source

VARIANT_PDF = FIXTURES / "variant-2006.pdf"


@pytest.fixture(scope="module")
def text() -> Parsed:
    return parse_source(read_source(VARIANT_TXT))


@pytest.fixture(scope="module", params=ENGINES)
def pdf(request: pytest.FixtureRequest) -> Parsed:
    return parse_source(read_source(VARIANT_PDF, engine=request.param))


def test_fixture_is_what_the_script_makes(tmp_path: Path) -> None:
    import importlib.util
    spec = importlib.util.spec_from_file_location("make_variant_pdf",
                                                  FIXTURES / "make_variant_pdf.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    made = module.build(tmp_path / "variant.pdf")
    assert made.read_bytes() == VARIANT_PDF.read_bytes()


def test_tables_equal_text(pdf: Parsed, text: Parsed) -> None:
    assert pdf.source.kind == "pdf" and pdf.source.page_count and pdf.source.page_count > 9
    assert key_tables(pdf) == key_tables(text)
    assert len(key_tables(pdf)["frameworks"]) == 23


def test_no_errors_and_metadata(pdf: Parsed, text: Parsed) -> None:
    assert [d.message for d in pdf.diagnostics if d.severity == "error"] == []
    assert recs(pdf).metadata == recs(text).metadata


def test_findings_agree_with_text(pdf: Parsed, text: Parsed) -> None:
    want, got = finding_sections(text), finding_sections(pdf)
    assert got.keys() == want.keys()
    for key in want:
        assert word_agreement(want[key], got[key]) >= 0.98, key
    levels = [(f.item_no, f.parent_item_no) for f in recs(pdf).findings
              if f.code == "1A" and f.category == "strength"]
    assert levels == [(1, None), (2, None), (3, 2), (4, 2)]   # sub-bullets by indent


def test_furniture_gone_and_labels_kept(pdf: Parsed) -> None:
    texts = [f.text for f in recs(pdf).findings] + [p.text for p in recs(pdf).paragraphs]
    assert not any("Baseline Assessment November" in t or "Page " in t for t in texts)
    assert pdf.clean is not None
    labels = {p.page: p.label for p in pdf.clean.pages}
    assert labels[1] is None and all(labels[n] == str(n) for n in range(2, len(labels) + 1))


def test_good_practice_and_glossary(pdf: Parsed, text: Parsed) -> None:
    def boxes(p: Parsed) -> list[tuple[object, ...]]:
        return [(b.code, b.label, b.title, b.contact) for b in recs(p).good_practice]
    assert boxes(pdf) == boxes(text)
    assert [g.term for g in recs(pdf).glossary] == [g.term for g in recs(text).glossary]


def test_page_provenance(pdf: Parsed) -> None:
    assert provenance_misses(pdf, VARIANT_PDF) == []
