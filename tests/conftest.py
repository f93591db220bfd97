"""Shared fixtures. Every test that reads a report runs over each input it can:
the Kent text, the Kent PDF through both engines (``pytest_generate_tests``)."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from extract.parse.read import read_source
from extract.parse.records.build import Records
from extract.pipeline import Parsed, parse_source

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
KENT_TXT = FIXTURES / "kent-2006.txt"
KENT_PDF = FIXTURES / "kent-2006.pdf"
VARIANT_TXT = FIXTURES / "variant-2006.txt"
# Kent's findings, as its reviewed golden file counts them.
KENT_FINDINGS = len(json.loads((FIXTURES / "expected" / "kent-2006.txt" / "findings.json")
                               .read_text(encoding="utf-8")))
# The fixture generators (report_model, render_text, render_pdf, make_layouts)
# are imported by the tests that make reports of their own.
sys.path.insert(0, str(FIXTURES))


@pytest.fixture(autouse=True, scope="session")
def _commands_keep_temporary_files_here(tmp_path_factory: pytest.TempPathFactory
                                        ) -> Iterator[None]:
    """The commands the tests start put their temporary files in a folder of
    this session's: a batch a test kills with SIGKILL, on purpose, cannot
    remove the folder of its fork server's socket, and pytest clears its old
    sessions' folders."""
    previous = os.environ.get("TMPDIR")
    os.environ["TMPDIR"] = str(tmp_path_factory.mktemp("temp"))
    yield
    if previous is None:
        del os.environ["TMPDIR"]
    else:
        os.environ["TMPDIR"] = previous


# input name -> (path, engine)
INPUTS = {
    "txt": (KENT_TXT, "pdfium"),
    "pdf-pdfium": (KENT_PDF, "pdfium"),
    "pdf-pdfplumber": (KENT_PDF, "pdfplumber"),
}


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "kent_input" in metafunc.fixturenames:
        metafunc.parametrize("kent_input", list(INPUTS), indirect=True)
    if "kent_pdf_input" in metafunc.fixturenames:
        metafunc.parametrize("kent_pdf_input", [k for k in INPUTS if k != "txt"], indirect=True)


_cache: dict[str, Parsed] = {}


def parsed(name: str) -> Parsed:
    if name not in _cache:
        path, engine = INPUTS[name]
        _cache[name] = parse_source(read_source(path, engine=engine))
    return _cache[name]


@pytest.fixture
def kent_input(request: pytest.FixtureRequest) -> Parsed:
    return parsed(request.param)


@pytest.fixture
def kent_pdf_input(request: pytest.FixtureRequest) -> Parsed:
    return parsed(request.param)


@pytest.fixture(scope="session")
def kent_txt() -> Parsed:
    return parsed("txt")


def recs(p: Parsed) -> Records:
    """The records of a report parsed to the end."""
    assert p.records is not None
    return p.records
