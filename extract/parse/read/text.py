"""Text input: bytes into ``Line`` records.

The encoding is decided from the bytes: a byte-order mark (UTF-8, UTF-16 in
either order) wins; then UTF-8. A file that is UTF-8 but for a few damaged
bytes is read as UTF-8 with each bad byte replaced, and a warning; only a
file with no valid multi-byte UTF-8 at all is taken for cp1252 (what Windows
tools write), also with a warning.
"""

from __future__ import annotations

import codecs

from extract.errors import UnsupportedInputError
from extract.model import Diagnostic, Line, Source

_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
         (codecs.BOM_UTF16_BE, "utf-16-be"))
# Text is binary, not a report, when its first BINARY_SAMPLE characters hold
# more control characters (other than tab, line ends and form feed) than one
# in BINARY_CONTROLS_PER, and more than BINARY_CONTROLS_MIN.
BINARY_SAMPLE = 65536
BINARY_CONTROLS_PER = 200
BINARY_CONTROLS_MIN = 8


def has_bom(data: bytes) -> bool:
    """Does ``data`` start with a byte-order mark this reader knows?"""
    return any(data.startswith(bom) for bom, _ in _BOMS)


def decode(data: bytes) -> tuple[str, list[Diagnostic]]:
    """The text of ``data`` and a warning for anything that was not clean UTF-8."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            body = data[len(bom):]
            try:
                return body.decode(encoding), []
            except UnicodeDecodeError:
                # Only the damaged bytes count, not U+FFFD glyphs the text holds.
                bad = body.decode(encoding, "replace").count("\ufffd") - \
                    body.decode(encoding, "ignore").count("\ufffd")
                return body.decode(encoding, "replace"), [Diagnostic(
                    "warning", "encoding", f"{bad} bytes are not valid {encoding}; replaced")]
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        first = exc.start
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.decode("utf-8", errors="ignore").count("\ufffd")
    multibyte = sum(1 for ch in text if ord(ch) > 0x7F) - bad
    if multibyte > bad:
        return text, [Diagnostic("warning", "encoding",
                                 f"not valid UTF-8 at {bad} place(s) (first at byte {first}); "
                                 f"read as UTF-8 with those bytes replaced")]
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        raise UnsupportedInputError(f"not UTF-8 (byte {first}) and not cp1252 text") from None
    return text, [Diagnostic("warning", "encoding",
                             f"not valid UTF-8 (byte {first}); read as cp1252")]


def text_to_lines(text: str) -> list[Line]:
    """Split text into non-blank ``Line`` records, marking paragraph gaps.

    Blank lines become ``gap_before`` on the next line, which is how PDF
    readers mark a vertical gap: the block builder sees one model. A form
    feed ends a page: the next line ``breaks_page``, and when the text has
    form feeds every line carries its page, counted from them. CR LF, CR and
    LF all end a line. Trailing tabs are kept as one: they mark a table row
    whose other cells are empty.
    """
    lines: list[Line] = []
    gap = page_break = False
    paged = "\f" in text
    page = 1
    for number, raw in enumerate(text.replace("\r\n", "\n").replace("\r", "\n")
                                 .split("\n"), start=1):
        for k, part in enumerate(raw.split("\f")):
            if k:   # text after a form feed is on the next page
                gap = page_break = True
                page += 1
            if not part.strip():
                gap = True
                continue
            kept = part.rstrip()
            if "\t" in part[len(kept):]:
                kept += "\t"   # a row of a table whose other cells are empty
            lines.append(Line(number=number, text=kept, gap_before=gap,
                              page=page if paged else None, breaks_page=page_break))
            gap = page_break = False
    return lines


def bytes_to_source(data: bytes, path: str, sha256: str) -> Source:
    try:
        text, diagnostics = decode(data)
    except UnsupportedInputError as exc:
        raise UnsupportedInputError(exc.reason, path=path) from None
    sample = text[:BINARY_SAMPLE]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\n\r\f")
    if controls > max(BINARY_CONTROLS_MIN, len(sample) // BINARY_CONTROLS_PER):
        raise UnsupportedInputError("the file is binary, not a PDF or text report", path=path)
    return Source(path=path, sha256=sha256, kind="text", engine="text",
                  lines=text_to_lines(text), diagnostics=diagnostics)
