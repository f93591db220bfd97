"""Batch conversion: bad inputs among good ones, isolation (time limit,
crashes, memory cap), resuming after SIGKILL, duplicates, the dataset layout."""

from __future__ import annotations

import importlib.util
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path
from types import ModuleType

import pyarrow.parquet as pq
import pytest
from conftest import FIXTURES, KENT_FINDINGS, KENT_PDF, KENT_TXT, VARIANT_TXT
from test_cli import unwritable_folder

from extract.batch.worker import FAULT_ENV
from extract.output.dataset import MANIFEST, PART_REPORTS, SMALL_PART, Dataset
from extract.output.manifest import load as load_manifest
from extract.output.schema import load_schemas

VARIANT_PDF = FIXTURES / "variant-2006.pdf"


def run_cli(*args: str, env: dict[str, str] | None = None,
            timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "extract", *args], capture_output=True,
                          text=True, timeout=timeout, env={**os.environ, **(env or {})})


def reports(out: Path) -> dict[str, dict[str, object]]:
    return {Path(str(r["source_path"])).name: r
            for r in pq.read_table(out / "reports").to_pylist()}


def no_traceback(result: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in result.stderr + result.stdout


def maker() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_variant_pdf",
                                                  FIXTURES / "make_variant_pdf.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def text_copies(folder: Path, n: int) -> list[Path]:
    """``n`` Kent texts with distinct bytes (a trailing blank line each), so
    each is a document of its own rather than a duplicate."""
    folder.mkdir(parents=True, exist_ok=True)
    text = KENT_TXT.read_bytes()
    paths = []
    for i in range(n):
        path = folder / f"kent-{i:03d}.txt"
        path.write_bytes(text + b"\n" * (i + 1))
        paths.append(path)
    return paths


@pytest.fixture(scope="module")
def bad_batch(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    from reportlab.lib.pdfencrypt import StandardEncryption
    from reportlab.pdfgen.canvas import Canvas

    folder = tmp_path_factory.mktemp("inputs")
    (folder / "zero.pdf").write_bytes(b"")
    (folder / "random.pdf").write_bytes(os.urandom(4000).replace(b"%PDF", b"xxxx"))
    (folder / "image.pdf").write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(500))
    (folder / "truncated.pdf").write_bytes(KENT_PDF.read_bytes()[:5000])
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 40)
    (folder / "kent-cp1252.txt").write_bytes(
        KENT_TXT.read_text(encoding="utf-8").encode("cp1252", errors="replace"))
    make = maker()
    make.build(folder / "locked.pdf", StandardEncryption("secret", "owner", canPrint=0))
    make.build(folder / "owner-only.pdf",
               StandardEncryption("", "owner", canPrint=0, canCopy=0, canModify=0))
    drawing = Canvas(str(folder / "scanned.pdf"))
    drawing.rect(100, 100, 300, 400, fill=1)   # a page with no text at all
    drawing.save()
    letter = Canvas(str(folder / "letter.pdf"))
    letter.drawString(72, 720, "Dear resident, the library opens at nine on Saturdays.")
    letter.save()
    for good in (KENT_PDF, KENT_TXT, VARIANT_TXT):
        (folder / good.name).write_bytes(good.read_bytes())
    out = tmp_path_factory.mktemp("out") / "dataset"
    return folder, out


def test_bad_inputs_among_good_ones(bad_batch: tuple[Path, Path]) -> None:
    folder, out = bad_batch
    result = run_cli("convert", str(folder), "--out", str(out), "--jobs", "2")
    no_traceback(result)
    assert result.returncode == 1
    rows = reports(out)
    expected = {
        "zero.pdf": "empty", "random.pdf": "unsupported", "image.pdf": "not_pdf",
        "binary.txt": "unsupported", "locked.pdf": "password_required",
        "scanned.pdf": "no_text_layer", "letter.pdf": "not_a_baseline_report",
    }
    for name, code in expected.items():
        assert rows[name]["status"] == "failed" and rows[name]["error"] == code, name
        assert rows[name]["message"] and "\n" not in str(rows[name]["message"])
    assert rows["truncated.pdf"]["error"] == "malformed"   # pdfium cannot open it
    for name in ("kent-2006.pdf", "kent-2006.txt", "variant-2006.txt", "owner-only.pdf"):
        assert rows[name]["status"] == "ok", name     # owner-only restrictions do not stop us
    assert rows["kent-cp1252.txt"]["status"] == "warning"   # decoded, with a warning
    frameworks = pq.read_table(out / "frameworks").to_pylist()
    by_report: dict[object, int] = {}
    for f in frameworks:
        by_report[f["report_id"]] = by_report.get(f["report_id"], 0) + 1
    assert sorted(by_report.values()) == [23] * 5     # every good report is complete
    for r in rows.values():
        assert r["parser_version"] and r["engine"] and r["seconds"] is not None
    # A failed input's kind, where its bytes told it, and the reader that tried it.
    kinds = {name: (rows[name]["source_kind"], rows[name]["engine"])
             for name in ("letter.pdf", "truncated.pdf", "image.pdf", "zero.pdf")}
    assert kinds == {"letter.pdf": ("pdf", "pdfium"), "truncated.pdf": ("pdf", "pdfium"),
                     "image.pdf": (None, "pdfium"), "zero.pdf": (None, "pdfium")}
    # one line per failure on stderr, naming the file and the reason
    failures = [line for line in result.stderr.splitlines() if line.startswith("hmic-extract:")]
    assert len(failures) == 8 and all("pdf" in line or "txt" in line for line in failures)
    assert "failed:" in result.stdout and "slowest:" in result.stdout


