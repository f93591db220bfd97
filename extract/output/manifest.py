"""The manifest: which parts of an output folder are committed, and the inputs
in each. The single source of truth for writers and readers alike.

    DIR/_manifest.json   the snapshot: every committed part and its entries
    DIR/_manifest.log    the journal: one line per commit since the snapshot

A commit appends one line to the journal, so its cost does not grow with the
dataset. The snapshot is rewritten (atomically, by rename) only when a
writer opens a folder whose journal a crash left behind, and when it closes:
a finished run leaves the snapshot alone, the same bytes for the same inputs.

Crash safety: each journal line ends with a checksum, and a line cut short
by a crash is ignored. The journal's first line names the snapshot it
extends by its SHA-256; after a crash between writing a new snapshot and
removing the journal, the journal names an older snapshot and is ignored.

Everything read is checked: shape, field types, part ids (only the ids the
writer gives, so no entry can name a path outside the folder). A manifest
that fails a check raises ``DamagedOutputError`` naming the file.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

from extract.errors import DamagedOutputError, OutputError
from extract.output.files import PART_ID, write_text_atomic

MANIFEST = "_manifest.json"
JOURNAL = "_manifest.log"
FORMAT = 2           # 2: snapshot and journal; 1 (snapshot only) is read too
STATUSES = ("ok", "warning", "failed")
_HEX = {16: re.compile(r"[0-9a-f]{16}"), 64: re.compile(r"[0-9a-f]{64}")}
_SUM = 16            # hex digits of SHA-256 that end each journal line


@dataclass(frozen=True, slots=True)
class Entry:
    """One input listed in a part: a report under one source path."""

    report_id: str
    source_path: str
    sha256: str          # of the bytes parsed; zeros when the input could not be read
    parser_version: str
    status: str
    has_rows: bool       # False when another path's entry carries the report's rows
    # The reader that made the rows ("pdfium", "pdfplumber", "text"); "" in
    # entries written before it was recorded.
    engine: str = ""


Parts = dict[str, list[Entry]]
_FIELDS = {f.name: (bool if f.name == "has_rows" else str) for f in fields(Entry)}


class _Shape(ValueError):
    """What is wrong with a manifest's contents, for the one-line message."""


def _entry(obj: Any) -> Entry:
    if not isinstance(obj, dict) or set(obj) not in (set(_FIELDS), set(_FIELDS) - {"engine"}):
        raise _Shape(f"an entry must be an object with {', '.join(_FIELDS)}")
    for name, kind in _FIELDS.items():
        if name in obj and type(obj[name]) is not kind:
            raise _Shape(f"an entry's {name} must be a {kind.__name__}")
    entry = Entry(**obj)
    if not (_HEX[16].fullmatch(entry.report_id) and _HEX[64].fullmatch(entry.sha256)):
        raise _Shape(f"entry {entry.source_path!r} has a malformed report_id or sha256")
    if entry.status not in STATUSES or not entry.source_path:
        raise _Shape(f"entry {entry.source_path!r} has status {entry.status!r} or no path")
    return entry


def _part_id(pid: Any) -> str:
    if not isinstance(pid, str) or not PART_ID.fullmatch(pid):
        raise _Shape(f"part id {pid!r} is not one this tool writes (part-<16 hex digits>)")
    return pid


def _parts(obj: Any) -> Parts:
    if not isinstance(obj, dict):
        raise _Shape("parts must be an object of part id -> entries")
    parts: Parts = {}
    for pid, entries in obj.items():
        if not isinstance(entries, list) or not entries:
            raise _Shape(f"part {pid!r} must list its entries")
        parts[_part_id(pid)] = [_entry(e) for e in entries]
    return parts


def _parts_json(parts: Parts) -> dict[str, list[dict[str, Any]]]:
    return {pid: [asdict(e) for e in sorted(es, key=lambda e: (e.report_id, e.source_path))]
            for pid, es in sorted(parts.items())}


def snapshot_text(parts: Parts) -> str:
    return json.dumps({"format": FORMAT, "parts": _parts_json(parts)}, indent=1,
                      sort_keys=True) + "\n"


def _load_json(data: bytes) -> Any:
    try:
        return json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise _Shape(f"not JSON ({exc})") from None


def parse_snapshot(data: bytes) -> Parts:
    doc = _load_json(data)
    if not isinstance(doc, dict) or "format" not in doc or "parts" not in doc:
        raise _Shape("must be an object with format and parts")
    if doc["format"] not in (1, FORMAT):
        raise _Shape(f"has format {doc['format']!r}; this version reads 1 and {FORMAT}")
    return _parts(doc["parts"])


