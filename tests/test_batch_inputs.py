"""Every input the file system can hold gets a row: names that are not UTF-8,
missing paths, FIFOs, unreadable folders and files, files changed while the
batch runs. Options out of range are usage errors; memory exhaustion is
``out_of_memory`` however it shows."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
from pathlib import Path

import pytest
from batch_helpers import (
    command,
    lines,
    no_traceback,
    reports,
    run_cli,
    variant_copies,
    without_permission_override,
)
from conftest import KENT_TXT, VARIANT_TXT

from extract.analysis import open_dataset
from extract.batch.inputs import expand_inputs
from extract.batch.worker import FAULT_ENV
from extract.cli import main
from extract.output.dataset import MANIFEST


def manifest_entries(out: Path) -> dict[str, dict[str, object]]:
    """The manifest's entries by file name, after a run has finished."""
    parts = json.loads((out / MANIFEST).read_text(encoding="utf-8"))["parts"]
    return {Path(str(e["source_path"])).name: e for entries in parts.values() for e in entries}

def test_names_that_are_not_utf8_are_converted_and_listed(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    variant_copies(folder, 2)
    odd = Path(os.fsdecode(os.fsencode(folder) + b"/odd-\xff\xfe.txt"))
    odd.write_bytes(VARIANT_TXT.read_bytes() + b"\n" * 10)
    other = tmp_path / "other"
    other.mkdir()
    named = os.fsencode(other) + b"/caf\xe9.txt"          # Latin-1, named on the command line
    Path(os.fsdecode(named)).write_bytes(VARIANT_TXT.read_bytes() + b"\n" * 11)
    # A name that spells the escape itself: a backslash, "xe9". Its row must
    # not take the other's name, or each rerun would drop one of the two.
    twin = other / "caf\\xe9.txt"
    twin.write_bytes(VARIANT_TXT.read_bytes() + b"\n" * 12)
    out = tmp_path / "out"
    result = run_cli("convert", folder, named, twin, "--out", out, "--no-timings")
    no_traceback(result)
    assert result.returncode == 0, result.stderr
    rows = reports(out)
    # bytes that are not UTF-8 are written as \xNN, a backslash as \x5c; one
    # odd name costs no other input
    assert sorted(rows) == ["caf\\x5cxe9.txt", "caf\\xe9.txt", "odd-\\xff\\xfe.txt",
                            "variant-000.txt", "variant-001.txt"]
    assert {r["status"] for r in rows.values()} == {"ok"}
    assert rows["caf\\xe9.txt"]["source_path"] == f"{other}/caf\\xe9.txt"
    assert "odd-\\xff\\xfe.txt" in result.stdout             # the summary names it too
    for _ in range(2):
        again = run_cli("convert", folder, named, twin, "--out", out, "--no-timings")
        assert again.returncode == 0 and "0 failed, 5 skipped" in again.stdout, again.stdout
        assert reports(out) == rows

def test_paths_that_cannot_be_read_each_get_a_failed_row(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    variant_copies(folder, 1)
    locked = folder / "locked"
    variant_copies(locked, 1, start=1)
    secret = folder / "secret.txt"
    secret.write_bytes(VARIANT_TXT.read_bytes() + b"\n" * 5)
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    missing = tmp_path / "gone.txt"
    also_missing = tmp_path / "gone-too.pdf"
    out = tmp_path / "out"
    locked.chmod(0)
    secret.chmod(0)
    try:
        result = run_cli("convert", folder, fifo, missing, also_missing, "--out", out,
                         "--quiet", timeout=120, preexec=without_permission_override)
    finally:
        locked.chmod(0o755)
    no_traceback(result)
    assert result.returncode == 1
    rows = reports(out)
    expected = {"locked": "unreadable_folder", "secret.txt": "unreadable",
                "pipe.txt": "not_a_file", "gone.txt": "missing", "gone-too.pdf": "missing"}
    for name, code in expected.items():
        assert rows[name]["status"] == "failed" and rows[name]["error"] == code, name
        message = str(rows[name]["message"])
        assert message and "\n" not in message, name
    assert rows["variant-000.txt"]["status"] == "ok"
    failures = lines(result.stderr)
    assert len(failures) == 5
    assert all(any(name in line for line in failures) for name in expected)
    # Inputs never read have no content to share: none is taken for a copy
    # of another, so each is counted and validated as a report of its own.
    assert len({r["report_id"] for r in rows.values()}) == len(rows)
    primary = open_dataset(out).arrow("reports").to_pylist()
    assert sorted(Path(r["source_path"]).name for r in primary) == sorted(rows)
    said = run_cli("validate", out)
    assert all(name in said.stdout for name in expected), said.stdout

def test_input_changed_or_deleted_during_the_run(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a-slow.txt").write_bytes(VARIANT_TXT.read_bytes() + b"\n")
    changed = folder / "b-changed.txt"
    changed.write_bytes(KENT_TXT.read_bytes())
    deleted = folder / "c-deleted.txt"
    deleted.write_bytes(VARIANT_TXT.read_bytes() + b"\n\n")
    out = tmp_path / "out"
    # One worker, held up by the first input: the others are read only after
    # the plan has hashed them, and after the test has changed them.
    proc = subprocess.Popen(command("convert", folder, "--out", out, "--jobs", "1",
                                    "--timeout", "3"),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, FAULT_ENV: "hang:a-slow"})
    assert proc.stderr is not None
    assert "converting 3 document(s)" in proc.stderr.readline()
    new = VARIANT_TXT.read_bytes() + b"\n\n\n"
    changed.write_bytes(new)
    deleted.unlink()
    proc.communicate(timeout=120)
    rows, entries = reports(out), manifest_entries(out)
    sha = hashlib.sha256(new).hexdigest()
    b = rows["b-changed.txt"]
    assert b["force"] == "Suffolk Constabulary"              # converted from the bytes read
    assert b["source_sha256"] == sha and b["report_id"] == sha[:16]
    assert entries["b-changed.txt"]["sha256"] == sha          # one hash, row and manifest
    assert entries["b-changed.txt"]["report_id"] == sha[:16]
    assert rows["c-deleted.txt"]["error"] == "missing"
    # Never read: its id comes from its path, in its row and in the manifest alike.
    assert entries["c-deleted.txt"]["report_id"] == rows["c-deleted.txt"]["report_id"]
    assert rows["c-deleted.txt"]["report_id"] != "0" * 16
    assert entries["c-deleted.txt"]["has_rows"] is False
    # a later change is noticed by the next run
    changed.write_bytes(KENT_TXT.read_bytes())
    deleted.write_bytes(VARIANT_TXT.read_bytes() + b"\n\n")
    rerun = run_cli("convert", folder, "--out", out, "--quiet")
    assert rerun.returncode == 0, rerun.stderr
    rows = reports(out)
    assert rows["b-changed.txt"]["force"] == "Kent Police"
    assert rows["b-changed.txt"]["source_sha256"] == hashlib.sha256(
        KENT_TXT.read_bytes()).hexdigest()
    assert rows["c-deleted.txt"]["status"] == "ok"


@pytest.mark.parametrize("option, value", [
    ("--timeout", "nan"), ("--timeout", "inf"), ("--timeout", "0"), ("--timeout", "-1"),
    ("--memory-limit", "99999999999999"), ("--memory-limit", "0"), ("--jobs", "0"),
])
def test_options_out_of_range_are_usage_errors(option: str, value: str, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["convert", str(VARIANT_TXT), "--out", str(tmp_path / "out"), "--quiet",
                 option, value])
    err = capsys.readouterr().err
    assert code == 2
    assert option in err and "Traceback" not in err
    assert not (tmp_path / "out").exists()

def test_memory_exhaustion_is_out_of_memory(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    kent = KENT_TXT.read_bytes()
    with (folder / "huge.txt").open("wb") as f:     # 200 MB of text
        for _ in range(200 * 1024 * 1024 // len(kent) + 1):
            f.write(kent)
    (folder / "aborts.txt").write_bytes(VARIANT_TXT.read_bytes() + b"\n")
    (folder / "fine.txt").write_bytes(VARIANT_TXT.read_bytes())
    result = run_cli("convert", folder, "--out", tmp_path / "out", "--memory-limit", "400",
                     "--jobs", "1", "--quiet", env={FAULT_ENV: "abort:aborts"})
    no_traceback(result)
    assert result.returncode == 1
    rows = reports(tmp_path / "out")
    for name in ("huge.txt", "aborts.txt"):
        assert rows[name]["error"] == "out_of_memory", rows[name]
        assert "400 MB" in str(rows[name]["message"]), rows[name]
    assert rows["fine.txt"]["status"] == "ok"


def test_what_a_folder_search_takes(tmp_path: Path) -> None:
    """.pdf and .txt in any case, below every folder but hidden ones; a hidden
    or oddly named file is taken when it is named itself."""
    for name in ("a.txt", "b.PDF", "sub/c.Txt", ".hidden.txt", ".git/d.txt", "notes.md"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    found = [Path(i.path).relative_to(tmp_path).as_posix() for i in expand_inputs([str(tmp_path)])]
    assert found == ["a.txt", "b.PDF", "sub/c.Txt"]
    named = expand_inputs([str(tmp_path / ".hidden.txt"), str(tmp_path / "notes.md")])
    assert [Path(i.path).name for i in named] == [".hidden.txt", "notes.md"]
