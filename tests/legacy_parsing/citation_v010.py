"""The archive's citation line, in its three shapes.

1. new site: ``"Title", Month D, YYYY, Wilson Center Digital Archive, <Source> <https://…>``
2. old site: ``"Title," Month DD, YYYY, History and Public Policy Program Digital Archive, <Source>[ URL]``
3. old PDF export: as 2 with curly outer quotes ``“Title,”``.
"""

from __future__ import annotations

import re
from typing import Literal

import attrs

from archivecite.parsing.dates import MAX_DATE_LENGTH as _MAX_DATE_LENGTH
from archivecite.parsing.dates import parse_date

Shape = Literal["new-site", "old-site", "pdf-export", "unknown"]

_TRAILING_URL = re.compile(r"\s*<\s*(https?://[^\s<>]+)\s*>\s*\.?\s*$|\s+(https?://\S+?)\.?\s*$", re.I)
_COLL_WORDS = r"(?:[A-Z][\w&'’.-]*\s+)(?:(?:[A-Z][\w&'’.-]*|and|of|the|for|on)\s+){0,9}Digital Archive"
_COLLECTION = re.compile(r"(?:^|,\s*|\s)(" + _COLL_WORDS + r")\s*(?:,\s*|\.\s+|\.?$|\s)")
_PREFIX = re.compile(
    r'^\s*(?P<open>["“”])(?P<title>.*)(?P<close>,["”]|["”],|["”])\s*(?P<date>[^"“”]*?)\s*,?\s*$', re.S
)
_COLL_WORDS_RE = re.compile(_COLL_WORDS)
_HTTP = re.compile("http", re.I)
_COMMA_SPACE = re.compile(", ")
_CLOSE_QUOTE = re.compile(r',["”]|["”],')


@attrs.frozen
class CitationParts:
    title: str | None = None
    date_text: str | None = None
    collection: str | None = None
    source: str | None = None
    url: str | None = None
    shape: Shape = "unknown"


def parse_citation(text: str) -> CitationParts | None:
    """Split a citation into title, date text, digital collection, source and URL.

    ``None`` when the text does not start with a quoted title.
    """
    s = " ".join(text.split())
    if not s or s[0] not in '"“”':
        return None
    url = None
    # ``s`` has single spaces only, so a trailing URL match starts at most 3 characters
    # (" < ") before an "http": the search can start there instead of at 0
    http = _HTTP.search(s)
    m = _TRAILING_URL.search(s, max(http.start() - 3, 0)) if http else None
    if m:
        url = m.group(1) or m.group(2)
        s = s[: m.start()].rstrip()
    collection = source = None
    prefix = s
    coll = None
    # the collection is the first "... Digital Archive" after the title's closing quote
    close = _closing_quote(s)
    search_from = close if close is not None else 1
    # the collection ends with "Digital Archive" and cannot contain a comma; its match
    # starts at the earliest at the last comma before the first "Digital Archive"
    first_da = s.find("Digital Archive", search_from)
    if first_da < 0:
        coll = None
    else:
        coll = _COLLECTION.search(s, max(search_from, s.rfind(",", search_from, first_da)))
    if coll:
        collection = coll.group(1).strip()
        prefix = s[: coll.start(1)].rstrip(" ,")
        source = s[coll.end(1) :].lstrip(" ,").strip() or None
    p = _PREFIX.match(prefix)
    if not p:
        return CitationParts(collection=collection, source=source, url=url)
    title = p.group("title").strip()
    date_text = p.group("date").strip(" ,") or None
    if coll is None and date_text and "," in date_text:
        # no collection: "Title," Date, Source
        d, _, rest = date_text.partition(", ")
        for cand in _date_prefixes(date_text):
            if parse_date(cand):
                d, rest = cand, date_text[len(cand) :].lstrip(" ,")
                break
        date_text, source = d or None, rest or None
    inside = p.group("close").startswith(",")
    if not inside and not p.group("close").endswith(",") and title.endswith(","):
        inside, title = True, title[:-1].rstrip()
    elif title.endswith(","):  # fixed after 0.1.0: "Title,", … (a comma inside and after)
        title = title[:-1].rstrip()
    curly = p.group("open") in "“”"
    shape: Shape = "pdf-export" if curly and inside else "old-site" if inside else "new-site"
    return CitationParts(
        title=title or None, date_text=date_text, collection=collection, source=source, url=url, shape=shape
    )


def _is_date_joined(parts: list[str]) -> bool:
    """``parse_date(", ".join(parts[:2])) is not None``, reading the cached date-line text.

    "April 27" and " 1960" join to "April 27,  1960" (two spaces): every date pattern
    matches whitespace with ``\\s+``/``\\s*``, so it reads as "April 27, 1960" does (the page's
    date line, parsed already), but for the length limit, checked here."""
    joined = ", ".join(parts[:2])
    if len(parts) > 1 and parts[1][:1].isspace():
        return len(joined.strip()) <= _MAX_DATE_LENGTH and parse_date(parts[0] + "," + parts[1]) is not None
    return parse_date(joined) is not None


def _date_prefixes(text: str) -> list[str]:
    """The prefixes of ``text`` that end before a ", " (longest first, the whole text first
    when it has a comma without a space), as ``", ".join(text.split(", ")[:k])`` for
    k = number of commas … 1 would give them. Only the first 200 characters are searched: a
    date is never longer (parse_date refuses more than 80), so the cost stays linear."""
    head = text[:200]
    ends = [m.start() for m in _COMMA_SPACE.finditer(head)]
    total_parts = text.count(", ") + 1
    out = [text] if text.count(",") >= total_parts and len(text) <= 200 else []
    out.extend(text[:e] for e in reversed(ends))
    return out


def _closing_quote(s: str) -> int | None:
    """Position just after the title's closing quote (the last ``",``/``,"`` before a date)."""
    best = None
    for m in _CLOSE_QUOTE.finditer(s):
        # a date or a collection name is short: a window keeps this linear in len(s)
        after = s[m.end() : m.end() + 300].lstrip()
        parts = after.split(",", 2)
        if parse_date(parts[0]) or _is_date_joined(parts) or _COLL_WORDS_RE.match(after):
            best = m.end()
            break
        best = best or m.end()
    return best
