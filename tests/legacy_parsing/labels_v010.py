"""Section labels of archive pages (``Citation:``, ``Summary:`` …), matched case-insensitively."""

from __future__ import annotations

import re

from archivecite.parsing._cache import short_text_cache

#: Labels whose sections archivecite interprets into record fields.
MAIN_LABELS: dict[str, str] = {
    "citation": "citation",
    "summary": "summary",
    "abstract": "summary",
    "credits": "credits",
    "credit": "credits",
    "original language": "original language",
    "original languages": "original language",
    "contents": "contents",
}
#: Labels seen on newer pages; kept verbatim in ``Record.extra`` (some also feed fields).
EXTRA_LABELS: frozenset[str] = frozenset(
    {
        "author(s)",
        "authors",
        "author",
        "source",
        "original archive",
        "rights",
        "original uploaded date",
        "type",
        "language",
        "languages",
        "record id",
        "original classification",
        "subjects",
        "subject",
        "keywords",
        "donors",
        "associated people & organizations",
        "associated people and organizations",
        "document contributors",
        "date",
        "title",
        "url",
        "translator",
        "translated by",
        "collection",
        "collections",
        "archive",
        "repository",
        "citation url",
    }
)
#: A repeated one of these starts a new record (see splitter).
HEADER_SPLIT_KEYS = frozenset({"citation", "summary", "credits", "original language", "contents"})

_LABEL = re.compile(r"^([^:]{1,50}?)\s*:\s*(.*)$", re.S)


@short_text_cache(maxsize=1024)
def split_label(stripped: str) -> tuple[str, str] | None:
    """``("Original Language", "Russian")`` for ``Original Language: Russian``."""
    m = _LABEL.match(stripped)
    if not m:
        return None
    return m.group(1), (m.group(2) or "").strip()


@short_text_cache(maxsize=1024)
def label_key(stripped: str) -> str | None:
    """Canonical key of a main or extra label line, ``None`` for anything else.

    A main label may carry its value on the same line; an extra label only a short one.
    Cached (as :func:`split_label`): label lines repeat in every record.
    """
    colon = stripped.find(":")
    if colon <= 0 or colon > 50:
        return None
    name = stripped[:colon].strip().casefold()
    key = MAIN_LABELS.get(name)
    if key is not None:
        return key
    if name in EXTRA_LABELS:
        rest = stripped[colon + 1 :]
        if rest and not rest[0].isspace():
            return None  # "url:https" is not a label line
        if len(rest) > 300:
            return None
        return name
    return None
