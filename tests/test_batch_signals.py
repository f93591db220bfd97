"""Stopping a batch: SIGTERM and Ctrl-C stop it within a second, commit what
is complete and print one line; a reader of its output that goes away stops
it quietly. No traceback from any process, no process left behind, and a
rerun completes the set."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest
from batch_helpers import command, lines, reports, run_cli, table_counts, variant_copies
from conftest import KENT_TXT

INPUTS = 40



@pytest.fixture(scope="module")
def per_report(tmp_path_factory: pytest.TempPathFactory) -> dict[str, int]:
    """Rows per table for one variant report."""
    folder = tmp_path_factory.mktemp("one")
    variant_copies(folder / "in", 1)
    assert run_cli("convert", folder / "in", "--out", folder / "out", "--quiet").returncode == 0
    return table_counts(folder / "out")


def start(folder: Path, out: Path, *extra: str, stderr: int = subprocess.PIPE,
          temp: Path | None = None) -> subprocess.Popen[str]:
    """The batch in a process group of its own; ``temp`` as its temporary folder."""
    env = {**os.environ, "TMPDIR": str(temp)} if temp is not None else None
    return subprocess.Popen(command("convert", folder, "--out", out, "--jobs", "2", *extra),
                            stdout=subprocess.PIPE, stderr=stderr, text=True,
                            start_new_session=True, env=env)


def temp_folder(tmp_path: Path) -> Path:
    """An empty temporary folder for one batch, to see what it leaves there."""
    temp = tmp_path / "temp"
    temp.mkdir()
    return temp


def read_until(proc: subprocess.Popen[str], marker: str) -> list[str]:
    assert proc.stderr is not None
    seen = []
    for line in proc.stderr:
        seen.append(line)
        if marker in line:
            return seen
    raise AssertionError(f"no {marker!r} in {seen}")


def group_gone(pgid: int, within: float = 5.0) -> bool:
    """True once no process of the batch's process group is left."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        alive = []
        for p in psutil.process_iter(["pid"]):
            try:
                if os.getpgid(p.pid) == pgid and p.status() != psutil.STATUS_ZOMBIE:
                    alive.append(p)
            except (ProcessLookupError, psutil.Error):
                pass
        if not alive:
            return True
        time.sleep(0.05)
    return False


def complete(out: Path, per_report: dict[str, int], n: int) -> None:
    """``n`` reports, each with all its rows and no row twice."""
    rows = reports(out)
    assert len(rows) == n and {r["status"] for r in rows.values()} == {"ok"}
    assert table_counts(out) == {name: count * n for name, count in per_report.items()}
    assert not [p for p in out.rglob("*") if p.name.endswith(".tmp")]


@pytest.mark.parametrize("signum, code, group", [
    (signal.SIGTERM, 143, False),     # `kill PID`
    (signal.SIGTERM, 143, True),      # a service manager stopping the whole group
    (signal.SIGINT, 130, True),       # Ctrl-C on a terminal
])
def test_signal_mid_batch_stops_within_a_second(signum: int, code: int, group: bool,
                                                tmp_path: Path,
                                                per_report: dict[str, int]) -> None:
    variant_copies(tmp_path / "in", INPUTS)
    out = tmp_path / "out"
    proc = start(tmp_path / "in", out, temp=(temp := temp_folder(tmp_path)))
    read_until(proc, "[6/")
    sent = time.monotonic()
    if group:
        os.killpg(proc.pid, signum)
    else:
        os.kill(proc.pid, signum)
    stdout, stderr = proc.communicate(timeout=30)
    stopped = time.monotonic() - sent
    assert "Traceback" not in stdout + stderr, stderr
    assert proc.returncode == code, stderr
    assert stopped < 1.0, stopped
    assert stdout == ""
    (said,) = lines(stderr)                  # one line, naming the signal
    assert signal.Signals(signum).name in said
    assert all(line.startswith("[") for line in stderr.splitlines() if line != said)
    assert group_gone(proc.pid)
    assert not list(temp.iterdir())          # the fork server's socket folder too
    committed = len(reports(out))
    assert 6 <= committed < INPUTS          # what was complete is committed
    complete(out, per_report, committed)
    rerun = run_cli("convert", tmp_path / "in", "--out", out, "--quiet")
    assert rerun.returncode == 0, rerun.stderr
    complete(out, per_report, INPUTS)