def test_password_given_opens_the_locked_file(bad_batch: tuple[Path, Path]) -> None:
    folder, out = bad_batch
    result = run_cli("convert", str(folder / "locked.pdf"), "--out", str(out),
                     "--password", "secret", "--quiet")
    no_traceback(result)
    assert result.returncode == 0
    assert reports(out)["locked.pdf"]["status"] == "ok"


def test_a_run_leaves_nothing_in_the_temporary_folder(tmp_path: Path) -> None:
    """multiprocessing keeps the fork server's socket in a folder of its own
    there; the command leaves without the interpreter's exit steps, so it
    removes that folder itself, after a good batch and after a failed one."""
    temp = tmp_path / "temp"
    temp.mkdir()
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.4 not really")
    for source, code in ((KENT_TXT, 0), (bad, 1)):
        result = run_cli("convert", str(source), "--out", str(tmp_path / "out"), "--quiet",
                         env={"TMPDIR": str(temp)})
        no_traceback(result)
        assert result.returncode == code, result.stderr
        assert not list(temp.iterdir())


def test_read_only_output_folder(tmp_path: Path) -> None:
    result = run_cli("convert", str(KENT_TXT), "--out", str(unwritable_folder(tmp_path)),
                     "--quiet")
    no_traceback(result)
    assert result.returncode == 1 and "cannot write" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_sigkill_mid_batch_then_rerun_completes(tmp_path: Path) -> None:
    inputs = text_copies(tmp_path / "in", PART_REPORTS + 12)
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "extract", "convert", str(tmp_path / "in"), "--out", str(out),
           "--jobs", "2", "--quiet"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    manifest = out / MANIFEST
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if manifest.exists() and load_manifest(out).parts:   # a part is committed
            break
        time.sleep(0.01)
    os.killpg(proc.pid, signal.SIGKILL)   # the batch and its workers, mid-run
    assert proc.wait() == -signal.SIGKILL
    for path in out.rglob("*.parquet"):
        pq.read_table(path)               # every visible file is complete and readable
    assert len(reports(out)) < len(inputs)   # the kill came before the end
    rerun = run_cli("convert", str(tmp_path / "in"), "--out", str(out), "--jobs", "2",
                    "--quiet")
    no_traceback(rerun)
    assert rerun.returncode == 0
    rows = reports(out)
    assert sorted(rows) == sorted(p.name for p in inputs)
    assert {r["status"] for r in rows.values()} == {"ok"}
    findings = pq.read_table(out / "findings")
    assert findings.num_rows == KENT_FINDINGS * len(inputs)   # nothing twice, nothing missing
    assert not [p for p in out.rglob("*") if p.name.endswith(".tmp")]


def test_hung_worker_is_stopped_by_the_time_limit(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "slow.txt").write_bytes(KENT_TXT.read_bytes() + b"\n")
    (folder / "kent.txt").write_bytes(KENT_TXT.read_bytes())
    (folder / "variant.txt").write_bytes(VARIANT_TXT.read_bytes())
    start = time.monotonic()
    result = run_cli("convert", str(folder), "--out", str(tmp_path / "out"), "--jobs", "2",
                     "--timeout", "3", "--quiet", env={FAULT_ENV: "hang:slow"}, timeout=120)
    assert time.monotonic() - start < 60
    no_traceback(result)
    assert result.returncode == 1
    rows = reports(tmp_path / "out")
    assert rows["slow.txt"]["error"] == "timeout" and rows["slow.txt"]["seconds"] == 3.0
    assert rows["kent.txt"]["status"] == "ok" and rows["variant.txt"]["status"] == "ok"
    slowest = result.stdout.split("slowest:\n")[1].splitlines()[0]   # the time limit it took
    assert slowest.split() == ["3.00", "s", f"{folder}/slow.txt", "(failed:", "timeout)"]


