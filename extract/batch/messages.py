"""What a worker sends back: the outcome of one document, its tables as
Arrow IPC streams (compact to pickle, zero-copy to read back)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pyarrow as pa


@dataclass(slots=True)
class Outcome:
    """What a worker sends back for one document."""

    status: str                  # ok | warning | failed
    pages: int | None
    seconds: float
    error: str | None = None     # error code when failed
    message: str | None = None   # one-line reason when failed
    tables: dict[str, bytes] = field(default_factory=dict)  # table -> Arrow IPC stream
    report: str | None = None    # "Kent Police, October 2006"
    placed: float | None = None  # share of the text placed in tables
    sha256: str = ""             # of the bytes parsed; "" when none could be read


def to_ipc(table: pa.Table) -> bytes:
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    return bytes(sink.getvalue().to_pybytes())


def from_ipc(data: bytes) -> pa.Table:
    return pa.ipc.open_stream(data).read_all()
