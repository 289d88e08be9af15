"""The archive's citation line, in its three shapes.

1. new site: ``"Title", Month D, YYYY, Wilson Center Digital Archive, <Source> <https://…>``
2. old site: ``"Title," Month DD, YYYY, History and Public Policy Program Digital Archive, <Source>[ URL]``
3. old PDF export: as 2 with curly outer quotes ``“Title,”``.

Reading steps, each with a fast path for the usual text and the general code otherwise (the
fast paths give exactly what the general code gives; tests/parsing/test_fast_citation.py
compares them with the frozen 0.1.0 copy in tests/legacy_parsing/citation_v010.py):

* whitespace is collapsed to single spaces (:func:`_is_collapsed` text is kept as is);
* a trailing URL, `` <https://…>`` or `` http://…``, is split off (:func:`_split_url`);
* the digital collection is the first ``… Digital Archive`` after the title's closing quote
  (:func:`_collection_span`). When no closing-quote candidate lies after the comma before the
  first "Digital Archive", the collection is looked for from that comma wherever the closing
  quote is, so the closing quote is not looked for (no date is read);
* the title runs from the opening quote to the last quote before the collection, the date
  text from there to the collection (what the regex ``_PREFIX`` reads, found with ``rfind``).
"""

from __future__ import annotations

import re
from typing import Literal

import attrs

from .dates import MAX_DATE_LENGTH as _MAX_DATE_LENGTH
from .dates import parse_date

Shape = Literal["new-site", "old-site", "pdf-export", "unknown"]

_TRAILING_URL = re.compile(r"\s*<\s*(https?://[^\s<>]+)\s*>\s*\.?\s*$|\s+(https?://\S+?)\.?\s*$", re.I)
_COLL_WORDS = r"(?:[A-Z][\w&'’.-]*\s+)(?:(?:[A-Z][\w&'’.-]*|and|of|the|for|on)\s+){0,9}Digital Archive"
_COLLECTION = re.compile(r"(?:^|,\s*|\s)(" + _COLL_WORDS + r")\s*(?:,\s*|\.\s+|\.?$|\s)")
# the title and date before the collection (parse_citation reads what it matches with rfind)
_PREFIX = re.compile(
    r'^\s*(?P<open>["“”])(?P<title>.*)(?P<close>,["”]|["”],|["”])\s*(?P<date>[^"“”]*?)\s*,?\s*$', re.S
)
_COLL_WORDS_RE = re.compile(_COLL_WORDS)
_HTTP = re.compile("http", re.I)
_COMMA_SPACE = re.compile(", ")
_CLOSE_QUOTE = re.compile(r',["”]|["”],')
_OPENING = frozenset('"“”')
_SCHEMES = ("http://", "https://")
# ", <name>," as the archive writes its collections: ``_COLLECTION`` matched at the comma reads
# exactly <name> (a name's words cannot run over a comma, and <name> ends with the only
# "Digital Archive" in it, the first in the text when the comma is the last before that)
_USUAL_COLLECTIONS = (
    ", Wilson Center Digital Archive,",
    ", History and Public Policy Program Digital Archive,",
)


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
    # whitespace collapsed to single spaces, as ``" ".join(text.split())`` does (a line break
    # before the URL is usual: made a space, the text is often collapsed already)
    s = text.replace("\n", " ")
    if not _is_collapsed(s):
        s = " ".join(text.split())
    if not s or s[0] not in _OPENING:
        return None
    s, url = _split_url(s)
    collection = source = None
    prefix = s
    span = _collection_span(s)
    if span is not None:
        start, end = span
        # the span starts with a capital and ends with "Digital Archive": nothing to strip
        collection = s[start:end]
        prefix = s[:start].rstrip(" ,")
        source = s[end:].lstrip(" ,").strip() or None
    # the title and date as ``_PREFIX`` reads them: its greedy title takes all up to the last
    # quote (the date has none), which closes the title (with the comma after it, if any)
    # unless it is an opening “ or the opening quote itself (then there is no match)
    j = prefix.rfind('"')
    if not prefix.isascii():
        j = max(j, prefix.rfind("”"), prefix.rfind("“"))
    if j < 1 or prefix[j] == "“":
        return CitationParts(collection=collection, source=source, url=url)
    title = prefix[1:j].strip()
    date_text = prefix[j + 1 :].strip(" ,") or None
    if span is None and date_text and "," in date_text:
        # no collection: "Title," Date, Source
        date_text, source = _date_and_source(date_text)
    shape: Shape = "new-site"
    # ``_PREFIX``'s close is ``",`` when a comma follows the quote, else the quote alone (its
    # ``,"`` branch never matches: the greedy title has taken the comma already); with the
    # quote alone, a title ending with a comma has it inside the quotes: old site, or its
    # PDF export with curly quotes
    if prefix[j + 1 : j + 2] != "," and title.endswith(","):
        title = title[:-1].rstrip()
        shape = "old-site" if prefix[0] == '"' else "pdf-export"
    elif title.endswith(","):  # a comma inside the quotes and one after ("Title,", …): a slip
        title = title[:-1].rstrip()
    return CitationParts(title or None, date_text, collection, source, url, shape)


