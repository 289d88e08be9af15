"""The format registry: every reader and writer is found here, by name.

Built-in formats live in one module each and are imported only when first used, so that
``import archivecite`` and the CLI stay fast. A format module exposes two dicts,
``WRITERS`` and ``READERS``, mapping format names to objects that follow the
:class:`Writer` and :class:`Reader` protocols. Third-party code registers its own with
:func:`register_writer` / :func:`register_reader`.
"""

from __future__ import annotations

import importlib
import io
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, Protocol, TextIO, runtime_checkable

from ..errors import UnknownFormatError
from ..model import FailedRecord, Record

__all__ = [
    "Reader",
    "Writer",
    "available_readers",
    "available_writers",
    "detect_format",
    "dumps",
    "get_reader",
    "get_writer",
    "register_reader",
    "register_writer",
]


@runtime_checkable
class Writer(Protocol):
    """Writes records in one format.

    ``options`` names the keyword options ``write`` accepts (the CLI refuses the others).
    Writers skip nothing silently: a record they cannot write raises
    :class:`~archivecite.errors.FormatError` (or is replaced, when an ``errors="replace"``
    option says so).
    """

    name: str
    extension: str
    options: frozenset[str]

    def write(self, records: Iterable[Record], out: TextIO, **options: Any) -> None: ...


@runtime_checkable
class Reader(Protocol):
    """Reads records from one input format."""

    name: str

    def detect(self, head: str) -> bool:
        """True when ``head`` (the first few KB of the input) looks like this format."""
        ...

    def read(
        self, text: str | TextIO, *, file: str | None = None, strict: bool = False
    ) -> Iterator[Record | FailedRecord]: ...


# name -> module that defines it. Order matters for detection (most specific first).
_BUILTIN_WRITERS: dict[str, str] = {
    "json": "archivecite.formats.jsonfmt",
    "bibtex": "archivecite.formats.bibtex",
    "biblatex": "archivecite.formats.bibtex",
    "biblatex-chicago": "archivecite.formats.bibtex",
    "chicago-note": "archivecite.formats.chicago",
    "chicago-short": "archivecite.formats.chicago",
    "chicago-bib": "archivecite.formats.chicago",
    "chicago-author-date": "archivecite.formats.chicago",
    "tei-bibl": "archivecite.formats.tei",
    "tei": "archivecite.formats.tei",
    "cmif": "archivecite.formats.tei",
    "csl-json": "archivecite.formats.csljson",
    "ris": "archivecite.formats.ris",
    "csl": "archivecite.formats.csl",
}
_BUILTIN_READERS: dict[str, str] = {
    "json": "archivecite.formats.jsonfmt",
    "csl-json": "archivecite.formats.csljson",
    "tei": "archivecite.formats.tei",
    "bibtex": "archivecite.formats.bibtex",
    "ris": "archivecite.formats.ris",
    "text": "archivecite.formats.text",
}

_writers: dict[str, Writer] = {}
_readers: dict[str, Reader] = {}


def register_writer(writer: Writer) -> None:
    """Make ``writer`` available under ``writer.name`` (replacing any previous one)."""
    _writers[writer.name] = writer


def register_reader(reader: Reader) -> None:
    """Make ``reader`` available under ``reader.name`` (replacing any previous one)."""
    _readers[reader.name] = reader


def _load(module: str) -> Any:
    try:
        return importlib.import_module(module)
    except ModuleNotFoundError as exc:  # a built-in format whose module is not there
        if exc.name == module:
            return None
        raise


def get_writer(name: str) -> Writer:
    """The writer registered as ``name``; :class:`UnknownFormatError` if there is none."""
    if name not in _writers and name in _BUILTIN_WRITERS:
        mod = _load(_BUILTIN_WRITERS[name])
        found = getattr(mod, "WRITERS", {}).get(name) if mod else None
        if found is not None:
            _writers[name] = found
    try:
        return _writers[name]
    except KeyError:
        raise UnknownFormatError(
            f"unknown output format {name!r}; available: {', '.join(available_writers())}"
        ) from None


def get_reader(name: str) -> Reader:
    """The reader registered as ``name``; :class:`UnknownFormatError` if there is none."""
    if name not in _readers and name in _BUILTIN_READERS:
        mod = _load(_BUILTIN_READERS[name])
        found = getattr(mod, "READERS", {}).get(name) if mod else None
        if found is not None:
            _readers[name] = found
    try:
        return _readers[name]
    except KeyError:
        raise UnknownFormatError(
            f"unknown input format {name!r}; available: {', '.join(available_readers())}"
        ) from None


def _exists(name: str, table: dict[str, str]) -> bool:
    mod = _load(table[name])
    return bool(mod) and name in getattr(mod, "WRITERS" if table is _BUILTIN_WRITERS else "READERS", {})


def available_writers() -> list[str]:
    names = [n for n in _BUILTIN_WRITERS if n in _writers or _exists(n, _BUILTIN_WRITERS)]
    return names + sorted(n for n in _writers if n not in _BUILTIN_WRITERS)


def available_readers() -> list[str]:
    names = [n for n in _BUILTIN_READERS if n in _readers or _exists(n, _BUILTIN_READERS)]
    return names + sorted(n for n in _readers if n not in _BUILTIN_READERS)


def detect_format(head: str) -> str:
    """Name of the reader that recognises ``head``; ``text`` (page dumps) by default."""
    for name in available_readers():
        if name == "text":
            continue
        if get_reader(name).detect(head):
            return name
    return "text"


def dumps(records: Iterable[Record], format: str, **options: Any) -> str:
    """All ``records`` written in ``format`` as one string."""
    buf = io.StringIO()
    get_writer(format).write(records, buf, **options)
    return buf.getvalue()


def write_path(records: Iterable[Record], path: str | Path, format: str, **options: Any) -> None:
    """Write ``records`` to a file (UTF-8, ``\\n`` line endings)."""
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        get_writer(format).write(records, out, **options)