def _line(record: dict[str, Any]) -> bytes:
    text = json.dumps(record, sort_keys=True, separators=(",", ":"))
    return f"{text}\t{hashlib.sha256(text.encode()).hexdigest()[:_SUM]}\n".encode()


def _record(line: bytes) -> dict[str, Any] | None:
    """A journal line's record, or None when the line fails its checksum."""
    try:
        text, tab, checksum = line.decode("utf-8").rpartition("\t")
    except UnicodeDecodeError:
        return None
    if not tab or checksum != hashlib.sha256(text.encode()).hexdigest()[:_SUM]:
        return None
    record = json.loads(text)
    return record if isinstance(record, dict) else None


def replay(parts: Parts, journal: bytes, base: bytes) -> bool:
    """Apply the journal's commits to ``parts``, read from the snapshot
    ``base``. Returns False when the journal extends another snapshot."""
    # Every line ends with a newline: bytes after the last one are an append
    # that a crash cut short, and a last line failing its checksum likewise.
    lines = journal.split(b"\n")[:-1]
    header = _record(lines[0]) if lines else None
    if header is None or header.get("base") != hashlib.sha256(base).hexdigest():
        return False
    records = [_record(line) for line in lines[1:]]
    if None in records[:-1]:
        raise _Shape("a line other than the last is damaged")
    for record in records:
        if record is None:
            break
        if not isinstance(record.get("drop"), list):
            raise _Shape("a commit must list the parts it drops")
        for pid in record["drop"]:
            parts.pop(_part_id(pid), None)
        parts.update(_parts(record.get("add")))
    return True


@dataclass(slots=True)
class Manifest:
    parts: Parts
    snapshot: bytes | None    # the snapshot's bytes; None when there is none
    journal: bool             # a journal exists (current or stale)


def load(root: Path) -> Manifest:
    """The committed parts of ``root``; raises DamagedOutputError naming the
    file that fails a check."""
    snapshot_path, journal_path = root / MANIFEST, root / JOURNAL
    snapshot = _read(snapshot_path)
    journal = _read(journal_path)
    parts: Parts = {}
    if snapshot is not None:
        try:
            parts = parse_snapshot(snapshot)
        except _Shape as exc:
            raise _damaged(snapshot_path, exc) from None
    if snapshot is not None and journal is not None:
        try:
            replay(parts, journal, snapshot)
        except (_Shape, json.JSONDecodeError) as exc:
            raise _damaged(journal_path, exc) from None
    return Manifest(parts, snapshot, journal is not None)


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise DamagedOutputError(f"cannot be read: {exc.strerror or exc}", path=str(path)) \
            from None


def _damaged(path: Path, exc: Exception) -> DamagedOutputError:
    return DamagedOutputError(f"damaged: {exc}; move it away to start afresh", path=str(path))


class Journal:
    """Appends commits to ``DIR/_manifest.log``; ``fold`` writes them into
    the snapshot and removes the journal."""

    def __init__(self, root: Path, snapshot: bytes) -> None:
        self.root = root
        self.base = snapshot
        self.fd: int | None = None

    def append(self, add: Parts, drop: list[str]) -> None:
        """One commit, one line, one write: it is in the journal or it is not."""
        path = self.root / JOURNAL
        try:
            if self.fd is None:
                self.fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_APPEND
                                  | os.O_NOFOLLOW | os.O_CLOEXEC, 0o666)
                self._write(_line({"base": hashlib.sha256(self.base).hexdigest()}))
            self._write(_line({"add": _parts_json(add), "drop": sorted(drop)}))
        except OSError as exc:
            raise OutputError(f"cannot write: {exc.strerror or exc}", path=str(path)) from None

    def _write(self, data: bytes) -> None:
        assert self.fd is not None
        start = os.lseek(self.fd, 0, os.SEEK_END)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(self.fd, view):]
        except OSError:
            os.ftruncate(self.fd, start)   # no torn line for later commits to follow
            raise

    def fold(self, parts: Parts) -> None:
        """Write ``parts`` as the snapshot, then drop the journal: until the
        journal is gone, it names the old snapshot and so is ignored."""
        text = snapshot_text(parts)
        data = text.encode("utf-8")
        if data != self.base:
            write_text_atomic(text, self.root / MANIFEST)
        self.close()
        (self.root / JOURNAL).unlink(missing_ok=True)
        self.base = data

    def close(self) -> None:
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None