def test_crashing_worker_costs_only_its_document(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    text_copies(folder, 3)
    (folder / "boom.txt").write_bytes(VARIANT_TXT.read_bytes())
    result = run_cli("convert", str(folder), "--out", str(tmp_path / "out"), "--jobs", "1",
                     "--quiet", env={FAULT_ENV: "crash:boom"})
    no_traceback(result)
    assert result.returncode == 1
    rows = reports(tmp_path / "out")
    assert rows["boom.txt"]["error"] == "crashed" and "SIGSEGV" in str(rows["boom.txt"]["message"])
    assert [rows[f"kent-{i:03d}.txt"]["status"] for i in range(3)] == ["ok"] * 3


def test_parser_bug_costs_one_document_without_a_traceback(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    text_copies(folder, 2)
    (folder / "buggy.txt").write_bytes(VARIANT_TXT.read_bytes())
    result = run_cli("convert", str(folder), "--out", str(tmp_path / "out"), "--quiet",
                     env={FAULT_ENV: "raise:buggy"})
    no_traceback(result)
    rows = reports(tmp_path / "out")
    assert rows["buggy.txt"]["error"] == "crashed"
    assert "RuntimeError" in str(rows["buggy.txt"]["message"])
    assert rows["kent-000.txt"]["status"] == rows["kent-001.txt"]["status"] == "ok"


def test_rows_the_schemas_refuse_fail_their_document_only() -> None:
    """Workers send rows; the main process makes them tables. A row of the
    wrong type (a parser bug) fails its own document, as a bug in a worker would."""
    from extract.batch.messages import Outcome
    from extract.batch.run import _converted_doc
    from extract.pipeline import convert_path

    rows = convert_path(VARIANT_TXT)
    rows["findings"][0]["text"] = 1     # a string column
    sha = rows["reports"][0]["source_sha256"]
    outcome = Outcome("ok", 16, 0.1, rows=rows, sha256=sha)
    doc = _converted_doc(sha, ["variant.txt"], outcome, "pdfium", True)
    assert outcome.status == "failed" and outcome.error == "crashed"
    assert "findings.text: int 1" in str(outcome.message)
    assert [e.status for e in doc.entries] == ["failed"]
    [report] = doc.tables["reports"].to_pylist()
    assert (report["status"], report["error"]) == ("failed", "crashed")
    assert "findings" not in doc.tables


def test_batch_from_a_script_on_standard_input(tmp_path: Path) -> None:
    """Workers must not re-run the caller's main script (here: there is none)."""
    script = ("from extract.cli import main\n"
              f"raise SystemExit(main(['convert', {str(KENT_TXT)!r}, '--out', "
              f"{str(tmp_path / 'out')!r}, '--quiet']))\n")
    done = subprocess.run([sys.executable], input=script, capture_output=True, text=True,
                          timeout=120)
    no_traceback(done)
    assert done.returncode == 0
    assert reports(tmp_path / "out")["kent-2006.txt"]["status"] == "ok"


def test_memory_cap_fails_the_document_not_the_batch(tmp_path: Path) -> None:
    result = run_cli("convert", str(KENT_PDF), str(KENT_TXT), "--out", str(tmp_path / "out"),
                     "--memory-limit", "900", "--jobs", "1", "--quiet",
                     env={FAULT_ENV: "hog:kent-2006.pdf"})
    no_traceback(result)
    rows = reports(tmp_path / "out")
    assert rows["kent-2006.pdf"]["error"] == "out_of_memory"
    assert rows["kent-2006.txt"]["status"] == "ok"


def test_rerun_skips_force_redoes_and_duplicates_are_listed(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_bytes(KENT_TXT.read_bytes())
    out = tmp_path / "out"
    assert run_cli("convert", str(folder), "--out", str(out), "--quiet").returncode == 0
    (folder / "same-as-a.txt").write_bytes(KENT_TXT.read_bytes())
    again = run_cli("convert", str(folder), "--out", str(out))
    assert again.returncode == 0 and "0 ok, 0 warning, 0 failed, 2 skipped" in again.stdout
    rows = reports(out)
    assert rows["a.txt"]["report_id"] == rows["same-as-a.txt"]["report_id"]
    assert pq.read_table(out / "findings").num_rows == KENT_FINDINGS   # converted once
    forced = run_cli("convert", str(folder), "--out", str(out), "--force")
    assert forced.returncode == 0 and "2 ok" in forced.stdout
    assert pq.read_table(out / "findings").num_rows == KENT_FINDINGS
    assert len(list((out / "findings").glob("*.parquet"))) == 1      # small parts compacted


def test_another_engine_reads_the_pdfs_again(tmp_path: Path) -> None:
    """A rerun with another --engine reads each PDF again with it, replacing
    its rows; a text input has no engine to change and is skipped. Entries
    written before the engine was recorded count as converted."""
    pdf, out = FIXTURES / "variant-2006.pdf", tmp_path / "out"

    def convert(engine: str) -> str:
        result = run_cli("convert", str(pdf), str(VARIANT_TXT), "--out", str(out),
                         "--engine", engine)
        assert result.returncode == 0, result.stderr
        return result.stdout

    assert "2 ok" in convert("pdfplumber")
    assert "1 ok, 0 warning, 0 failed, 1 skipped" in convert("pdfium")
    rows = reports(out)
    assert (rows["variant-2006.pdf"]["engine"], rows["variant-2006.txt"]["engine"]) == \
        ("pdfium", "text")
    findings = pq.read_table(out / "findings").num_rows   # the PDF's old rows replaced
    assert findings == 2 * len([r for r in pq.read_table(out / "findings").to_pylist()
                                if r["report_id"] == rows["variant-2006.txt"]["report_id"]])
    assert "0 ok, 0 warning, 0 failed, 2 skipped" in convert("pdfium")
    manifest = out / MANIFEST
    old = re.sub(r'"engine": "[a-z]*",\s*', "", manifest.read_text(encoding="utf-8"))
    assert old != manifest.read_text(encoding="utf-8")
    manifest.write_text(old, encoding="utf-8")
    assert not (out / "_manifest.log").exists()   # all in the snapshot, folded at the end
    assert "0 ok, 0 warning, 0 failed, 2 skipped" in convert("pdfplumber")


def test_changed_file_replaces_its_old_rows(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    out = tmp_path / "out"
    path.write_bytes(KENT_TXT.read_bytes())
    assert run_cli("convert", str(path), "--out", str(out), "--quiet").returncode == 0
    path.write_bytes(VARIANT_TXT.read_bytes())
    assert run_cli("convert", str(path), "--out", str(out), "--quiet").returncode == 0
    assert [r["force"] for r in reports(out).values()] == ["Suffolk Constabulary"]
    assert {r["report_id"] for r in pq.read_table(out / "findings").to_pylist()} == \
        {reports(out)["report.txt"]["report_id"]}


def test_dataset_recovery_removes_leftovers(tmp_path: Path) -> None:
    ds = Dataset(tmp_path)
    ds.open()
    stray = [tmp_path / "findings" / "part-0000000000000000.parquet",
             tmp_path / "reports" / ".part-x.parquet.abc.tmp"]
    for path in stray:
        path.write_bytes(b"half a file")
    keep = tmp_path / "findings" / "README"
    keep.write_text("not ours")
    Dataset(tmp_path).open()
    assert not any(p.exists() for p in stray) and keep.exists()


def test_many_reports_make_few_files(tmp_path: Path) -> None:
    """Parts hold PART_REPORTS reports; resumed runs' small parts are merged."""
    inputs = text_copies(tmp_path / "in", PART_REPORTS + SMALL_PART + 3)
    out = tmp_path / "out"
    for i in (1, 2, len(inputs)):     # three runs, each adding inputs
        assert run_cli("convert", *map(str, inputs[:i]), "--out", str(out), "--jobs", "2",
                       "--quiet").returncode == 0
    parts = sorted((out / "reports").glob("*.parquet"))
    assert len(parts) == 2
    for name in load_schemas():
        assert len(list((out / name).glob("*.parquet"))) == len(parts), name
    assert pq.read_table(out / "reports").num_rows == len(inputs)


def test_idle_workers_are_let_go_before_the_pool_closes() -> None:
    # Told to go once nothing is left to convert, workers exit while the
    # batch writes its last part; a dismissed worker is never handed a job.
    from extract.batch.messages import Outcome
    from extract.batch.pool import Job, WorkerPool

    with WorkerPool(2, timeout=60, memory_mb=None) as pool:
        first = pool.idle()[0]
        pool.assign(first, Job(0, str(VARIANT_TXT), "variant.txt", "pdfium", None))
        [(job, outcome)] = pool.wait()
        assert job.seq == 0 and isinstance(outcome, Outcome) and outcome.status == "ok"
        pool.dismiss()
        assert pool.idle() == [] and pool.busy() == 0
        for worker in pool.workers:
            worker.process.join(timeout=5)
            assert worker.process.exitcode == 0
