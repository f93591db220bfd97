"""Crash consistency: a batch of 40 inputs killed with SIGKILL at 20 random
moments, with a second run into the same folder started alongside in some
rounds. After every kill the committed dataset reads back whole; after a
final rerun it is byte-identical to a clean single run. And, in one process,
a writer that dies at each change it makes to the folder in turn.

Seeded: ``HMIC_CRASH_SEED=N make test`` replays a run; every assertion
message names the seed and the round.
"""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import signal
import subprocess
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from batch_helpers import command, dataset_files, run_cli, table_counts, variant_copies

from extract import PARSER_VERSION
from extract.output.dataset import MANIFEST, Dataset, Doc, Entry
from extract.output.schema import load_schemas
from extract.output.tables import read_outputs

SEED = int(os.environ.get("HMIC_CRASH_SEED", "20061031"))
ROUNDS = 20
INPUTS = 40
FLAGS = ("--no-timings", "--quiet")   # the clean run and the final one


def start(rng: random.Random, folder: Path, out: Path) -> subprocess.Popen[str]:
    """A run with a random number of workers; half of them redo everything,
    so that late rounds still write, replace and remove parts."""
    extra = ["--force"] if rng.random() < 0.5 else []
    return subprocess.Popen(command("convert", folder, "--out", out, "--jobs",
                                    rng.choice(["1", "2"]), "--no-timings", *extra),
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)


def wait_for(proc: subprocess.Popen[str], done: int) -> None:
    """Until the run has converted ``done`` documents (or has ended)."""
    assert proc.stderr is not None
    for line in proc.stderr:
        if line.startswith(f"[{done}/"):
            return


def kill(proc: subprocess.Popen[str]) -> None:
    """SIGKILL to the run and its workers, wherever they are."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.communicate(timeout=60)


def check_whole(out: Path, per_report: dict[str, int], where: str) -> None:
    """What the manifest names reads back complete: every report's rows, once."""
    if not (out / MANIFEST).exists():
        return
    tables = read_outputs(out)
    listed = Counter((r["report_id"], r["source_path"]) for r in tables["reports"])
    assert all(n == 1 for n in listed.values()), where
    reports = len({rid for rid, _ in listed})
    counts = {name: len(rows) for name, rows in tables.items()}
    assert counts == {name: n * reports for name, n in per_report.items()}, where


