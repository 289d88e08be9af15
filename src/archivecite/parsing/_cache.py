"""Caches for readings of short texts that repeat across an export (dates, names, labels…).

``functools.lru_cache`` keeps its keys alive, and a cache keyed by input text must not keep long
input in memory (a 10 MB line, a huge section). :func:`short_text_cache` caches texts of at most
:data:`MAX_KEY_LENGTH` characters and calls the function directly for longer ones, so each cache
holds at most ``maxsize * MAX_KEY_LENGTH`` characters of keys whatever the input. Cached results
are immutable (attrs frozen objects, tuples, strings), so sharing them is safe.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

K = TypeVar("K")
R = TypeVar("R")

#: Longer texts are read without the cache.
MAX_KEY_LENGTH = 256

_CACHES: list[Any] = []  # dicts, and lru_cache functions (see register)
_MISSING = object()


def short_text_cache(maxsize: int) -> Callable[[Callable[[K], R]], Callable[[K], R]]:
    """A bounded cache for a one-argument function, bypassed for long text arguments.

    A plain dict read in the wrapper (about twice as fast on a hit as ``lru_cache`` behind a
    length check, and the wrapper is called dozens of times per record); when it holds
    ``maxsize`` entries it is emptied and refilled (the recurring values come back at once),
    so it never holds more than ``maxsize`` keys of at most :data:`MAX_KEY_LENGTH` characters.
    """

    def decorate(func: Callable[[K], R]) -> Callable[[K], R]:
        table: dict[K, R] = {}
        _CACHES.append(table)
        get = table.get
        missing: Any = _MISSING

        @functools.wraps(func)
        def read(key: K) -> R:
            found = get(key, missing)
            if found is not missing:
                return found  # type: ignore[no-any-return]
            value = func(key)
            if not isinstance(key, str) or len(key) <= MAX_KEY_LENGTH:
                if len(table) >= maxsize:
                    table.clear()
                table[key] = value
            return value

        return read

    return decorate


def register(cache: Any) -> None:
    """Let :func:`clear_caches` clear another cache (an ``lru_cache`` function)."""
    _CACHES.append(cache)


def clear_caches() -> None:
    """Empty every parser cache (for measurements and tests)."""
    for cache in _CACHES:
        if isinstance(cache, dict):
            cache.clear()
        else:
            cache.cache_clear()
