"""A report whose every special case differs from Kent parses equally well."""

from __future__ import annotations

import pytest
from conftest import VARIANT_TXT, recs

from extract.parse.read import read_source
from extract.pipeline import Parsed, parse_source


@pytest.fixture(scope="module")
def variant() -> Parsed:
    return parse_source(read_source(VARIANT_TXT))


def test_metadata_other_forms(variant: Parsed) -> None:
    meta = recs(variant).metadata
    assert meta.force == "Suffolk Constabulary"          # title page: report name first
    assert meta.published == "November 2006"
    assert (meta.isbn13, meta.isbn10) == ("978-1-84726-052-9", "1-84726-052-7")  # one line


def test_all_frameworks_no_errors(variant: Parsed) -> None:
    assert len(recs(variant).frameworks) == 23
    assert [d.message for d in variant.diagnostics if d.severity == "error"] == []
    # 3B's heading and its grade table are split by a page break.
    fw = {f.code: f for f in recs(variant).frameworks}
    assert fw["3B"].grade is not None


def test_furniture_removed_everywhere(variant: Parsed) -> None:
    texts = [f.text for f in recs(variant).findings] + \
        [p.text for p in recs(variant).paragraphs]
    assert not any("Baseline Assessment November" in t for t in texts)
    # a page break inside a bullet: the bullet is whole
    afi = [f for f in recs(variant).findings
           if f.code == "2A" and f.category == "area_for_improvement"]
    assert len(afi) == 1 and afi[0].text.endswith("intranet, and its effect measured.")


def test_sub_bullets_and_best_practice(variant: Parsed) -> None:
    s = [f for f in recs(variant).findings if f.code == "1A" and f.category == "strength"]
    assert [(f.item_no, f.parent_item_no) for f in s] == [(1, None), (2, None), (3, 2), (4, 2)]
    assert s[0].text.endswith("understood by staff and partners alike.")  # wrapped line joined
    boxes = recs(variant).good_practice
    assert [(b.code, b.label) for b in boxes] == [("1B", "Best Practice"), ("6E", "Best Practice")]
    assert boxes[0].contact == "Inspector A N Other"


def test_page_labels_before_header(variant: Parsed) -> None:
    assert variant.clean is not None
    assert [p.label for p in variant.clean.pages][:2] == ["2", "3"]
