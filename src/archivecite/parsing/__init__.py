"""Parsing: page dumps and citation lines -> records.

``read`` streams many records (constant memory); ``parse`` reads one. Both are lenient by
default: a block that cannot be read becomes a :class:`~archivecite.model.FailedRecord`
carrying its raw text and diagnostics. ``strict=True`` raises :class:`ParseError` instead.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from ..errors import Diagnostic, ParseError
from ..model import FailedRecord, Record
from . import splitter as _splitter_module
from .interpret import interpret
from .splitter import RawRecord, split_records

__all__ = ["COMPILED", "parse", "read", "read_text_records"]

#: Whether the parser runs compiled (the modules of this package built with mypyc when the wheel
#: was built; see setup.py) or as Python source. Both read every record the same way.
COMPILED: bool = not str(getattr(_splitter_module, "__file__", "")).endswith(".py")


def _raise_for(result: FailedRecord) -> None:
    errors = [d for d in result.diagnostics if d.severity == "error"] or list(result.diagnostics)
    first = errors[0]
    raise ParseError(first.format(), tuple(errors))


def read_text_records(
    source: str | bytes | IO[Any] | Iterable[str], *, file: str | None = None, strict: bool = False
) -> Iterator[Record | FailedRecord]:
    """Page dumps / citation lines from text, bytes, a file object or an iterable of lines."""
    for raw in split_records(source, file):
        result = interpret(raw)
        if strict and isinstance(result, FailedRecord):
            _raise_for(result)
        yield result


def read(
    source: str | os.PathLike[str] | IO[Any],
    *,
    format: str | None = None,
    file: str | None = None,
    strict: bool = False,
) -> Iterator[Record | FailedRecord]:
    """Stream records from ``source``, in input order.

    ``source`` is text (``str``), a path (``pathlib.Path`` or any ``os.PathLike``) or an
    open file (text or binary). ``format`` names the input format (``text``, ``json``,
    ``bibtex``, ``ris``, ``csl-json``, ``tei``); by default it is detected from the content.
    ``file`` is the name used in diagnostics (defaults to the path).
    """
    if isinstance(source, os.PathLike):
        path = Path(source)
        name = file or str(source)
        try:
            handle = open(path, "rb")
        except OSError as exc:
            diag = Diagnostic("io-error", "error", f"cannot open: {exc.strerror or exc}", name, None)
            raise ParseError(diag.format(), (diag,)) from None
        with handle:
            yield from _read_stream(handle, format=format, file=name, strict=strict)
        return
    if isinstance(source, str):
        yield from _read_text(source, format=format, file=file, strict=strict)
        return
    if hasattr(source, "read"):
        yield from _read_stream(
            source, format=format, file=file or getattr(source, "name", None), strict=strict
        )
        return
    raise TypeError("read() takes text (str), a path (os.PathLike) or a file object")


def _read_text(
    text: str, *, format: str | None, file: str | None, strict: bool
) -> Iterator[Record | FailedRecord]:
    from ..formats import detect_format, get_reader

    fmt = format or detect_format(text[:8192])
    if fmt == "text":
        yield from read_text_records(text, file=file, strict=strict)
    else:
        yield from get_reader(fmt).read(text, file=file, strict=strict)


def _read_stream(
    handle: IO[Any], *, format: str | None, file: str | None, strict: bool
) -> Iterator[Record | FailedRecord]:
    from ..formats import detect_format, get_reader

    if format not in (None, "text"):
        yield from get_reader(format).read(_as_text(handle, file), file=file, strict=strict)
        return
    # peek without consuming: buffered binary streams support peek(); otherwise read a head
    head_bytes: bytes | str
    peek = getattr(handle, "peek", None)
    if format is None and callable(peek):
        head_bytes = peek(8192)[:8192]
    elif format is None:
        head_bytes = handle.read(8192)
        handle = _Rewound(head_bytes, handle)  # type: ignore[assignment]
    else:
        head_bytes = b""
    head = head_bytes.decode("utf-8", "replace") if isinstance(head_bytes, bytes) else head_bytes
    fmt = format or detect_format(head.lstrip("\ufeff"))
    if fmt == "text":
        yield from read_text_records(handle, file=file, strict=strict)
    else:
        yield from get_reader(fmt).read(_as_text(handle, file), file=file, strict=strict)


def _as_text(handle: IO[Any], file: str | None) -> str:
    data = handle.read()
    if isinstance(data, str):
        return data
    diags: list[Diagnostic] = []
    from .splitter import text_blocks

    return "".join(text_blocks(data, file, diags))


class _Rewound:
    """A stream whose first bytes were read already (for format detection)."""

    def __init__(self, head: bytes | str, rest: IO[Any]) -> None:
        self._head: bytes | str | None = head
        self._rest = rest
        self.encoding = "utf-8" if isinstance(head, str) else None

    def read(self, n: int = -1) -> Any:
        head, self._head = self._head, None
        if head is None:
            return self._rest.read(n)
        if n is None or n < 0:
            return head + self._rest.read()
        return head  # a short read is allowed; the rest streams on the next calls

    def __iter__(self) -> Iterator[Any]:
        head, self._head = self._head, None
        if head is None:
            yield from self._rest
            return
        nl: Any = "\n" if isinstance(head, str) else b"\n"
        if head and not head.endswith(nl):
            head = head + self._rest.readline()
        parts = head.split(nl)
        for part in parts[:-1]:
            yield part + nl
        if parts[-1]:
            yield parts[-1]
        yield from self._rest


def parse(text: str | bytes, *, file: str | None = None, strict: bool = False) -> Record | FailedRecord:
    """Read one record (a page dump or a citation line).

    The whole text is one record: use :func:`read` for files with many. Lenient: returns a
    :class:`FailedRecord` when the text is not a record; ``strict=True`` raises
    :class:`ParseError` instead.
    """
    from .splitter import is_bare_citation, text_blocks

    diags: list[Diagnostic] = []
    whole = "".join(text_blocks(text, file, diags)).replace("\f", "")
    nonblank = [ln.strip() for ln in whole.split("\n") if ln.strip()]
    bare = (
        bool(nonblank)
        and is_bare_citation(nonblank[0])
        and all(is_bare_citation(s) or s.startswith(("<http", "http")) for s in nonblank)
    )
    raw = RawRecord(whole.rstrip("\n"), 1, file, diags, bare)
    result = interpret(raw)
    if strict and isinstance(result, FailedRecord):
        _raise_for(result)
    return result
