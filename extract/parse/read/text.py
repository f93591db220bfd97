"""Text input: UTF-8 (cp1252 as a fallback) into ``Line`` records."""

from __future__ import annotations

from extract.errors import UnsupportedInputError
from extract.model import Diagnostic, Line, Source


def decode(data: bytes) -> tuple[str, list[Diagnostic]]:
    """Decode as UTF-8; fall back to cp1252 with a warning diagnostic."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise UnsupportedInputError(
                f"not UTF-8 (byte {exc.start}) and not cp1252 text") from None
        return text, [Diagnostic("warning", "encoding",
                                 f"not valid UTF-8 (byte {exc.start}); read as cp1252")]


def text_to_lines(text: str) -> list[Line]:
    """Split text into non-blank ``Line`` records, marking paragraph gaps.

    Blank lines and form feeds become ``gap_before`` on the next line, which
    is how PDF readers mark a vertical gap: the block builder sees one model.
    """
    lines: list[Line] = []
    gap = False
    for number, raw in enumerate(text.replace("\r\n", "\n").replace("\r", "\n")
                                 .split("\n"), start=1):
        if "\f" in raw:
            gap = True
            raw = raw.replace("\f", "")
        if not raw.strip():
            gap = True
            continue
        lines.append(Line(number=number, text=raw.rstrip(), gap_before=gap))
        gap = False
    return lines


def bytes_to_source(data: bytes, path: str, sha256: str) -> Source:
    try:
        text, diagnostics = decode(data)
    except UnsupportedInputError as exc:
        raise UnsupportedInputError(exc.reason, path=path) from None
    controls = sum(1 for ch in text[:65536] if ord(ch) < 32 and ch not in "\t\n\r\f")
    if controls > max(8, len(text[:65536]) // 200):
        raise UnsupportedInputError("the file is binary, not a PDF or text report", path=path)
    return Source(path=path, sha256=sha256, kind="text", engine="text",
                  lines=text_to_lines(text), diagnostics=diagnostics)
