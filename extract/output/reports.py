"""The ``reports`` table's rows: one builder for converted and failed inputs.

Kept apart from the pipeline so the batch's main process need not load the
parser to record an input that failed before a worker could read it.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from extract import PARSER_VERSION
from extract.errors import ExtractError
from extract.model import Diagnostic

Row = dict[str, Any]
NO_CONTENT = "0" * 64   # the source_sha256 of an input whose bytes could not be read


def report_id(sha256: str, path: str | Path = "") -> str:
    """The report's stable id: the first 16 hex digits of its bytes' SHA-256.
    An input whose bytes could not be read (a missing path, a FIFO) has no
    content to name it: its id comes from its path (as displayed) instead,
    so that two such inputs are never taken for copies of one report."""
    if sha256 != NO_CONTENT:
        return sha256[:16]
    if not str(path):
        raise ValueError("an unread input's report_id needs its path")
    return hashlib.sha256(f"unread input {path}".encode()).hexdigest()[:16]


def status_of(diagnostics: list[Diagnostic]) -> str:
    """``ok`` only when nothing was flagged: an error or warning means some
    value may not be as printed, and the user must be able to see that."""
    return "warning" if any(d.severity in ("error", "warning") for d in diagnostics) else "ok"


def report_row(path: str | Path, sha256: str, engine: str, *, kind: str | None,
               status: str, error: ExtractError | None = None, **facts: Any) -> Row:
    """A ``reports`` row. ``facts`` are the columns only a converted input
    has (force, published, pages, ...); a failed input carries ``error``."""
    return {
        "report_id": report_id(sha256, path), "source_path": str(path), "source_sha256": sha256,
        "source_kind": kind, "engine": engine, "parser_version": PARSER_VERSION,
        "status": status, "error": error.code if error else None,
        "message": error.reason if error else None, **facts,
    }


def failed_rows(path: str | Path, sha256: str, engine: str, error: ExtractError,
                kind: str | None = None) -> dict[str, list[Row]]:
    """The ``reports`` row (and a diagnostic) for an input that failed;
    ``kind`` when its bytes were read and told apart (a text is read as text,
    whatever engine was asked for)."""
    engine = "text" if kind == "text" else engine
    return {
        "reports": [report_row(path, sha256, engine, kind=kind, status="failed", error=error)],
        "diagnostics": [{"report_id": report_id(sha256, path), "severity": "error",
                         "check": "input", "message": f"{error.code}: {error.reason}",
                         "page": error.page, "line": error.line}],
    }
