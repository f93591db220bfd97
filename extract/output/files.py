"""Files in the output folder: created with the permissions the umask gives,
written under a hidden temporary name and renamed into place, never written
through a symbolic link, and removed only when their name is one this tool
gives.

pandas, pyarrow and DuckDB skip names starting with ``.`` or ``_``, so
temporary files (``.NAME.<random>.tmp``) and the manifest stay out of a
table read as a folder.
"""

from __future__ import annotations

import os
import re
import secrets
import stat
from collections.abc import Callable
from pathlib import Path

PART_ID = re.compile(r"part-[0-9a-f]{16}")   # the ids the writer gives its parts
PARQUET_MAGIC = b"PAR1"                       # first and last four bytes of a Parquet file

# O_NOFOLLOW: a link planted in the folder cannot send a write elsewhere.
_CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC


def create_temp(folder: Path, name: str) -> Path:
    """A new empty hidden file in ``folder`` for ``name``. Mode 0666 less the
    umask, like any file a command creates (``mkstemp`` would give 0600 and
    leave other users unable to read the data)."""
    while True:
        path = folder / f".{name}.{secrets.token_hex(8)}.tmp"
        try:
            os.close(os.open(path, _CREATE, 0o666))
            return path
        except FileExistsError:
            continue


def is_temp(name: str) -> bool:
    """A temporary file this tool leaves behind when killed mid-write."""
    return name.startswith(".") and name.endswith(".tmp")


def part_file(name: str) -> str | None:
    """The part id of a file named ``part-<id>.parquet``, else None."""
    stem, dot, suffix = name.partition(".")
    return stem if dot and suffix == "parquet" and PART_ID.fullmatch(stem) else None


def write_atomic(write: Callable[[str], object], path: Path) -> None:
    """Call ``write(tmp_path)`` and rename the result to ``path``: readers
    see the old file or the new one, never half of one."""
    tmp = create_temp(path.parent, path.name)
    try:
        write(str(tmp))
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_text_atomic(text: str, path: Path) -> None:
    write_atomic(lambda tmp: Path(tmp).write_text(text, encoding="utf-8"), path)


def parquet_intact(path: Path) -> bool:
    """A regular file framed by Parquet's magic bytes at both ends: what a
    file cut short, emptied or replaced by something else lacks."""
    try:
        info = os.lstat(path)
        if not stat.S_ISREG(info.st_mode) or info.st_size < 2 * len(PARQUET_MAGIC) + 4:
            return False
        with open(path, "rb") as f:
            head = f.read(len(PARQUET_MAGIC))
            f.seek(-len(PARQUET_MAGIC), os.SEEK_END)
            return head == f.read(len(PARQUET_MAGIC)) == PARQUET_MAGIC
    except OSError:
        return False


def remove(path: Path) -> None:
    """Remove a file this tool wrote. A link is removed, never what it points to."""
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass
