"""A report's id and status, and the rows recorded for an input that failed.
Kept apart from the pipeline so the batch's main process need not load it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from extract import PARSER_VERSION
from extract.errors import ExtractError
from extract.model import Diagnostic


def report_id(sha256: str) -> str:
    return sha256[:16]


def status_of(diagnostics: list[Diagnostic]) -> str:
    return "warning" if any(d.severity in ("error", "warning") for d in diagnostics) else "ok"


def failed_rows(path: str | Path, sha256: str, engine: str,
                error: ExtractError) -> dict[str, list[dict[str, Any]]]:
    """The ``reports`` row (and a diagnostic) for an input that failed."""
    rid = report_id(sha256)
    return {
        "reports": [{
            "report_id": rid, "source_path": str(path), "source_sha256": sha256,
            "source_kind": None, "engine": engine, "parser_version": PARSER_VERSION,
            "status": "failed", "error": error.code, "message": error.reason,
        }],
        "diagnostics": [{"report_id": rid, "severity": "error", "check": "input",
                         "message": f"{error.code}: {error.reason}", "page": error.page,
                         "line": error.line}],
    }