def test_killed_at_random_moments_then_rerun_equals_a_clean_run(tmp_path: Path) -> None:
    rng = random.Random(SEED)
    folder = tmp_path / "in"
    variant_copies(folder, INPUTS)
    began = time.monotonic()
    clean = run_cli("convert", folder, "--out", tmp_path / "clean", "--jobs", "2", *FLAGS)
    span = time.monotonic() - began            # a whole run, start-up included
    assert clean.returncode == 0, clean.stderr
    per_report = {name: n // INPUTS for name, n in table_counts(tmp_path / "clean").items()}
    out = tmp_path / "out"
    for round_no in range(ROUNDS):
        where = f"HMIC_CRASH_SEED={SEED}, round {round_no}"
        first = start(rng, folder, out)
        second = None
        if rng.random() < 0.4:                 # another run into the same folder
            time.sleep(rng.uniform(0, span / 2))
            second = start(rng, folder, out)
        if rng.random() < 0.5:                 # a moment in time: start-up, plan, recovery
            time.sleep(rng.uniform(0, span))
        else:                                  # a moment in the work: conversion, commits
            wait_for(first, rng.randint(1, INPUTS))
            time.sleep(rng.uniform(0, 0.05))
        kill(first)
        if second is not None:
            if rng.random() < 0.5:
                time.sleep(rng.uniform(0, span))
                kill(second)
            else:
                _, stderr = second.communicate(timeout=120)
                assert second.returncode == 0, (where, stderr)
        check_whole(out, per_report, where)
    final = run_cli("convert", folder, "--out", out, "--jobs", "2", *FLAGS)
    assert final.returncode == 0, (SEED, final.stderr)
    check_whole(out, per_report, f"HMIC_CRASH_SEED={SEED}, final")
    assert dataset_files(out) == dataset_files(tmp_path / "clean"), f"HMIC_CRASH_SEED={SEED}"
    leftovers = [p for p in out.rglob("*") if p.name.endswith(".tmp")]
    assert not leftovers, f"HMIC_CRASH_SEED={SEED}"


class Crash(BaseException):
    """The process dying at this point: nothing after it runs."""


def synthetic_docs(template: dict[str, pa.Table], first: int, n: int,
                   edition: int = 0) -> list[Doc]:
    """``n`` reports made from one report's tables, ``report-<i>.txt`` each;
    another ``edition`` is other bytes under the same paths."""
    docs = []
    for i in range(first, first + n):
        sha = hashlib.sha256(f"{i}/{edition}".encode()).hexdigest()
        rid = sha[:16]
        tables = {}
        for name, table in template.items():
            rows = [{**r, "report_id": rid} for r in table.to_pylist()]
            if name == "reports":
                for r in rows:
                    r.update(source_path=f"report-{i:02d}.txt", source_sha256=sha)
            tables[name] = pa.Table.from_pylist(rows, schema=table.schema)
        docs.append(Doc([Entry(rid, f"report-{i:02d}.txt", sha, PARSER_VERSION, "ok", True)],
                        tables))
    return docs


def writer_session(root: Path, template: dict[str, pa.Table]) -> None:
    """What runs do to a folder: commit parts, replace reports whose files
    changed (rewriting older parts), merge small parts, fold the manifest."""
    dataset = Dataset(root)
    assert dataset.open() == []                 # a crash never damages a committed part
    dataset.commit(synthetic_docs(template, 0, 6))
    dataset.commit(synthetic_docs(template, 2, 2, edition=1))
    dataset.compact()
    dataset.close()


def crash_points(kinds: list[str]) -> list[int]:
    """Where to crash (1-based): every change with HMIC_CRASH_EVERY=1, else the
    first, middle and last of each run of alike changes (renaming a part's 14
    files, say) and every journal write."""
    if os.environ.get("HMIC_CRASH_EVERY"):
        return list(range(1, len(kinds) + 1))
    points, start = set(), 0
    for i, kind in enumerate(kinds):
        if i + 1 == len(kinds) or kinds[i + 1] != kind:
            points.update({start + 1, (start + i) // 2 + 1, i + 1})
            start = i + 1
    return sorted(points | {i + 1 for i, kind in enumerate(kinds) if kind == "write"})


def test_a_crash_at_any_change_to_the_folder_leaves_it_whole(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each rename, removal and journal write a writer makes fails in turn, as
    if the process died there (a journal line half written). The folder then
    opens without a damaged part and reads back whole, and a rerun leaves it
    byte-identical to a session that never crashed."""
    variant_copies(tmp_path / "in", 1)
    assert run_cli("convert", tmp_path / "in", "--out", tmp_path / "one",
                   "--no-timings", "--quiet").returncode == 0
    template = {name: pq.read_table(tmp_path / "one" / name, schema=schema.arrow())
                for name, schema in load_schemas().items()}
    per_report = {name: table.num_rows for name, table in template.items()}
    writer_session(tmp_path / "clean", template)
    clean = dataset_files(tmp_path / "clean")
    calls = {"n": 0, "crash_at": 0}   # crash_at 0: count the changes, crash at none
    kinds: list[str] = []
    real: dict[str, Callable[..., Any]] = {"replace": os.replace, "unlink": os.unlink,
                                           "write": os.write}

    def fallible(name: str) -> Callable[..., Any]:
        def call(*args: Any, **kwargs: Any) -> Any:
            if calls["crash_at"] >= 0:
                calls["n"] += 1
                if calls["crash_at"] == 0:
                    kinds.append(name)
                if calls["n"] == calls["crash_at"]:
                    if name == "write" and len(args[1]) > 1:    # a torn journal line
                        real["write"](args[0], bytes(args[1])[:len(args[1]) // 2])
                    raise Crash
            return real[name](*args, **kwargs)
        return call

    for name in real:
        monkeypatch.setattr(os, name, fallible(name))
    writer_session(tmp_path / "counted", template)
    changes = calls["n"]
    assert changes > 40
    for crash_at in crash_points(kinds):
        root = tmp_path / f"crash-{crash_at}"
        calls.update(n=0, crash_at=crash_at)
        with pytest.raises(Crash):
            writer_session(root, template)
        calls["crash_at"] = -1
        check_whole(root, per_report, f"crash at change {crash_at}")
        writer_session(root, template)           # the next run
        assert dataset_files(root) == clean, f"crash at change {crash_at}"
        shutil.rmtree(root)