def test_ctrl_c_while_the_worker_server_starts(tmp_path: Path) -> None:
    variant_copies(tmp_path / "in", 4)
    proc = start(tmp_path / "in", tmp_path / "out", temp=(temp := temp_folder(tmp_path)))
    parent = psutil.Process(proc.pid)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:     # the server is loading the parser
        # The server is the child that is not multiprocessing's resource
        # tracker: forked from the command, it shares the command's name.
        if any("resource_tracker" not in " ".join(c.cmdline()) for c in parent.children()):
            break
        time.sleep(0.002)
    os.killpg(proc.pid, signal.SIGINT)
    stdout, stderr = proc.communicate(timeout=30)
    assert "Traceback" not in stderr and "KeyboardInterrupt" not in stderr, stderr
    assert proc.returncode == 130
    assert len(stderr.splitlines()) == 1 and "SIGINT" in stderr
    assert group_gone(proc.pid)
    assert not list(temp.iterdir())

def test_ctrl_c_while_the_program_loads() -> None:
    """Before the command has set up its own handling (here: while it imports
    its modules), a Ctrl-C ends it with one line, not a traceback."""
    script = ("import os, signal, sys\n"
              "class Interrupting:\n"
              "    def find_spec(self, name, path=None, target=None):\n"
              "        if name == 'extract.cli.main':\n"
              "            os.kill(os.getpid(), signal.SIGINT)\n"
              "sys.meta_path.insert(0, Interrupting())\n"
              f"sys.argv = ['hmic-extract', 'show', {str(KENT_TXT)!r}]\n"
              "from extract.launch import run\n"
              "run()\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 130
    assert done.stderr == "hmic-extract: stopped by SIGINT\n" and done.stdout == ""


def test_stderr_reader_going_away(tmp_path: Path, per_report: dict[str, int]) -> None:
    """``convert … 2>&1 | head -3``: the batch stops quietly and keeps its work."""
    variant_copies(tmp_path / "in", INPUTS)
    out = tmp_path / "out"
    proc = start(tmp_path / "in", out, stderr=subprocess.STDOUT)
    assert proc.stdout is not None
    head = [proc.stdout.readline() for _ in range(3)]
    proc.stdout.close()
    assert proc.wait(timeout=60) == 141
    assert head[0].startswith("converting")
    committed = len(reports(out))
    assert committed >= 2                    # the two documents shown are kept
    complete(out, per_report, committed)
    assert group_gone(proc.pid)
    rerun = run_cli("convert", tmp_path / "in", "--out", out, "--quiet")
    assert rerun.returncode == 0
    complete(out, per_report, INPUTS)

def test_summary_reader_going_away(tmp_path: Path, per_report: dict[str, int]) -> None:
    variant_copies(tmp_path / "in", 8)
    out = tmp_path / "out"
    with (tmp_path / "stderr").open("w+") as err:
        proc = start(tmp_path / "in", out, "--quiet", stderr=err.fileno())
        assert proc.stdout is not None
        proc.stdout.close()
        assert proc.wait(timeout=60) == 141
        err.seek(0)
        assert err.read() == ""
    complete(out, per_report, 8)

def test_dump_into_a_pipe_closed_early() -> None:
    """``dump … | head -1``: a quiet exit, as Unix tools do."""
    proc = subprocess.Popen(command("dump", "--stage", "read", KENT_TXT),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stderr is not None
    assert proc.stdout.readline().strip()
    proc.stdout.close()
    stderr = proc.stderr.read()
    assert proc.wait(timeout=60) == 141
    assert stderr == "" and lines(stderr) == []
