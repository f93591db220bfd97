"""The command line: outputs, exit codes, one-line errors, determinism."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from conftest import KENT_PDF, KENT_TXT, VARIANT_TXT

from extract.cli import main
from extract.output.schema import load_schemas
from extract.parse.read.input_file import display


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "extract", *args], capture_output=True,
                          text=True, timeout=300)


def test_convert_writes_every_table_matching_schema(tmp_path: Path) -> None:
    assert main(["convert", str(KENT_TXT), "--out", str(tmp_path), "--quiet"]) == 0
    for name, schema in load_schemas().items():
        table = pq.read_table(tmp_path / name, schema=schema.arrow())
        assert pq.read_schema(next((tmp_path / name).glob("part-*.parquet"))).equals(
            schema.arrow()), name
        assert table.num_rows > 0 or name in ("residue", "table_cells"), name
    reports = pq.read_table(tmp_path / "reports").to_pylist()
    assert reports[0]["status"] == "ok" and reports[0]["force"] == "Kent Police"
    assert reports[0]["report_id"] == reports[0]["source_sha256"][:16]


def test_every_schema_column_documented() -> None:
    for path in sorted(Path(__file__).resolve().parent.parent.glob("schemas/*.json")):
        doc = json.loads(path.read_text())
        assert doc["description"]
        assert all(c["description"] for c in doc["columns"]), path.name


def test_byte_identical_outputs(tmp_path: Path) -> None:
    """Same inputs, same version, --no-timings: the same files, byte for byte,
    whatever the number of workers."""
    for out, jobs in (("a", "1"), ("b", "2")):
        assert main(["convert", str(KENT_TXT), str(VARIANT_TXT), str(KENT_PDF), "--out",
                     str(tmp_path / out), "--quiet", "--jobs", jobs, "--no-timings"]) == 0
    a = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*.parquet"))
    b = sorted(p.relative_to(tmp_path / "b") for p in (tmp_path / "b").rglob("*.parquet"))
    assert a == b and len(a) == len(load_schemas())
    for rel in a:
        assert (tmp_path / "a" / rel).read_bytes() == (tmp_path / "b" / rel).read_bytes(), rel
    assert (tmp_path / "a" / "_manifest.json").read_bytes() == \
        (tmp_path / "b" / "_manifest.json").read_bytes()
    assert {r["seconds"] for r in pq.read_table(tmp_path / "a" / "reports").to_pylist()} == {None}


def test_timings_recorded_by_default(tmp_path: Path) -> None:
    assert main(["convert", str(KENT_TXT), "--out", str(tmp_path), "--quiet"]) == 0
    (row,) = pq.read_table(tmp_path / "reports").to_pylist()
    assert row["seconds"] is not None and 0 < row["seconds"] < 60


def test_bad_inputs_fail_alone(tmp_path: Path) -> None:
    bad = tmp_path / "in"
    bad.mkdir()
    (bad / "empty.txt").write_bytes(b"")
    (bad / "random.pdf").write_bytes(os.urandom(2000).replace(b"%PDF", b"xxxx"))
    (bad / "image.pdf").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100)
    (bad / "binary.txt").write_bytes(bytes(range(256)) * 20)
    (bad / "truncated.pdf").write_bytes(Path(KENT_TXT).with_suffix(".pdf").read_bytes()[:3000])
    (bad / "notes.txt").write_text("Shopping list.\n\nMilk, eggs and bread for the week.\n")
    (bad / "kent-cp1252.txt").write_bytes(KENT_TXT.read_text(encoding="utf-8")
                                          .encode("cp1252", errors="replace"))
    result = run_cli("convert", str(bad), "--out", str(tmp_path / "out"), "--quiet")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    rows = {Path(r["source_path"]).name: r
            for r in pq.read_table(tmp_path / "out" / "reports").to_pylist()}
    assert rows["empty.txt"]["error"] == "empty"
    assert rows["random.pdf"]["error"] == "unsupported"
    assert rows["image.pdf"]["error"] == "not_pdf"
    assert rows["binary.txt"]["error"] == "unsupported"
    assert rows["truncated.pdf"]["error"] == "malformed"   # pdfium cannot open it
    assert rows["notes.txt"]["error"] == "not_a_baseline_report"
    # read as text, whatever engine the batch had for PDFs
    assert (rows["notes.txt"]["source_kind"], rows["notes.txt"]["engine"]) == ("text", "text")
    assert rows["kent-cp1252.txt"]["status"] == "warning"
    diags = pq.read_table(tmp_path / "out" / "diagnostics").to_pylist()
    assert any(d["check"] == "encoding" for d in diags)
    for line in result.stderr.strip().splitlines():
        assert line.startswith("hmic-extract: ") and "(" in line  # one line, names the file


def unwritable_folder(tmp_path: Path) -> Path:
    """A folder that cannot be created or written into, for anyone: root may
    write anywhere but in a kernel's file system."""
    if os.geteuid() == 0:
        if not Path("/sys").is_dir():
            pytest.skip("root, and no /sys to be refused by")
        return Path("/sys") / "hmic-extract-tables"
    out = tmp_path / "ro"
    out.mkdir()
    out.chmod(0o500)
    return out


