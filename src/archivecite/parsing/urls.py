"""Record ids and canonical URLs from every URL form the archive has used.

- ``https://digitalarchive.wilsoncenter.org/document/114504`` (also ``http://``)
- ``…/document/110385.pdf?v=<hex>`` (the PDF of the page)
- ``…/document/<title-slug>`` (no number: no record id)
- ``…/node/12345`` (a Drupal node id, which is NOT a record id)
- test/staging hosts such as ``wilson-center-digital-archive.dvincitest.com``
"""

from __future__ import annotations

import re

from ..model import canonical_url
from ._cache import short_text_cache

_URL = re.compile(r"https?://[^\s<>\"]+", re.I)
_ARCHIVE_HOST = re.compile(
    r"^(?:[\w-]+\.)*(?:wilsoncenter\.org|dvincitest\.com)$|^wilson-center-digital-archive\.", re.I
)
_DOC_PATH = re.compile(r"^/document/(\d{1,9})(?:\.pdf)?/?$", re.I)
_HOST_PATH = re.compile(r"^https?://([^/?#]+)(/[^?#]*)?", re.I)


def find_urls(text: str) -> list[str]:
    """Every http(s) URL in ``text``, without enclosing ``<>`` and trailing punctuation."""
    return [u.rstrip(".,;)>]") for u in _URL.findall(text)]


@short_text_cache(maxsize=256)
def _is_archive_host(host: str) -> bool:
    """Cached: an export names few hosts."""
    return _ARCHIVE_HOST.search(host) is not None


def record_id_from_url(url: str) -> str | None:
    """The record id of an archive document URL; ``None`` for slugs, nodes, other sites."""
    u = url.strip()
    # the usual URL ("https://host/document/123", lowercase scheme, no query or fragment) is
    # read with string methods, as _HOST_PATH and _DOC_PATH read it; any other by them
    at = 8 if u.startswith("https://") else 7 if u.startswith("http://") else 0
    if at and "?" not in u and "#" not in u:
        slash = u.find("/", at)
        whole_host = u[at:] if slash < 0 else u[at:slash]
        if not whole_host:
            return None  # _HOST_PATH wants a host
        path = "/" if slash < 0 else u[slash:]
    else:
        m = _HOST_PATH.match(u)
        if not m:
            return None
        whole_host = m.group(1)
        path = m.group(2) or "/"
    host = whole_host.split("@")[-1].split(":")[0]
    if not _is_archive_host(host):
        return None
    if path.startswith("/document/"):
        number = path[10:]
        if 1 <= len(number) <= 9 and number.isascii() and number.isdigit():
            return number
    doc = _DOC_PATH.match(path)
    return doc.group(1) if doc else None


def canonical_for(url: str | None) -> tuple[str | None, str | None]:
    """``(record_id, canonical_url)`` for ``url`` (both ``None`` when not derivable)."""
    if not url:
        return None, None
    rid = record_id_from_url(url)
    return (rid, canonical_url(rid)) if rid else (None, None)
