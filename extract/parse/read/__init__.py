"""Stage 1, read: a file's bytes in, a ``Source`` (list of ``Line``) out.

The input type is decided from the bytes, never from the file name. Text
files and both PDF engines return the same ``Line`` model.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from extract.errors import (
    EmptyInputError,
    InputError,
    NoTextLayerError,
    NotPdfError,
    UnreadableInputError,
    UnsupportedInputError,
)
from extract.model import Source, gc_paused
from extract.parse.read.input_file import display, read_input
from extract.parse.read.text import bytes_to_source, has_bom

ENGINES = ("pdfium", "pdfplumber")

# Magic numbers of formats people save with a .pdf or .txt name by mistake.
_BINARY_SIGNATURES = {
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"PK\x03\x04": "a ZIP archive (Word or Excel file?)",
    b"\xd0\xcf\x11\xe0": "an old Office document",
    b"\x1f\x8b": "a gzip archive",
}


def sniff(data: bytes, path: str | None = None) -> str:
    """Return ``pdf`` or ``text`` for ``data``, or raise an InputError naming ``path``."""
    if not data.strip():
        raise EmptyInputError("the file is empty", path=path)
    head = data[:1024]
    if b"%PDF-" in head:
        return "pdf"
    for magic, what in _BINARY_SIGNATURES.items():
        if data.startswith(magic):
            raise NotPdfError(f"the file is {what}, not a PDF or text report", path=path)
    if b"\x00" in data[:65536] and not has_bom(data):
        raise UnsupportedInputError("the file is binary, not a PDF or text report", path=path)
    return "text"


def kind_or_none(data: bytes) -> str | None:
    """``pdf`` or ``text``, or None for what is neither (``sniff`` says what)."""
    try:
        return sniff(data)
    except InputError:
        return None


def read_source(path: str | Path, *, engine: str = "pdfium",
                password: str | None = None) -> Source:
    """Read ``path`` (text or PDF, decided by its bytes) into a ``Source``."""
    data, name = read_file(path)
    return read_bytes(data, name, engine=engine, password=password)


def read_file(path: str | Path) -> tuple[bytes, str]:
    """A file's bytes and its name as people see it (``display``). A FIFO or
    device is refused, not read; any failure is an InputError naming it."""
    name = display(os.fspath(path))
    try:
        return read_input(os.fspath(path)), name
    except OSError as exc:
        raise UnreadableInputError(f"cannot read: {exc.strerror or exc}", path=name) from None


def read_bytes(data: bytes, path: str, *, engine: str = "pdfium",
               password: str | None = None, sha256: str | None = None) -> Source:
    """``read_source`` for a file already read; ``sha256`` when already known."""
    sha = sha256 or hashlib.sha256(data).hexdigest()
    kind = sniff(data, path)
    if kind == "text":
        return bytes_to_source(data, path, sha)
    if engine == "pdfplumber":
        from extract.parse.read.plumber import pdf_to_source
    elif engine == "pdfium":
        from extract.parse.read.pdfium import pdf_to_source
    else:
        raise ValueError(f"unknown engine {engine!r}; choose from {', '.join(ENGINES)}")
    with gc_paused():
        source = pdf_to_source(data, path, sha, password=password)
    if not source.lines:
        raise NoTextLayerError("the PDF has no text layer (scanned pages need OCR first)",
                               path=path)
    return source
