"""The ``hmic-extract`` command's first moments (``python -m extract`` too).

Loading the program takes a few tens of milliseconds and writes nothing.
Until the command has set up its own handling, SIGINT, SIGTERM and SIGHUP
end it at once with one line, instead of a traceback from an import.

For ``convert``, the workers' fork server is started before anything else
is loaded, forked from this process while it has no other thread: it loads
the parser, the longest wait before the first document can start, and does
so while this process loads the command line.
"""

from __future__ import annotations

import os
import signal
import sys
from types import FrameType

_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


def _quit(signum: int, frame: FrameType | None) -> None:
    try:
        os.write(2, f"hmic-extract: stopped by {signal.Signals(signum).name}\n".encode())
        server = sys.modules.get("extract.batch.server")
        if server is not None:   # the fork server may have its socket's folder by now
            server.run_exit_finalizers()
    finally:
        os._exit(128 + signum)


def run() -> None:
    for sig in _SIGNALS:
        if signal.getsignal(sig) is not signal.SIG_IGN:   # nohup: stay ignored
            signal.signal(sig, _quit)
    if sys.argv[1:2] == ["convert"]:
        from extract.batch import server
        server.start(fork=True)   # called again, at no cost, when the command runs
    from extract.cli.main import entry
    entry()
