"""Opening an input file: a regular file only, named as people see it.

Paths are kept as the file system gives them: a name that is not UTF-8 is a
``str`` with surrogate escapes (``os.fsdecode``), which opens the right
file. What people see, and what the tables record, is ``display(path)``:
the same name with each byte that is not UTF-8 written as ``\\xNN``, and a
backslash as ``\\x5c``, so that no two names are displayed alike.

A FIFO or device is refused without being read: opening one can block
forever, and reading ``/dev/zero`` never ends. Every command that reads an
input opens it here.
"""

from __future__ import annotations

import os
import stat
from typing import BinaryIO

from extract.errors import MissingInputError, NotAFileError, UnreadableInputError


def display(path: str) -> str:
    """``path`` as text that any output can hold: bytes that are not UTF-8 as
    ``\\xNN``. A backslash is written ``\\x5c``: a name that spells an escape
    itself ("caf\\xe9") would otherwise be shown, recorded and resumed as the
    other file's. Reruns find their inputs by this name."""
    return os.fsencode(path).replace(b"\\", b"\\x5c").decode("utf-8", "backslashreplace")


def what_it_is(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a device"


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
        raise NotAFileError(f"{what_it_is(mode)}, not a file: not read", path=name)
    return os.fdopen(fd, "rb")   # O_NONBLOCK changes nothing for a regular file


def read_input(path: str) -> bytes:
    with open_input(path) as f:
        return f.read()