def test_read_only_output(tmp_path: Path) -> None:
    result = run_cli("convert", str(KENT_TXT), "--out", str(unwritable_folder(tmp_path)),
                     "--quiet")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and "cannot write" in result.stderr


def test_usage_errors_exit_2() -> None:
    assert run_cli("convert").returncode == 2
    assert run_cli("bogus").returncode == 2
    assert run_cli("convert", "/nonexistent/x.pdf", "--out", "/tmp/x").returncode == 2


def _lines_with(out: str, text: str) -> int:
    return sum(text in line for line in out.splitlines())


# What each stage's dump must show of the variant report (23 frameworks, furniture
# "Page N Suffolk Constabulary – Baseline Assessment November 2006" on every page).
DUMPS: dict[str, Callable[[str], bool]] = {
    "read": lambda out: _lines_with(out, "Baseline Assessment November 2006") >= 5
    and _lines_with(out, " Grade\tDirection of Travel") == 23,
    "clean": lambda out: _lines_with(out, "Baseline Assessment November 2006") == 0
    and _lines_with(out, " Grade\tDirection of Travel") == 23,
    "blocks": lambda out: _lines_with(out, "[bullet]") >= 23 * 3
    and _lines_with(out, "[bullet/1]") >= 23 and _lines_with(out, "[table]") >= 46,
    "segment": lambda out: _lines_with(out, "== framework ") == 23
    and _lines_with(out, "== domain ") == 7 and _lines_with(out, "== summary ") == 1,
    "records": lambda out: _lines_with(out, "frameworks: ") == 23
    and _lines_with(out, "metadata: force='Suffolk Constabulary'") == 1,
    "validate": lambda out: out.strip().split("\t")[:2] == ["info", "residue_share"],
}


@pytest.mark.parametrize("stage", list(DUMPS))
def test_dump_every_stage(stage: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["dump", "--stage", stage, str(VARIANT_TXT)]) == 0
    out = capsys.readouterr().out
    assert DUMPS[stage](out), out[:2000]


def test_show(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", str(KENT_TXT)]) == 0
    out = capsys.readouterr().out
    assert "Kent Police" in out and "3A" in out and "residue_share" in out


def test_readme_data_dictionary_is_current() -> None:
    from extract.output.docs import data_dictionary
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    assert data_dictionary() in readme


def test_out_naming_a_file_and_show_on_a_non_report(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    afile = tmp_path / "tables"
    afile.write_text("not a folder")
    for out in (afile, afile / "below" / "it"):   # in the way, or in the way further up
        assert main(["convert", str(VARIANT_TXT), "--out", str(out), "--quiet"]) == 2
        assert f"{afile}: is a file, not a folder" in capsys.readouterr().err
    # not the current folder, unasked
    assert main(["convert", str(VARIANT_TXT), "--out", "", "--quiet"]) == 2
    assert "--out: must name a folder" in capsys.readouterr().err
    assert not (Path.cwd() / "_manifest.json").exists()
    letter = tmp_path / "letter.txt"
    letter.write_text("Dear resident, the library opens at nine on Saturdays.\n")
    assert main(["show", str(letter)]) == 2
    assert "not an HMIC baseline assessment report" in capsys.readouterr().err


@pytest.mark.parametrize("command", [["show"], ["dump", "--stage", "read"],
                                     ["compare", str(VARIANT_TXT)]])
def test_single_file_commands_refuse_what_is_not_a_report_file(
        command: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A FIFO or device is refused unread (reading one would block or never
    end), as ``convert`` refuses it; every refusal is one line naming the
    file as people see it, exit 2."""
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    image = tmp_path / "scan.pdf"
    image.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    empty = Path(os.fsdecode(os.fsencode(tmp_path) + b"/em\xe9.txt"))
    empty.write_bytes(b"")
    cases = [(fifo, "a named pipe (FIFO), not a file"), (Path("/dev/zero"), "a device"),
             (image, "a PNG image, not a PDF"), (empty, "the file is empty")]
    for path, reason in cases:
        assert main([*command, str(path)]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and reason in err, err
        assert f"{display(str(path))}: " in err, err
    assert "em\\xe9.txt" in display(str(empty))


def test_show_keeps_its_columns_and_names_what_is_missing(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A grade or direction wider than the header ("Not Assessed") widens its
    column instead of shifting the rest; a fact not found says so."""
    text = VARIANT_TXT.read_text(encoding="utf-8")
    text = text.replace("ISBN 13: 978-1-84726-052-9 ISBN 10: 1-84726-052-7", "")
    table = "1A Fairness and Equality in Service Delivery\n\nGrade\tDirection of Travel\nGood"
    assert text.count(table) == 1
    report = tmp_path / "report.txt"
    report.write_text(text.replace(table, table[:-len("Good")] + "Not Assessed"),
                      encoding="utf-8")
    assert main(["show", str(report)]) == 0
    out = capsys.readouterr().out
    assert "  ISBN-13    (not found)" in out
    rows = [line for line in out.splitlines()
            if re.match(r"  \d[A-Z] ", line) or "P/F/G/E" in line]
    assert len(rows) == 24 and "Not Assessed" in rows[1]
    # the distribution column starts at one place on every line, the header's too
    starts = {line.index("P/F/G/E") if "P/F/G/E" in line else
              line.index(line.split()[-4]) for line in rows}
    assert len(starts) == 1
