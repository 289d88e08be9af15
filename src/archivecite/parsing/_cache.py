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

_CACHES: list[Any] = []


def short_text_cache(maxsize: int) -> Callable[[Callable[[K], R]], Callable[[K], R]]:
    """``lru_cache(maxsize)`` for a one-argument function, bypassed for long text arguments."""

    def decorate(func: Callable[[K], R]) -> Callable[[K], R]:
        cached = functools.lru_cache(maxsize=maxsize)(func)
        _CACHES.append(cached)

        @functools.wraps(func)
        def read(key: K) -> R:
            if isinstance(key, str) and len(key) > MAX_KEY_LENGTH:
                return func(key)
            return cached(key)

        return read

    return decorate


def register(cache: Any) -> None:
    """Let :func:`clear_caches` clear another cache (one with a wrapper of its own)."""
    _CACHES.append(cache)


def clear_caches() -> None:
    """Empty every parser cache (for measurements and tests)."""
    for cache in _CACHES:
        cache.cache_clear()
