"""Expanding command-line paths into inputs, and reading an input's bytes.

Paths are kept as the file system gives them: a name that is not UTF-8 is a
``str`` with surrogate escapes (``os.fsdecode``), which opens the right
file. What people see, and what the tables record, is ``display(path)``:
the same name with each byte that is not UTF-8 written as ``\\xNN``, and a
backslash as ``\\x5c``, so that no two names are displayed alike.

Every path given gets an input, convertible or not: a missing path, a FIFO
or device, a folder that cannot be listed each carry the error that becomes
their failed row. Nothing here opens a FIFO: opening one can block forever.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from extract.errors import (
    InputError,
    MissingInputError,
    NotAFileError,
    UnreadableFolderError,
    UnreadableInputError,
)

# Files taken from a folder; named files are always taken, whatever their name.
INPUT_SUFFIXES = (".pdf", ".txt")
CHUNK = 1 << 20


@dataclass(frozen=True, slots=True)
class Input:
    path: str                          # for the file system
    name: str                          # for people and tables: ``display(path)``
    problem: InputError | None = None  # why it cannot be converted at all


def display(path: str) -> str:
    """``path`` as text that any output can hold: bytes that are not UTF-8 as
    ``\\xNN``. A backslash is written ``\\x5c``: a name that spells an escape
    itself ("caf\\xe9") would otherwise be shown, recorded and resumed as the
    other file's. Reruns find their inputs by this name."""
    return os.fsencode(path).replace(b"\\", b"\\x5c").decode("utf-8", "backslashreplace")


def _what(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a device"


def _input(path: str, *, given: bool) -> Input | list[Input]:
    """One path: a file, a folder's inputs, or an input with its problem."""
    name = display(path)
    try:
        mode = os.stat(path).st_mode
    except (FileNotFoundError, NotADirectoryError):
        reason = "no such file or folder" if given else "a broken symbolic link"
        return Input(path, name, MissingInputError(reason, path=name))
    except OSError as exc:
        return Input(path, name, UnreadableInputError(f"cannot read: {exc.strerror or exc}",
                                                      path=name))
    if stat.S_ISDIR(mode) and given:
        return _walk(path)
    if stat.S_ISREG(mode):
        return Input(path, name)
    return Input(path, name, NotAFileError(f"{_what(mode)}, not a file: not read", path=name))


def _walk(top: str) -> list[Input]:
    """Report files below ``top``, and each folder that cannot be listed."""
    found: list[Input] = []
    unlisted: list[OSError] = []
    for folder, subfolders, files in os.walk(top, onerror=unlisted.append):
        subfolders[:] = [d for d in subfolders if not d.startswith(".")]
        for file in files:
            if not file.startswith(".") and file.lower().endswith(INPUT_SUFFIXES):
                one = _input(os.path.join(folder, file), given=False)
                found.extend(one if isinstance(one, list) else [one])
    for exc in unlisted:
        name = display(str(exc.filename))
        found.append(Input(str(exc.filename), name, UnreadableFolderError(
            f"cannot list the folder: {exc.strerror or exc}", path=name)))
    return sorted(found, key=lambda i: Path(i.path))


def expand_inputs(paths: list[str]) -> list[Input]:
    """Files as given plus report files found below folders, in a stable
    order, each once; a path that cannot be converted comes with its problem."""
    seen: set[str] = set()
    inputs = []
    for raw in paths:
        one = _input(raw, given=True)
        for inp in one if isinstance(one, list) else [one]:
            if inp.path not in seen:
                seen.add(inp.path)
                inputs.append(inp)
    return inputs


def open_input(path: str) -> BinaryIO:
    """A regular file opened for reading; a FIFO or device is refused
    without blocking. Raises InputError, or OSError on a read error."""
    name = display(path)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC)
    except (FileNotFoundError, NotADirectoryError):
        raise MissingInputError("no such file (removed before it was read?)",
                                path=name) from None
    except OSError as exc:
        raise UnreadableInputError(f"cannot read: {exc.strerror or exc}", path=name) from None
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        raise NotAFileError(f"{_what(mode)}, not a file: not read", path=name)
    return os.fdopen(fd, "rb")   # O_NONBLOCK changes nothing for a regular file


def read_input(path: str) -> bytes:
    with open_input(path) as f:
        return f.read()


def hash_input(path: str, stopped: Callable[[], bool]) -> str | None:
    """SHA-256 of the file's bytes; None when ``stopped()`` meanwhile."""
    digest = hashlib.sha256()
    with open_input(path) as f:
        while chunk := f.read(CHUNK):
            digest.update(chunk)
            if stopped():
                return None
    return digest.hexdigest()
