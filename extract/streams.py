"""Writing to standard output and error when the reader may go away.

A command piped into ``head`` finds its output closed: Unix tools then stop
quietly (a shell reports status 141, 128 + SIGPIPE). ``say`` writes a line
and, when the reader has gone, points the stream at ``/dev/null`` so that no
later write or the final flush fails again, and reports it.
"""

from __future__ import annotations

import errno
import os
from typing import TextIO

EXIT_BROKEN_PIPE = 141   # what a shell reports for a tool stopped by SIGPIPE


def say(text: str, stream: TextIO) -> bool:
    """Print ``text`` on ``stream``. False when the reader has gone away."""
    try:
        print(text, file=stream, flush=True)
        return True
    except OSError as exc:
        if not reader_gone(exc):
            raise
        silence(stream)
        return False


def reader_gone(exc: OSError) -> bool:
    """A broken pipe, or a terminal that hung up."""
    return isinstance(exc, BrokenPipeError) or exc.errno == errno.EIO


def silence(stream: TextIO) -> None:
    """Send what is still buffered, and everything after, to /dev/null."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stream.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):   # not a real file (a test's capture)
        pass
