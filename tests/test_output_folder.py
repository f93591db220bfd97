"""The output folder: the manifest checked on open, nothing outside ``--out``
touched, one writer at a time while readers go on, readers that fail
cleanly on damaged parts, files created with the umask's permissions."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from batch_helpers import (
    command,
    lines,
    no_traceback,
    reports,
    run_cli,
    table_counts,
    variant_copies,
)
from conftest import KENT_PDF, KENT_TXT, VARIANT_TXT

from extract.batch.worker import FAULT_ENV
from extract.cli import main
from extract.output.dataset import FORMAT, MANIFEST


@pytest.fixture(scope="module")
def small_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three variant reports converted, the folder every test copies."""
    root = tmp_path_factory.mktemp("small")
    variant_copies(root / "in", 3)
    assert main(["convert", str(root / "in"), "--out", str(root / "out"), "--quiet",
                 "--no-timings"]) == 0
    return root


def copy_of(small_out: Path, tmp_path: Path) -> tuple[Path, Path]:
    """(inputs, output folder) copied from ``small_out``."""
    shutil.copytree(small_out / "in", tmp_path / "in")
    shutil.copytree(small_out / "out", tmp_path / "out")
    return tmp_path / "in", tmp_path / "out"


def convert(inputs: Path, out: Path, *extra: str) -> int:
    return main(["convert", str(inputs), "--out", str(out), "--quiet", "--no-timings", *extra])

