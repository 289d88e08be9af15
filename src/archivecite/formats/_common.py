"""Readings of a record shared by several writers (dates in words, translation statement).

Only derived views: nothing here adds data that the record does not contain.
"""

from __future__ import annotations

import re

from ..model import ArchivalDate, DatePoint, Record

_SURROGATE = re.compile("[\ud800-\udfff]")


def encodable(text: str) -> str:
    """``text`` with any lone surrogate replaced by U+FFFD, so that a UTF-8 file can hold it.

    No reader produces lone surrogates (the text reader replaces them with an
    ``invalid-unicode`` warning), but a :class:`~archivecite.model.Record` built in code can
    hold one; the plain-text writers (Chicago, RIS, CSL) pass their output through here, as
    the TEI writer does for characters XML cannot hold."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return _SURROGATE.sub("\ufffd", text)
    return text


MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
#: BibTeX month macros, index 0 = January.
MONTH_MACROS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
EN_DASH = "\u2013"


def _point_words(p: DatePoint, *, with_year: bool = True) -> str:
    if p.month is None:
        return str(p.year)
    month = MONTHS[p.month - 1]
    if p.day is None:
        return f"{month} {p.year}" if with_year else month
    return f"{month} {p.day}, {p.year}" if with_year else f"{month} {p.day}"


def date_words(date: ArchivalDate | None, *, undated: str = "n.d.") -> str:
    """US/Chicago date: ``October 28, 1962``, ``October 1962``, ``1962``, ``ca. 1962``,
    ``1962?``, ``October 22–28, 1962``, ``October 22–November 2, 1962``, ``1962–1963``;
    ``n.d.`` when there is no date. Zero-padding is removed (days are integers)."""
    if date is None:
        return undated
    s, e = date.start, date.end
    if e is None:
        text = _point_words(s)
    elif s.year == e.year and s.month is not None and s.month == e.month and s.day and e.day:
        text = f"{MONTHS[s.month - 1]} {s.day}{EN_DASH}{e.day}, {s.year}"
    elif (
        s.year == e.year
        and s.month is not None
        and e.month is not None
        and (s.day is None) == (e.day is None)
    ):
        text = f"{_point_words(s, with_year=False)}{EN_DASH}{_point_words(e, with_year=False)}"
        text += f", {s.year}" if s.day is not None else f" {s.year}"
    else:
        text = f"{_point_words(s)}{EN_DASH}{_point_words(e)}"
    if date.approximate:
        text = "ca. " + text
    if date.uncertain:
        text += "?"
    return text


def translation_statement_needed(record: Record) -> bool:
    """True when the contents list an English translation of a non-English original."""
    if record.translation_language != "English":
        return False
    return any(lang != "English" for lang in record.original_languages)


def translated_from(record: Record) -> str | None:
    """``Translated from the Russian`` when the record lists a non-English original and an
    English translation (or English text); ``None`` otherwise."""
    originals = [lang for lang in record.original_languages if lang != (record.text_language or "English")]
    if not originals or not (record.text_language or record.translation_language):
        return None
    return "Translated from the " + " and ".join(originals)
