"""Every example in the README runs as printed, on the bundled fixtures
converted as `make run` converts them: the shell commands, the Python
sessions and the SQL queries, each block extracted from README.md."""

from __future__ import annotations

import contextlib
import io
import re
import shlex
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest
from conftest import FIXTURES

from extract.cli import main
from extract.output.primary import mark_primary

README = (FIXTURES.parent / "README.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"^```(\w+)\n(.*?)^```", README, re.S | re.M)


def blocks(language: str) -> list[str]:
    return [code for lang, code in BLOCKS if lang == language]


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder like a fresh clone after `make run`: fixtures/ and out/."""
    root = tmp_path_factory.mktemp("readme")
    (root / "fixtures").symlink_to(FIXTURES)
    assert main(["convert", str(FIXTURES), "--out", str(root / "out"), "--quiet"]) == 0
    return root


@pytest.fixture(scope="module")
def exported(workdir: Path) -> Path:
    """The README's shell examples run in ``workdir``."""
    commands = [line.split("  #")[0] for code in blocks("sh") for line in code.splitlines()
                if line.startswith("hmic-extract ")]
    assert len(commands) >= 3
    with contextlib.chdir(workdir):
        for command in commands:
            assert main(shlex.split(command)[1:]) == 0, command
    return workdir


def test_readme_has_examples() -> None:
    assert len(blocks("python")) >= 2 and len(blocks("sql")) >= 1 and blocks("sh")


@pytest.mark.parametrize("index", range(len(blocks("python"))))
def test_python_example_runs(workdir: Path, index: int) -> None:
    printed = io.StringIO()
    with contextlib.chdir(workdir), contextlib.redirect_stdout(printed):
        exec(blocks("python")[index], {})  # noqa: S102 - the README's own example
    assert printed.getvalue().strip()


def test_shell_examples_write_every_export(exported: Path) -> None:
    assert (exported / "hmic.duckdb").is_file() and (exported / "hmic.xlsx").is_file()
    assert (exported / "csv" / "findings_detail.csv").is_file()
    assert (exported / "summary.html").stat().st_size > 0


def test_sql_examples_answer_on_primary_copies(exported: Path) -> None:
    statements = [s.strip() for code in blocks("sql") for s in code.split(";") if s.strip()]
    con = duckdb.connect(str(exported / "hmic.duckdb"), read_only=True)
    results = [con.execute(s).fetchall() for s in statements]
    assert all(results), "every example query returns rows"
    below, per_domain, glossary = results
    assert {r[0] for r in below} and all(r[2] != r[3] for r in below)
    # Per domain: Kent's items add up to the strengths and areas for improvement
    # of one copy of the report, not of both.
    reports = pq.read_table(exported / "out" / "reports").to_pylist()
    kent_pdf = next(r["report_id"] for r in reports
                    if r["force"] == "Kent Police" and r["source_kind"] == "pdf")
    findings = [f for f in pq.read_table(exported / "out" / "findings").to_pylist()
                if f["report_id"] == kent_pdf
                and f["category"] in ("strength", "area_for_improvement")]
    assert sum(r[4] for r in per_domain if r[0] == "Kent Police") == len(findings)
    # One row per primary report that defines the term, whichever copy was converted.
    primary = {r["report_id"]: r["force"] for r in mark_primary(reports) if r["is_primary"]}
    defining = {primary[g["report_id"]] for g in pq.read_table(exported / "out" / "glossary")
                .to_pylist() if g["term"] == "ACPO" and g["report_id"] in primary}
    assert sorted(r[0] for r in glossary) == sorted(defining) and len(defining) >= 2
