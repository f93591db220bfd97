"""Helpers shared by the batch tests: running the command in a process of its
own, small reports with distinct bytes, reading an output folder back."""

from __future__ import annotations

import ctypes
import os
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import pyarrow.parquet as pq
from conftest import VARIANT_TXT

from extract.output.schema import load_schemas

Arg = str | bytes | os.PathLike[str]


def command(*args: Arg) -> list[Arg]:
    return [sys.executable, "-m", "extract", *args]


def run_cli(*args: Arg, env: dict[str, str] | None = None, timeout: float = 300,
            preexec: Callable[[], None] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command(*args), capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, **(env or {})}, preexec_fn=preexec)


def no_traceback(result: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in result.stderr + result.stdout, result.stderr


def variant_copies(folder: Path, n: int, start: int = 0) -> list[Path]:
    """``n`` copies of the small variant report, each with distinct bytes (a
    run of trailing blank lines), so each is a document of its own."""
    folder.mkdir(parents=True, exist_ok=True)
    text = VARIANT_TXT.read_bytes()
    paths = []
    for i in range(start, start + n):
        path = folder / f"variant-{i:03d}.txt"
        path.write_bytes(text + b"\n" * (i + 1))
        paths.append(path)
    return paths


def reports(out: Path) -> dict[str, dict[str, object]]:
    """The reports rows of a folder, by file name."""
    return {Path(str(r["source_path"])).name: r
            for r in pq.read_table(out / "reports").to_pylist()}


def dataset_files(out: Path) -> dict[str, bytes]:
    """Every Parquet file and the manifest of an output folder, by relative path."""
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.suffix == ".parquet" or p.name == "_manifest.json"}


def table_counts(out: Path) -> dict[str, int]:
    return {name: pq.read_table(out / name).num_rows for name in load_schemas()}


_CAP_DAC_OVERRIDE, _CAP_DAC_READ_SEARCH, _PR_CAPBSET_DROP = 1, 2, 24


def without_permission_override() -> None:
    """For ``preexec_fn``: a process started as root that, like any other
    user, cannot read what its permissions forbid. Root's capabilities to
    ignore file permissions are dropped from the bounding set, so the program
    run next does not get them. Does nothing for other users."""
    if os.geteuid() != 0:
        return
    libc = ctypes.CDLL(None, use_errno=True)
    for cap in (_CAP_DAC_OVERRIDE, _CAP_DAC_READ_SEARCH):
        if libc.prctl(_PR_CAPBSET_DROP, cap, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP) failed")


def lines(text: str, prefix: str = "hmic-extract:") -> list[str]:
    return [line for line in text.splitlines() if line.startswith(prefix)]


def args_of(paths: Sequence[Path]) -> list[str]:
    return [str(p) for p in paths]
