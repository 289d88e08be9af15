"""Errors and diagnostics.

Every exception archivecite raises on purpose derives from :class:`ArchiveCiteError`.
Problems found in the data are *diagnostics* first: lenient calls attach them to the
record (or to a :class:`~archivecite.model.FailedRecord`); ``strict=True`` calls raise.
"""

from __future__ import annotations

from typing import Literal

import attrs

Severity = Literal["error", "warning", "info"]


@attrs.frozen
class Diagnostic:
    """One problem found in the input, with where it was found.

    ``code`` is a stable, documented identifier (``missing-title``, ``unparsed-date`` …),
    ``line`` is 1-based and refers to the physical input line.
    """

    code: str
    severity: Severity
    message: str
    file: str | None = None
    line: int | None = None

    def format(self) -> str:
        """Render as ``file:line: [code] message`` (the CLI's diagnostic line)."""
        where = self.file if self.file is not None else "<input>"
        if self.line is not None:
            where = f"{where}:{self.line}"
        return f"{where}: [{self.code}] {self.message}"

    def __str__(self) -> str:
        return self.format()


class ArchiveCiteError(Exception):
    """Base class of every error archivecite raises deliberately."""


class ParseError(ArchiveCiteError, ValueError):
    """Input could not be parsed (raised in strict mode, or for unreadable input).

    ``diagnostics`` holds every problem found; ``file`` and ``line`` locate the first.
    """

    def __init__(self, message: str, diagnostics: tuple[Diagnostic, ...] = ()) -> None:
        super().__init__(message)
        self.diagnostics = diagnostics
        first = diagnostics[0] if diagnostics else None
        self.file: str | None = first.file if first else None
        self.line: int | None = first.line if first else None


class FormatError(ArchiveCiteError, ValueError):
    """A writer cannot represent a value (for example a Cyrillic letter in ASCII mode),
    or a format name / option is unknown."""


class UnknownFormatError(FormatError, LookupError):
    """No reader or writer is registered under that name."""


class MissingExtraError(FormatError):
    """A feature needs an optional extra that is not installed (``archivecite[csl]``)."""
