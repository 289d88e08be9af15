"""archivecite: archive document records to structured data and citations.

The public API (everything else is internal)::

    import archivecite
    record = archivecite.parse(text)                  # one record (Record or FailedRecord)
    for rec in archivecite.read(Path("export.txt")):  # many, streamed, in input order
        ...
    archivecite.dumps(records, "bibtex")              # any registered writer
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._version import __version__
from .errors import (
    ArchiveCiteError,
    Diagnostic,
    FormatError,
    MissingExtraError,
    ParseError,
    UnknownFormatError,
)
from .model import (
    ArchivalDate,
    ContentItem,
    Contributor,
    DatePoint,
    FailedRecord,
    LineSpan,
    Name,
    Record,
    Source,
)

if TYPE_CHECKING:
    from .bibliography import Bibliography
    from .formats import dumps, get_reader, get_writer, register_reader, register_writer, write_path
    from .parsing import parse, read

__all__ = [
    "ArchivalDate",
    "ArchiveCiteError",
    "Bibliography",
    "ContentItem",
    "Contributor",
    "DatePoint",
    "Diagnostic",
    "FailedRecord",
    "FormatError",
    "LineSpan",
    "MissingExtraError",
    "Name",
    "ParseError",
    "Record",
    "Source",
    "UnknownFormatError",
    "__version__",
    "dumps",
    "get_reader",
    "get_writer",
    "parse",
    "read",
    "register_reader",
    "register_writer",
    "write_path",
]

_LAZY = {
    "parse": "archivecite.parsing",
    "read": "archivecite.parsing",
    "dumps": "archivecite.formats",
    "write_path": "archivecite.formats",
    "get_reader": "archivecite.formats",
    "get_writer": "archivecite.formats",
    "register_reader": "archivecite.formats",
    "register_writer": "archivecite.formats",
    "Bibliography": "archivecite.bibliography",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'archivecite' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
