"""PDF input through pdfplumber (character-level layout; the engine of record
for hard files). Words keep their font, so size and bold are known."""

from __future__ import annotations

import io

import pdfplumber
from pdfminer.pdfdocument import PDFPasswordIncorrect
from pdfminer.pdfparser import PDFSyntaxError

from extract.errors import MalformedPdfError, PasswordRequiredError
from extract.model import Line, Source
from extract.parse.patterns import FAST
from extract.parse.read.geometry import Run, pages_to_lines

# pdfminer writes a glyph it cannot map to Unicode as "(cid:127)". Such a glyph
# is most often a bullet drawn from a symbol font; it becomes U+FFFD, which the
# bullet pattern accepts only at the start of a line.
_CID = FAST["cid"]
# Fonts whose glyphs are pictures, not letters: a single glyph in one is a
# bullet, whatever letter its code happens to be ("l" is a dot in ZapfDingbats).
_SYMBOL_FONTS = ("dingbat", "symbol", "wingding")
# Where symbol fonts' one-byte codes sit in Unicode's private-use area.
_SYMBOL_AREA = 0xF000


def _glyph(text: str, font: str) -> str:
    """A word's text; a symbol-font glyph in the private-use area where such
    fonts' glyphs live (ZapfDingbats "l" is U+F06C, as pdfium gives it), so
    that two lists marked from different fonts stay apart; an unmapped glyph
    as U+FFFD."""
    if len(text) == 1 and any(name in font.lower() for name in _SYMBOL_FONTS):
        return chr(_SYMBOL_AREA + ord(text)) if ord(text) < 0x100 else "\ufffd"
    return _CID.sub("\ufffd", text)


def _cause(exc: Exception) -> str:
    """What pdfminer said, from under pdfplumber's wrapper: "PSEOF: Unexpected EOF"."""
    inner = exc.args[0] if exc.args and isinstance(exc.args[0], Exception) else exc
    said = str(inner).strip()
    return f"{type(inner).__name__}: {said}" if said else type(inner).__name__


def pdf_to_source(data: bytes, path: str, sha256: str, *, password: str | None = None) -> Source:
    try:
        pdf = pdfplumber.open(io.BytesIO(data), password=password or "")
    except (PDFSyntaxError, Exception) as exc:  # pdfminer raises many types on bad files
        # pdfplumber wraps pdfminer's errors; the password error is inside.
        if any(isinstance(e, PDFPasswordIncorrect) for e in (exc, *exc.args)):
            raise PasswordRequiredError.not_opened_by(password, path) from None
        raise MalformedPdfError(f"the PDF cannot be opened (pdfminer: {_cause(exc)})",
                                path=path) from None
    pages: list[tuple[list[Run], float]] = []
    try:
        with pdf:
            for page in pdf.pages:
                words = page.extract_words(keep_blank_chars=False, use_text_flow=False,
                                           extra_attrs=["fontname", "size"])
                runs = [Run(_glyph(w["text"], w["fontname"]), w["x0"], w["x1"], w["top"],
                            w["bottom"], round(float(w["size"]), 2),
                            "bold" in w["fontname"].lower(), w["bottom"])
                        for w in words]
                pages.append((runs, float(page.height)))
                page.flush_cache()
            count = len(pdf.pages)
        lines: list[Line] = pages_to_lines(pages)
    except Exception as exc:  # a damaged page stream surfaces here, not at open
        raise MalformedPdfError(f"the PDF is damaged ({type(exc).__name__}: {exc})",
                                path=path) from None
    return Source(path=path, sha256=sha256, kind="pdf", engine="pdfplumber", lines=lines,
                  page_count=count)
