"""Opening a PDF with pdfium, for the pdfium engine (``extract.parse.read.pdfium``).

pdfium's C functions are called through the bindings pypdfium2 ships
(``pypdfium2_raw``), without pypdfium2's own document and page classes: the
reader needs none of them, and importing them took longer than the rest of
pdfium's loading, on the way to every batch's first document.
"""

from __future__ import annotations

from typing import Any

import pypdfium2_raw as pdfium_c

from extract.errors import MalformedPdfError, PasswordRequiredError

# An FPDF_DOCUMENT handle (a ctypes pointer; the bindings carry no types).
Document = Any

# pdfium's error codes, named as pypdfium2 names them.
_ERRORS = {
    pdfium_c.FPDF_ERR_UNKNOWN: "Unknown error",
    pdfium_c.FPDF_ERR_FILE: "File access error",
    pdfium_c.FPDF_ERR_FORMAT: "Data format error",
    pdfium_c.FPDF_ERR_PASSWORD: "Incorrect password error",
    pdfium_c.FPDF_ERR_SECURITY: "Unsupported security scheme error",
    pdfium_c.FPDF_ERR_PAGE: "Page not found or content error",
}


def _start_pdfium() -> None:
    """pdfium is started once per process; pypdfium2 starts it too when its
    own package is imported (pdfplumber does), and pdfium ignores a second
    start, so either may come first."""
    pdfium_c.FPDF_InitLibraryWithConfig(pdfium_c.FPDF_LIBRARY_CONFIG(
        version=2, m_pUserFontPaths=None, m_pIsolate=None, m_v8EmbedderSlot=0))


_start_pdfium()


def open_document(data: bytes, path: str, password: str | None) -> tuple[Document, int]:
    """The document of ``data`` and its page count. pdfium reads the bytes in
    place, so ``data`` must outlive the document; close it with
    ``close_document``."""
    secret = None if password is None else password.encode()
    document = pdfium_c.FPDF_LoadMemDocument64(data, len(data), secret)
    if not document:
        # pdfium's last error is set by a failed load and never cleared by a
        # good one: it is read only here, where it is this document's.
        error = pdfium_c.FPDF_GetLastError()
        if error == pdfium_c.FPDF_ERR_PASSWORD:
            raise PasswordRequiredError.not_opened_by(password, path)
        reason = _ERRORS.get(error, _ERRORS[pdfium_c.FPDF_ERR_UNKNOWN])
        raise MalformedPdfError(f"the PDF cannot be opened (pdfium: {reason})", path=path)
    count = pdfium_c.FPDF_GetPageCount(document)
    if count < 1:
        close_document(document)
        raise MalformedPdfError("the PDF has no pages", path=path)
    return document, count


def close_document(document: Document) -> None:
    pdfium_c.FPDF_CloseDocument(document)
