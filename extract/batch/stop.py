"""Stopping a batch early: on SIGINT, SIGTERM or SIGHUP, or when the reader
of its output has gone away (a broken pipe, as with ``| head``).

A signal only records the request and wakes the batch through a pipe that
the worker pool waits on alongside its workers: nothing is interrupted half
way, so the batch can stop its workers, commit the documents that are
complete and exit within a second. Worker processes never see these
signals (they are blocked while the fork server and the workers start);
the batch stops them itself.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


class Stop:
    """Whether, and why, the batch should stop. A context manager: its pipe
    is closed on leaving."""

    def __init__(self) -> None:
        self.signum: int | None = None
        self._read, self._write = os.pipe()
        os.set_blocking(self._write, False)

    def __enter__(self) -> Stop:
        return self

    def __exit__(self, *exc: object) -> None:
        os.close(self._read)
        os.close(self._write)

    @property
    def requested(self) -> bool:
        return self.signum is not None

    def request(self, signum: int) -> None:
        if self.signum is None:
            self.signum = signum
            try:
                os.write(self._write, b"!")
            except OSError:   # already awake
                pass

    def fileno(self) -> int:
        """Readable once a stop is requested: for ``multiprocessing.connection.wait``."""
        return self._read

    def _on_signal(self, signum: int, frame: FrameType | None) -> None:
        self.request(signum)

    @contextmanager
    def on_signals(self) -> Iterator[Stop]:
        """Turn SIGINT, SIGTERM and SIGHUP into stop requests meanwhile. A
        signal already ignored (``nohup``, a background job) stays ignored."""
        previous = {}
        for sig in SIGNALS:
            if signal.getsignal(sig) is not signal.SIG_IGN:
                previous[sig] = signal.signal(sig, self._on_signal)
        try:
            yield self
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)


@contextmanager
def signals_blocked() -> Iterator[None]:
    """Start processes that never see SIGINT, SIGTERM or SIGHUP: a child
    inherits the blocked set. Meanwhile these signals wait, and reach this
    process as soon as the block ends: none is lost."""
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)
