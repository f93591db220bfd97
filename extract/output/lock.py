"""One writer at a time: an advisory lock on the output folder.

``convert`` holds ``DIR/.lock`` (``flock``, exclusive) from before it reads
the manifest until after its last commit, so two runs into one folder take
turns instead of overwriting each other's manifest or removing each other's
temporary files. Readers (``diff``, ``validate``, pandas, DuckDB) never take
it: commits are atomic renames and appends, so they are never blocked.

The kernel drops the lock when its holder dies, however it dies; the file
stays (removing it could let two runs hold two different files). It holds
the process id of the last holder, for the message a waiting run prints.
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Callable
from pathlib import Path

from extract.errors import OutputBusyError, OutputError

LOCK = ".lock"
POLL = 0.05   # seconds between tries while waiting; a signal is noticed this fast


class OutputLock:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.fd: int | None = None

    def acquire(self, *, wait: bool, waiting: Callable[[int | None], None],
                stopped: Callable[[], bool]) -> bool:
        """Take the lock, creating the folder if need be. With ``wait``, call
        ``waiting(pid)`` once and wait while another run holds it; without,
        raise OutputBusyError. Returns False if ``stopped()`` while waiting."""
        path = self.root / LOCK
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o666)
        except OSError as exc:
            raise OutputError(f"cannot write: {exc.strerror or exc}",
                              path=str(exc.filename or self.root)) from None
        told = False
        while not _try_lock(fd, path):
            holder = _holder(fd)
            if not wait:
                os.close(fd)
                who = f"another hmic-extract run (process {holder})" if holder else \
                    "another hmic-extract run"
                raise OutputBusyError(f"{who} is writing to this folder; run again when it "
                                      f"has finished, or without --no-wait to wait for it",
                                      path=str(self.root))
            if not told:
                waiting(holder)
                told = True
            if stopped():
                os.close(fd)
                return False
            time.sleep(POLL)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        self.fd = fd
        return True

    def release(self) -> None:
        if self.fd is not None:
            os.close(self.fd)   # closing the last descriptor drops the lock
            self.fd = None


def _try_lock(fd: int, path: Path) -> bool:
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except BlockingIOError:
        return False
    except OSError as exc:   # a file system without locks
        os.close(fd)
        raise OutputError(f"cannot lock: {exc.strerror or exc}", path=str(path)) from None


def _holder(fd: int) -> int | None:
    text = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
    return int(text) if text.isdigit() else None
