"""Safe XML parsing: the only way archivecite parses XML (TEI, CMIF and later HTML).

Guarantees of :func:`parse_xml`:

- **no entity expansion**: entity references are never replaced, and a document whose DTD
  declares any entity (general or parameter, internal or external: billion laughs, XXE) is
  rejected with :class:`~archivecite.errors.ParseError`;
- **no DTD loading and no network**: an external DTD (``<!DOCTYPE TEI SYSTEM "http://…">``)
  is neither fetched nor read from disk; it is ignored;
- **no huge-tree mode**: libxml2's default limits on depth and text node size stay on;
- **no XInclude, no XSLT**: archivecite never processes either;
- malformed XML raises :class:`~archivecite.errors.ParseError` (code ``invalid-xml``) with the
  line number, never a raw lxml exception.

lxml is imported inside the functions so that ``import archivecite.xmlsafe`` stays cheap.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from .errors import Diagnostic, ParseError

if TYPE_CHECKING:
    from lxml import etree  # type: ignore[import-untyped]  # no stubs installed

__all__ = ["parse_xml", "safe_parser"]

_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")


def safe_parser() -> etree.XMLParser:
    """A new lxml parser with every dangerous feature switched off.

    Entities are not resolved, no DTD is loaded or validated, the network is not used and
    huge-tree mode stays off. Whitespace, comments and processing instructions are kept, so
    text reads back exactly as written.
    """
    from lxml import etree

    return etree.XMLParser(
        resolve_entities=False,
        load_dtd=False,
        dtd_validation=False,
        no_network=True,
        huge_tree=False,
        remove_blank_text=False,
        attribute_defaults=False,
        collect_ids=False,
    )


def _error(message: str, file: str | None, line: int | None) -> ParseError:
    diag = Diagnostic("invalid-xml", "error", message, file, line)
    return ParseError(diag.format(), (diag,))


def parse_xml(data: str | bytes, *, file: str | None = None) -> etree._Element:
    """Parse ``data`` safely and return the root element.

    ``str`` input has its XML declaration (which may name an encoding that no longer
    applies) and a leading byte-order mark removed; ``bytes`` are decoded as the document
    declares. Raises :class:`~archivecite.errors.ParseError` for malformed XML and for any
    document whose DTD declares entities.
    """
    from lxml import etree

    source: Any
    if isinstance(data, str):
        source = _XML_DECL.sub("", data.lstrip("\ufeff"), count=1)
    elif isinstance(data, bytes | bytearray):
        source = bytes(data)
    else:
        raise TypeError(f"parse_xml() needs str or bytes, not {type(data).__name__}")
    try:
        root = etree.fromstring(source, safe_parser())
    except etree.XMLSyntaxError as exc:
        line = exc.lineno if isinstance(exc.lineno, int) and exc.lineno > 0 else None
        raise _error(f"malformed XML: {exc.msg}", file, line) from None
    except (ValueError, TypeError) as exc:  # e.g. NUL bytes, impossible encodings
        raise _error(f"unreadable XML: {exc}", file, None) from None
    if root is None:
        raise _error("empty XML document", file, None)
    # only the internal subset: ``docinfo.externalDTD`` would load the external DTD
    dtd = root.getroottree().docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise _error("entity declarations are not allowed (no entity expansion)", file, 1)
    return root