def test_manifest_naming_parts_outside_the_folder_deletes_nothing(
        small_out: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    inputs, out = copy_of(small_out, tmp_path)
    new = variant_copies(inputs, 1, start=7)[0]
    victims = [tmp_path / "victim.parquet", tmp_path / "elsewhere" / "abs-victim.parquet"]
    victims[1].parent.mkdir()
    for victim in victims:
        victim.write_bytes(b"precious")
    doc = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    # entries for an input the run converts, so a rerun replaces these parts
    entry = {"report_id": "0" * 16, "source_path": str(new), "sha256": "0" * 64,
             "parser_version": "0", "status": "failed", "has_rows": False}
    doc["parts"]["../../victim"] = [entry]
    doc["parts"][str(victims[1].with_suffix(""))] = [{**entry, "source_path": "x"}]
    (out / MANIFEST).write_text(json.dumps(doc), encoding="utf-8")
    capsys.readouterr()
    assert convert(inputs, out) == 2
    err = capsys.readouterr().err
    (line,) = lines(err)
    assert MANIFEST in line and "internal error" not in line
    assert all(v.read_bytes() == b"precious" for v in victims)
    assert main(["validate", str(out)]) == 2
    assert all(v.read_bytes() == b"precious" for v in victims)


@pytest.mark.parametrize("text", [
    "[]", "null", '"parts"', f'{{"format": {FORMAT}, "parts": []}}', f'{{"format": {FORMAT}}}',
    f'{{"format": {FORMAT}, "parts": {{"part-0123456789abcdef": [{{"report_id": 1}}]}}}}',
    f'{{"format": {FORMAT}, "parts": {{"part-0123456789abcdef": "x"}}}}',
    '{"format": 1, "parts": {"part-01234',
])
def test_damaged_manifest_is_named(text: str, small_out: Path, tmp_path: Path,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    inputs, out = copy_of(small_out, tmp_path)
    (out / MANIFEST).write_text(text, encoding="utf-8")
    capsys.readouterr()
    for args in (["convert", str(inputs), "--out", str(out), "--quiet"],
                 ["validate", str(out)], ["diff", str(small_out / "out"), str(out)]):
        assert main(args) == 2, args
        (line,) = lines(capsys.readouterr().err)
        assert str(out / MANIFEST) in line and "internal error" not in line, line

def test_part_with_missing_files_is_converted_again(
        small_out: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    inputs, out = copy_of(small_out, tmp_path)
    counts = table_counts(out)
    (part,) = (out / "findings").glob("part-*.parquet")
    part.unlink()
    capsys.readouterr()
    assert convert(inputs, out) == 0
    (warning,) = lines(capsys.readouterr().err)
    assert "warning" in warning and str(part) in warning
    assert all(f"variant-00{i}.txt" in warning for i in range(3))   # names the inputs
    assert table_counts(out) == counts
    assert {r["status"] for r in reports(out).values()} == {"ok"}

def test_two_runs_into_one_folder_at_once_lose_nothing(small_out: Path,
                                                       tmp_path: Path) -> None:
    per_report = {name: n // 3 for name, n in table_counts(small_out / "out").items()}
    variant_copies(tmp_path / "a", 12)
    variant_copies(tmp_path / "b", 12, start=12)
    out = tmp_path / "out"
    runs = [subprocess.Popen(command("convert", tmp_path / name, "--out", out, "--jobs", "1",
                                     "--quiet"), stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True) for name in ("a", "b")]
    for run in runs:
        _, stderr = run.communicate(timeout=120)
        assert run.returncode == 0, stderr
    assert len(reports(out)) == 24
    assert table_counts(out) == {name: n * 24 for name, n in per_report.items()}
    named = set(json.loads((out / MANIFEST).read_text(encoding="utf-8"))["parts"])
    on_disk = {p.stem for p in out.rglob("*.parquet")}
    assert on_disk == named
    assert not [p for p in out.rglob("*") if p.name.endswith(".tmp")]

def test_second_run_waits_or_with_no_wait_fails_at_once(tmp_path: Path) -> None:
    (tmp_path / "slow.txt").write_bytes(VARIANT_TXT.read_bytes() + b"\n")
    out = tmp_path / "out"
    holder = subprocess.Popen(command("convert", tmp_path / "slow.txt", "--out", out,
                                      "--timeout", "4", "--quiet"),
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              env={**os.environ, FAULT_ENV: "hang:slow"})
    deadline = time.monotonic() + 30
    while not (out / MANIFEST).exists() and time.monotonic() < deadline:
        time.sleep(0.02)
    began = time.monotonic()
    refused = run_cli("convert", VARIANT_TXT, "--out", out, "--quiet", "--no-wait")
    assert time.monotonic() - began < 4 and holder.poll() is None
    no_traceback(refused)
    assert refused.returncode == 2
    (line,) = lines(refused.stderr)
    assert str(out) in line and "another" in line
    reader = run_cli("validate", out)              # readers are never blocked
    assert reader.returncode in (0, 1) and holder.poll() is None
    waiting = subprocess.Popen(command("convert", VARIANT_TXT, "--out", out, "--quiet"),
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(1.0)
    assert waiting.poll() is None                  # waits for the holder
    holder.communicate(timeout=60)
    _, stderr = waiting.communicate(timeout=60)
    assert waiting.returncode == 0, stderr
    assert "waiting" in stderr
    rows = reports(out)
    assert rows["slow.txt"]["error"] == "timeout"
    assert rows["variant-2006.txt"]["status"] == "ok"

def test_readers_on_a_damaged_part_exit_2_naming_the_file(
        small_out: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, out = copy_of(small_out, tmp_path)
    (part,) = (out / "findings").glob("part-*.parquet")
    part.write_bytes(part.read_bytes()[:300])
    for args in (["diff", str(small_out / "out"), str(out)], ["diff", str(out), str(out)],
                 ["validate", str(out)]):
        capsys.readouterr()
        assert main(args) == 2, args
        (line,) = lines(capsys.readouterr().err)
        assert str(part) in line and "internal error" not in line, line

def test_validate_notices_a_missing_table(small_out: Path, tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    _, out = copy_of(small_out, tmp_path)
    shutil.rmtree(out / "findings")
    capsys.readouterr()
    assert main(["validate", str(out)]) == 2
    (line,) = lines(capsys.readouterr().err)
    assert str(out / "findings") in line

def test_validate_notices_a_lost_column(small_out: Path, tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    _, out = copy_of(small_out, tmp_path)
    (part,) = (out / "reports").glob("part-*.parquet")
    pq.write_table(pq.read_table(part).drop_columns(["status"]), part)
    capsys.readouterr()
    assert main(["validate", str(out)]) == 2
    (line,) = lines(capsys.readouterr().err)
    assert str(part) in line and "status" in line

def test_show_dump_and_compare_on_a_damaged_pdf_exit_2(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    damaged = tmp_path / "damaged.pdf"
    damaged.write_bytes(KENT_PDF.read_bytes()[:5000])
    for args in (["show", str(damaged)], ["dump", "--stage", "read", str(damaged)],
                 ["compare", str(damaged), str(KENT_TXT)]):
        capsys.readouterr()
        assert main(args) == 2, args
        (line,) = lines(capsys.readouterr().err)
        assert str(damaged) in line and "internal error" not in line, line


@pytest.mark.parametrize("umask", [0o022, 0o002])
def test_files_are_created_with_the_umask(umask: int, tmp_path: Path) -> None:
    out = tmp_path / "out"

    def set_umask() -> None:
        os.umask(umask)

    result = run_cli("convert", VARIANT_TXT, "--out", out, "--quiet", preexec=set_umask)
    assert result.returncode == 0
    found = list(out.rglob("*"))
    assert len(found) > 20
    for path in [out, *found]:
        full = 0o777 if path.is_dir() else 0o666
        assert path.stat().st_mode & 0o777 == full & ~umask, path
