"""The package's errors.

Each error also subclasses the matching built-in, so callers that only know
``ValueError`` or ``OSError`` still catch it. Every error carries a short
machine-readable ``code`` (written to ``reports.error``) and a message that
names the file and, where known, the page and line.
"""

from __future__ import annotations


class ExtractError(Exception):
    """Base class: anything the tool reports as a failed input."""

    code = "failed"

    def __init__(self, message: str, *, path: str | None = None,
                 page: int | None = None, line: int | None = None) -> None:
        self.path = path
        self.page = page
        self.line = line
        self.reason = message
        super().__init__(self._where() + message)

    def _where(self) -> str:
        parts = [p for p in (
            self.path,
            f"page {self.page}" if self.page is not None else None,
            f"line {self.line}" if self.line is not None else None,
        ) if p]
        return (", ".join(parts) + ": ") if parts else ""


class InputError(ExtractError, ValueError):
    """The input is not something we can read (empty, binary, not a PDF...)."""


class UnreadableInputError(InputError):
    code = "unreadable"


class EmptyInputError(InputError):
    code = "empty"


class NotPdfError(InputError):
    code = "not_pdf"


class UnsupportedInputError(InputError):
    code = "unsupported"


class MalformedPdfError(InputError):
    code = "malformed"


class PasswordRequiredError(InputError):
    code = "password_required"

    @classmethod
    def not_opened_by(cls, password: str | None, path: str) -> PasswordRequiredError:
        """The error for a PDF that ``password`` (None when none was given) does not open."""
        reason = ("the PDF needs a password (give it with --password)" if password is None
                  else "the password given does not open the PDF")
        return cls(reason, path=path)


class NoTextLayerError(InputError):
    code = "no_text_layer"


class ReportFormatError(ExtractError, ValueError):
    """Readable text, but not an HMIC baseline assessment report."""

    code = "not_a_baseline_report"


class OutputError(ExtractError, OSError):
    """The output folder or a file in it could not be written."""

    code = "write_failed"


class TimeoutExpired(ExtractError, TimeoutError):
    code = "timeout"


class WorkerCrashed(ExtractError, RuntimeError):
    code = "crashed"


class OutOfMemoryError(ExtractError, MemoryError):
    code = "out_of_memory"


class OutputBusyError(OutputError):
    """Another run holds the output folder's lock."""

    code = "busy"


class DamagedOutputError(ExtractError, ValueError):
    """A file of an output folder that does not read as written: a damaged
    manifest, a missing or unreadable part, a table without its declared schema."""

    code = "damaged_output"


class UsageError(ExtractError, ValueError):
    """An option out of range: the command does not start."""

    code = "usage"


class MissingInputError(InputError):
    """A path named or listed that does not exist (or was removed before it was read)."""

    code = "missing"


class NotAFileError(InputError):
    """A FIFO, socket or device: never opened, since reading one can block forever."""

    code = "not_a_file"


class UnreadableFolderError(InputError):
    """A folder whose files cannot be listed."""

    code = "unreadable_folder"
