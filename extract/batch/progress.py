"""Progress of a batch: a rich bar on a terminal, plain lines otherwise,
nothing with ``--quiet``. All of it goes to standard error, so standard
output carries only the end-of-run summary. When the reader of the lines
goes away (``2>&1 | head``), ``lost`` is called: the batch stops quietly."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol, TextIO

from extract.streams import say


class Progress(Protocol):
    def start(self, total: int, skipped: int) -> None: ...
    def advance(self, path: str, status: str, pages: int | None, seconds: float) -> None: ...
    def stop(self) -> None: ...


class Quiet:
    def start(self, total: int, skipped: int) -> None:
        pass

    def advance(self, path: str, status: str, pages: int | None, seconds: float) -> None:
        pass

    def stop(self) -> None:
        pass


class Lines:
    """One line per document, for logs and pipes."""

    def __init__(self, stream: TextIO = sys.stderr,
                 lost: Callable[[], None] = lambda: None) -> None:
        self.stream, self.lost = stream, lost
        self.total = self.done = self.pages = 0
        self.began = time.monotonic()

    def _say(self, text: str) -> None:
        if not say(text, self.stream):
            self.lost()

    def start(self, total: int, skipped: int) -> None:
        self.total, self.began = total, time.monotonic()
        note = f" ({skipped} already converted, skipped)" if skipped else ""
        self._say(f"converting {total} document(s){note}")

    def advance(self, path: str, status: str, pages: int | None, seconds: float) -> None:
        self.done += 1
        self.pages += pages or 0
        rate = self.pages / max(time.monotonic() - self.began, 1e-9)
        self._say(f"[{self.done}/{self.total}] {status:8} {path} ({pages or 0} pages, "
                  f"{seconds:.2f} s; {rate:.0f} pages/s)")

    def stop(self) -> None:
        pass


class Bar:
    """A rich progress bar: documents done, pages per second, time left."""

    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )
        self.progress = Progress(
            TextColumn("[bold]converting"), BarColumn(bar_width=24), MofNCompleteColumn(),
            TextColumn("{task.fields[rate]}"), TimeElapsedColumn(), TextColumn("eta"),
            TimeRemainingColumn(), TextColumn("{task.fields[last]}"),
            console=Console(stderr=True), transient=False)
        self.task: Any = None
        self.pages = 0
        self.began = time.monotonic()

    def start(self, total: int, skipped: int) -> None:
        self.began = time.monotonic()
        self.progress.start()
        if skipped:
            self.progress.console.print(f"{skipped} input(s) already converted, skipped")
        self.task = self.progress.add_task("convert", total=total, rate="", last="")

    def advance(self, path: str, status: str, pages: int | None, seconds: float) -> None:
        self.pages += pages or 0
        rate = self.pages / max(time.monotonic() - self.began, 1e-9)
        name = Path(path).name
        name = name if len(name) <= 24 else name[:23] + "…"
        self.progress.update(self.task, advance=1, rate=f"{rate:.0f} pages/s",
                             last=f"{status} {name}")

    def stop(self) -> None:
        self.progress.stop()


def make_progress(quiet: bool, lost: Callable[[], None] = lambda: None) -> Progress:
    if quiet:
        return Quiet()
    return Bar() if sys.stderr.isatty() else Lines(sys.stderr, lost)
