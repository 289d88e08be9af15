"""Citation keys: ``khrushchev1962castro``, ``transcript1979cpsu``, ``wcda114504``.

Two schemes:

``default``
    ``<first element><year><next element>``, lowercase ASCII. The first element is the
    sender's family name (an organization's first significant word), else the first
    significant word of the title (a leading A/An/The and function words such as of/to/from
    do not count). The next element is the recipient's family name, else the next
    significant title word. Cyrillic, Chinese and accented letters are transliterated with
    ``anyascii``; everything but ``a-z0-9`` is dropped. No date: no year. Nothing at all:
    ``anon``.
``wcda``
    ``wcda`` + the Wilson Center record id (``wcda114504``); records without an id fall
    back to the default scheme.

Keys are unique within one output: :class:`KeyAllocator` gives the first record its base
key and later records with the same base ``a``, ``b`` … ``z``, ``aa`` … suffixes, in input
order (so the same input always gives the same keys)::

    alloc = KeyAllocator("default")
    [alloc.key(r) for r in records]   # ['khrushchev1962castro', 'khrushchev1962castroa', ...]
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Literal

from anyascii import anyascii

from .model import Name, Record

__all__ = ["SCHEMES", "KeyAllocator", "KeyScheme", "base_key", "key_words", "slug"]

KeyScheme = Literal["default", "wcda"]
SCHEMES: tuple[str, ...] = ("default", "wcda")

#: Words that never make a key element (articles, prepositions, conjunctions).
STOPWORDS = frozenset(
    """a an the of to from on in at by for with and or but about between among regarding
    concerning re into onto upon over under than as de la le les du des der die das von van
    et y und""".split()
)

_NON_KEY = re.compile(r"[^a-z0-9]+")
_WORD = re.compile(r"[^\s/\-–—,;:.()\[\]\"“”'‘’«»!?]+")


@lru_cache(maxsize=65536)
def slug(text: str) -> str:
    """``text`` transliterated to lowercase ASCII letters and digits only."""
    if text.isascii():
        return _NON_KEY.sub("", text.lower())
    return _NON_KEY.sub("", anyascii(text).lower())


def key_words(text: str | None, limit: int | None = None) -> list[str]:
    """The significant words of ``text`` as key slugs (stopwords and empty slugs dropped),
    at most ``limit`` of them."""
    words: list[str] = []
    if not text:
        return words
    for m in _WORD.finditer(text):
        raw = m.group()
        if raw.casefold() in STOPWORDS:
            continue
        s = slug(raw)
        if s:
            words.append(s)
            if limit is not None and len(words) >= limit:
                break
    return words


@lru_cache(maxsize=8192)
def _name_element(name: Name) -> str:
    if name.kind == "person" and name.family:
        s = slug(name.family)
        if s:
            return s
    words = key_words(name.name)
    return words[0] if words else slug(name.name)


def base_key(record: Record, scheme: str = "default") -> str:
    """The key of ``record`` before de-duplication (see the module docstring)."""
    if scheme == "wcda" and record.record_id:
        rid = slug(record.record_id)
        if rid:
            return "wcda" + rid
    elif scheme not in SCHEMES:
        raise ValueError(f"unknown key scheme {scheme!r}; choose one of {', '.join(SCHEMES)}")
    first = _name_element(record.authors[0]) if record.authors else ""
    title_words: list[str] = []
    if not first or not record.recipients:
        title_words = key_words(record.title, limit=3)
    if not first and title_words:
        first = title_words.pop(0)
    if record.recipients:
        nxt = _name_element(record.recipients[0])
    else:
        nxt = next((w for w in title_words if w != first), "")
    year = str(record.date.year) if record.date is not None else ""
    key = f"{first}{year}{nxt}"
    return key if first or nxt else "anon" + year


def _suffix(n: int) -> str:
    """1 -> a, 26 -> z, 27 -> aa (bijective base 26)."""
    out = ""
    while n > 0:
        n, r = divmod(n - 1, 26)
        out = chr(ord("a") + r) + out
    return out


class KeyAllocator:
    """Hands out unique keys for one output, in order.

    ``key(record)`` computes the record's base key with the allocator's scheme and
    ``allocate(base)`` makes any base unique: the first use is the base itself, later uses
    get ``a``, ``b`` … suffixes (skipping any key already handed out).
    """

    def __init__(self, scheme: str = "default") -> None:
        if scheme not in SCHEMES:
            raise ValueError(f"unknown key scheme {scheme!r}; choose one of {', '.join(SCHEMES)}")
        self.scheme = scheme
        self._used: set[str] = set()
        self._next: dict[str, int] = {}

    def allocate(self, base: str) -> str:
        """A key not handed out before: ``base``, else ``base`` + ``a``, ``b`` …"""
        if base not in self._used:
            self._used.add(base)
            return base
        n = self._next.get(base, 1)
        while (candidate := base + _suffix(n)) in self._used:
            n += 1
        self._next[base] = n + 1
        self._used.add(candidate)
        return candidate

    def key(self, record: Record) -> str:
        """The unique key of ``record`` in this output."""
        return self.allocate(base_key(record, self.scheme))

    def __contains__(self, key: object) -> bool:
        return key in self._used
