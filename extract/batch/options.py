"""A batch's settings, checked when made: a time limit that can expire, a
memory cap that ``setrlimit`` accepts, at least one worker. The command line
checks its options with the same functions."""

from __future__ import annotations

import math
import resource
from collections.abc import Callable
from dataclasses import dataclass

from extract.errors import UsageError

_RLIM_MAX = 2**63 - 1   # the largest limit setrlimit takes from Python (rlim_t, signed)


def check_timeout(seconds: float) -> float:
    # NaN compares false with everything: a NaN limit never expires, and the
    # pool would wait on it in a busy loop.
    if not (math.isfinite(seconds) and seconds > 0):
        raise UsageError(f"must be a number of seconds above 0, not {seconds:g}")
    return seconds


def most_memory_mb() -> int:
    """The largest cap a worker can set on its address space, in MB."""
    hard = resource.getrlimit(resource.RLIMIT_AS)[1]
    return (_RLIM_MAX if hard == resource.RLIM_INFINITY else hard) >> 20


def check_memory_mb(mb: int | None) -> int | None:
    if mb is None:
        return None
    if mb < 1:
        raise UsageError(f"must be at least 1 MB, not {mb}")
    if mb > most_memory_mb():
        raise UsageError(f"{mb} MB is more than a process may have here "
                         f"(at most {most_memory_mb()} MB)")
    return mb


def check_jobs(jobs: int) -> int:
    if jobs < 1:
        raise UsageError(f"must be at least 1, not {jobs}")
    return jobs


@dataclass(slots=True)
class Options:
    engine: str = "pdfium"
    password: str | None = None
    jobs: int = 1
    timeout: float = 120.0
    memory_mb: int | None = 2048
    force: bool = False
    timings: bool = True   # record each input's seconds in reports (not reproducible)
    wait: bool = True      # wait for another run into the same folder (else fail at once)

    def __post_init__(self) -> None:
        checks: list[tuple[str, Callable[[], object]]] = [
            ("--jobs", lambda: check_jobs(self.jobs)),
            ("--timeout", lambda: check_timeout(self.timeout)),
            ("--memory-limit", lambda: check_memory_mb(self.memory_mb))]
        for option, check in checks:
            try:
                check()
            except UsageError as exc:
                raise UsageError(f"{option}: {exc.reason}") from None
