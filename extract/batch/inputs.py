"""Expanding command-line paths into inputs, and reading an input's bytes.

Names as people see them, and opening a file without blocking on a FIFO,
are ``extract.parse.read.input_file``'s: every command shares them.

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

from extract.errors import (
    InputError,
    MissingInputError,
    NotAFileError,
    UnreadableFolderError,
    UnreadableInputError,
)
from extract.parse.read.input_file import display, open_input, what_it_is

# Files taken from a folder; named files are always taken, whatever their name.
INPUT_SUFFIXES = (".pdf", ".txt")
CHUNK = 1 << 20


@dataclass(frozen=True, slots=True)
class Input:
    path: str                          # for the file system
    name: str                          # for people and tables: ``display(path)``
    problem: InputError | None = None  # why it cannot be converted at all


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
    return Input(path, name, NotAFileError(f"{what_it_is(mode)}, not a file: not read", path=name))


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


def hash_input(path: str, stopped: Callable[[], bool]) -> str | None:
    """SHA-256 of the file's bytes; None when ``stopped()`` meanwhile."""
    digest = hashlib.sha256()
    with open_input(path) as f:
        while chunk := f.read(CHUNK):
            digest.update(chunk)
            if stopped():
                return None
    return digest.hexdigest()
