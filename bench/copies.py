"""Input folders for the batch benchmarks: the fixture PDFs copied, each copy
with bytes of its own (a PDF comment after the end), so none is skipped as a
duplicate of another."""

from __future__ import annotations

from pathlib import Path


def copies(folder: Path, n: int, sources: list[Path]) -> Path:
    """``n`` PDFs, the sources in turn, each with bytes of its own."""
    folder.mkdir(parents=True)
    for i in range(n):
        source = sources[i % len(sources)]
        (folder / f"{i:04d}-{source.name}").write_bytes(
            source.read_bytes() + f"\n% copy {i}\n".encode())
    return folder
