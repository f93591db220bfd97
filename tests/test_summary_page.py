"""The HTML summary, opened in headless Chromium: what a reader sees is
checked from the rendered DOM, and nothing leaves the page."""

from __future__ import annotations

import re
import struct
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import KENT_PDF, KENT_TXT, VARIANT_TXT

from extract.analysis.dataset import open_dataset
from extract.cli import main
from extract.pipeline import convert_path

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run"]
playwright_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def page_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("summary")
    out = root / "out"
    assert main(["convert", str(KENT_PDF), str(KENT_TXT), str(VARIANT_TXT), "--out", str(out),
                 "--quiet", "--no-timings"]) == 0
    assert main(["report", str(out), "-o", str(root / "summary.html")]) == 0
    return root / "summary.html"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.fail("Chromium is missing: `make test` installs it (make browser)")
    with playwright_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def rendered(browser: Any, page_file: Path, tmp_path_factory: pytest.TempPathFactory
             ) -> Iterator[tuple[Any, list[str], list[str], Path]]:
    """The page after load, with the console's complaints and every request made."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    problems: list[str] = []
    requests: list[str] = []
    page.on("console", lambda m: problems.append(f"{m.type}: {m.text}")
            if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: problems.append(f"pageerror: {e}"))
    page.on("requestfailed", lambda r: problems.append(f"requestfailed: {r.url}"))
    page.on("request", lambda r: requests.append(r.url))
    page.goto(page_file.as_uri(), wait_until="load")
    shot = tmp_path_factory.mktemp("shot") / "summary.png"
    page.screenshot(path=str(shot), full_page=False)
    yield page, problems, requests, shot
    page.close()


def test_one_matrix_row_per_primary_report(rendered: tuple[Any, ...]) -> None:
    page = rendered[0]
    forces = page.locator("table.matrix tbody tr th[scope=row]").all_inner_texts()
    # Kent's PDF and text are one report; the variant is another.
    assert sorted(forces) == ["Kent Police", "Suffolk Constabulary"]
    assert page.locator("table.collection tbody tr").count() == 2


def test_2006_report_has_23_grade_cells(rendered: tuple[Any, ...]) -> None:
    page = rendered[0]
    want = {f["code"]: f["grade"] for f in convert_path(KENT_TXT)["frameworks"]}
    headers = page.locator("table.matrix thead th").all_inner_texts()[1:]
    row = page.locator("table.matrix tbody tr", has_text="Kent Police")
    cells = row.locator("td.g").all_inner_texts()
    assert len(cells) == 23
    assert {h.split()[0]: c.split()[0] for h, c in zip(headers, cells, strict=True)} == want


def test_kent_3a_areas_for_improvement_with_pages(rendered: tuple[Any, ...]) -> None:
    page = rendered[0]
    want = [f for f in convert_path(KENT_PDF)["findings"]
            if f["code"] == "3A" and f["category"] == "area_for_improvement"]
    kent = page.locator("section.report", has=page.locator("h3", has_text="Kent Police"))
    section = kent.locator("details.framework[data-code='3A']")
    assert section.count() == 1
    assert not section.evaluate("d => d.open")          # folded by default
    section.locator("summary").click()
    assert section.evaluate("d => d.open")
    # The findings travel packed; the page unpacks them (at load) into the fold.
    last = section.locator("ul.areas-for-improvement > li").nth(len(want) - 1)
    last.wait_for(state="visible")
    items = section.locator("ul.areas-for-improvement > li").all_inner_texts()
    assert len(items) == len(want) == 5
    for item, finding in zip(items, want, strict=True):
        assert item.startswith(finding["text"])
        pages = re.search(r"\((pp?)\. (\d+)(?:\u2013(\d+))?\)$", item)
        assert pages, item
        assert int(pages[2]) == finding["page_start"]


def unpacked(page: Any) -> None:
    """Wait until every report's findings are unpacked."""
    page.wait_for_function(
        "document.querySelectorAll('section.report:not([data-unpacked])').length === 0")


def test_every_finding_and_box_unpacked(rendered: tuple[Any, ...], page_file: Path) -> None:
    page = rendered[0]
    unpacked(page)
    ds = open_dataset(page_file.parent / "out", tables=["findings", "good_practice"])
    findings, boxes = ds.arrow("findings"), ds.arrow("good_practice")
    assert page.locator("details.framework li").count() == findings.num_rows > 300
    assert page.locator("details.framework aside.gp").count() == boxes.num_rows > 0
    shown = set(page.locator("details.framework li").evaluate_all(
        "items => items.map(li => li.firstChild.textContent)"))
    assert shown == set(findings.column("text").to_pylist())
    solutions = page.locator("aside.gp dd").all_text_contents()
    assert set(boxes.column("solution").to_pylist()) <= set(solutions)


