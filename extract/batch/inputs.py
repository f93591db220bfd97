"""Expanding command-line paths into the list of input files."""

from __future__ import annotations

from pathlib import Path

# Files taken from a folder; named files are always taken, whatever their name.
INPUT_SUFFIXES = (".pdf", ".txt")


def expand_inputs(paths: list[str]) -> tuple[list[Path], list[str]]:
    """Files as given plus report files found below folders, in a stable order.

    Returns the files and a list of problems (paths that do not exist).
    """
    files: list[Path] = []
    problems: list[str] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*")
                                if p.is_file() and p.suffix.lower() in INPUT_SUFFIXES
                                and not any(part.startswith(".") for part in
                                            p.relative_to(path).parts)))
        elif path.is_file():
            files.append(path)
        else:
            problems.append(f"{raw}: no such file or folder")
    seen: set[Path] = set()
    unique = []
    for f in files:
        if f not in seen:
            seen.add(f)
            unique.append(f)
    return unique, problems