def _is_collapsed(s: str) -> bool:
    """Whether ``s`` has no whitespace but single inner spaces (``" ".join(s.split()) == s``).

    In ASCII text, the other whitespace characters are looked for one by one (a search for
    one character is fast). Other text must be printable: every whitespace character but
    the space is unprintable (``False`` for unprintable text without other whitespace is
    only slower, never wrong)."""
    if s[:1] == " " or s[-1:] == " " or "  " in s:
        return False
    if not s.isascii():
        return s.isprintable()
    return not (
        "\n" in s
        or "\t" in s
        or "\r" in s
        or "\x0b" in s
        or "\x0c" in s
        or "\x1c" in s
        or "\x1d" in s
        or "\x1e" in s
        or "\x1f" in s
    )


def _split_url(s: str) -> tuple[str, str | None]:
    """``s`` (collapsed, starting with a quote) without its trailing URL, and the URL.

    What ``_TRAILING_URL`` finds, with fast paths for the two usual endings: `` <URL>`` (the
    one ``<`` a match can start from is the last one, its ``>`` being the last character),
    and `` URL`` without ``>`` (the first branch needs one; the second starts at the last
    space). Both need something after the scheme: URLs of 9 characters or fewer take the long
    way, as do other endings (and capitals in the scheme)."""
    if s[-1] == ">":
        k = s.rfind("<")
        url = s[k + 1 : -1]
        if (
            s[k - 1] == " "
            and len(url) > 8
            and url.startswith(_SCHEMES)
            and " " not in url
            and ">" not in url
        ):
            # k > 1: the space before it follows the opening quote at least
            return s[: k - 1], url
    else:
        k = s.rfind(" ")
        url = s[k + 1 :]
        if k > 0 and len(url) > 9 and url.startswith(_SCHEMES) and ">" not in url:
            # the lazy URL group leaves out one final period
            return s[:k], url[:-1] if url[-1] == "." else url
    # only h, t and p and their capitals lower to (or case-insensitively match) h, t and p:
    # without "http" in the lowered text, there is no "http" for ``_HTTP`` (a faster check)
    if "http" not in s.lower():
        return s, None
    # ``s`` has single spaces only, so a trailing URL match starts at most 3 characters
    # (" < ") before an "http": the search can start there instead of at 0
    http = _HTTP.search(s)
    m = _TRAILING_URL.search(s, max(http.start() - 3, 0)) if http else None
    if m:
        return s[: m.start()].rstrip(), m.group(1) or m.group(2)
    return s, None


def _collection_span(s: str) -> tuple[int, int] | None:
    """Where the digital collection's name is in ``s`` (collapsed, URL split off), if anywhere.

    The collection is the first "... Digital Archive" after the title's closing quote
    (:func:`_closing_quote`). It ends with "Digital Archive" and cannot contain a comma: its
    match starts at the earliest at the last comma before the first "Digital Archive" after
    the closing quote."""
    first_da = s.find("Digital Archive")
    if first_da < 0:
        return None
    comma = s.rfind(",", 0, first_da)
    # s[0] is a quote, so comma != 0. When no closing-quote candidate (each has a quote) ends
    # after the comma, the closing quote is before it (or there is none and the search starts
    # at 1): the first "Digital Archive" after it is ``first_da``, and the collection is
    # looked for from the comma, without reading dates to find the closing quote
    if comma > 0 and (
        (s.find('"', comma - 1) < 0 and s.find("”", comma - 1) < 0) or not _CLOSE_QUOTE.search(s, comma - 1)
    ):
        if s.startswith(_USUAL_COLLECTIONS, comma):
            return comma + 2, first_da + 15
        coll = _COLLECTION.match(s, comma) or _COLLECTION.search(s, comma)
    else:
        close = _closing_quote(s)
        search_from = close if close is not None else 1
        first_da = s.find("Digital Archive", search_from)
        if first_da < 0:
            return None
        coll = _COLLECTION.search(s, max(search_from, s.rfind(",", search_from, first_da)))
    return coll.span(1) if coll else None


def _date_and_source(date_text: str) -> tuple[str | None, str | None]:
    """Split "Date, Source" (a citation without a collection) at the longest date prefix."""
    d, _, rest = date_text.partition(", ")
    for cand in _date_prefixes(date_text):
        if parse_date(cand):
            d, rest = cand, date_text[len(cand) :].lstrip(" ,")
            break
    return d or None, rest or None


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