def test_without_javascript_the_page_says_where_the_findings_are(
        browser: Any, page_file: Path) -> None:
    page = browser.new_page(java_script_enabled=False)
    page.goto(page_file.as_uri(), wait_until="load")
    # The tables are markup; the packed findings need the script, and the page says so.
    assert page.locator("table.matrix tbody tr").count() == 2
    notes = page.locator("section.report noscript p.note")
    assert notes.count() == 2 and notes.first.is_visible()
    assert "findings" in notes.first.inner_text()
    assert page.locator("details.framework li").count() == 0
    page.close()


def test_printed_page_has_every_finding(browser: Any, page_file: Path) -> None:
    page = browser.new_page()
    page.goto(page_file.as_uri(), wait_until="load")
    unpacked(page)
    pdf = page.pdf(format="A4")          # printing opens every fold
    page.close()
    import pypdfium2
    doc = pypdfium2.PdfDocument(pdf)
    text = " ".join(" ".join(doc[i].get_textpage().get_text_range().split())
                    for i in range(len(doc)))
    want = [f for f in convert_path(KENT_PDF)["findings"]
            if f["code"] == "3A" and f["category"] == "area_for_improvement"]
    assert all(" ".join(f["text"].split())[:60] in text for f in want)


def test_no_console_errors_and_nothing_fetched(rendered: tuple[Any, ...],
                                               page_file: Path) -> None:
    page, problems, requests = rendered[0], rendered[1], rendered[2]
    unpacked(page)
    assert problems == []
    assert [r for r in requests if r != page_file.as_uri() and not r.startswith("data:")] == []
    # Sorting by a framework column reorders the rows by grade.
    header = page.locator("table.matrix thead th", has_text="7B").locator("button")
    header.click()
    ranks = page.locator("table.matrix tbody tr td:nth-child(24)").evaluate_all(
        "cells => cells.map(c => Number(c.dataset.value))")
    assert ranks == sorted(ranks) and len(ranks) == 2
    header.click()
    ranks = page.locator("table.matrix tbody tr td:nth-child(24)").evaluate_all(
        "cells => cells.map(c => Number(c.dataset.value))")
    assert ranks == sorted(ranks, reverse=True)
    assert problems == []


def png_colours(path: Path) -> int:
    """Distinct colours in an 8-bit RGB(A) PNG, read with the standard library."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, header = 8, b"", b""
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + length]
        header = chunk if kind == b"IHDR" else header
        idat += chunk if kind == b"IDAT" else b""
        pos += 12 + length
    width, height, depth, colour = struct.unpack(">IIBB", header[:10])
    assert depth == 8 and colour in (2, 6)
    bpp = 3 if colour == 2 else 4
    raw, stride = zlib.decompress(idat), width * bpp
    rows: list[bytearray] = []
    prev = bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1:start + 1 + stride])
        for i in range(stride):
            left = line[i - bpp] if i >= bpp else 0
            up, corner = prev[i], prev[i - bpp] if i >= bpp else 0
            if kind == 1:
                line[i] = (line[i] + left) & 255
            elif kind == 2:
                line[i] = (line[i] + up) & 255
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 255
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                line[i] = (line[i] + (left if pa <= pb and pa <= pc else up if pb <= pc
                                      else corner)) & 255
        rows.append(line)
        prev = line
    return len({bytes(r[i:i + 3]) for r in rows[::4] for i in range(0, stride, bpp * 4)})


def test_screenshot_is_not_blank(rendered: tuple[Any, ...]) -> None:
    shot = rendered[3]
    # Text, the grade colours and the rules: far more than a blank page's one colour.
    assert png_colours(shot) > 50


def test_the_page_on_standard_output(page_file: Path, capsys: pytest.CaptureFixture[str],
                                     tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``-o -`` writes the same page to standard output, and no file named
    "-"; ``-o ./-`` writes that file."""
    monkeypatch.chdir(tmp_path)
    capsys.readouterr()
    assert main(["report", str(page_file.parent / "out"), "-o", "-"]) == 0
    assert capsys.readouterr().out == page_file.read_text(encoding="utf-8")
    assert not (tmp_path / "-").exists()
    assert main(["report", str(page_file.parent / "out"), "-o", "./-"]) == 0
    assert (tmp_path / "-").read_text(encoding="utf-8") == page_file.read_text(encoding="utf-8")
