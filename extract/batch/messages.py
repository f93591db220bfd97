"""What a worker sends back: the outcome of one document, with its rows.

The rows are plain Python values (one dict per row, as ``convert_bytes``
returns them), pickled by the pipe: the cheapest form to send, and one that
needs nothing loaded in the worker. The main process makes them Arrow tables
(``extract.output.arrow``), checked against the schemas, while the worker
goes on to the next document.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

Rows = dict[str, list[dict[str, Any]]]   # table -> rows


@dataclass(slots=True)
class Outcome:
    """What a worker sends back for one document."""

    status: str                  # ok | warning | failed
    pages: int | None
    seconds: float
    error: str | None = None     # error code when failed
    message: str | None = None   # one-line reason when failed
    rows: Rows = field(default_factory=dict)  # table -> rows; empty when none could be made
    report: str | None = None    # "Kent Police, October 2006"
    placed: float | None = None  # share of the text placed in tables
    sha256: str = ""             # of the bytes parsed; "" when none could be read
