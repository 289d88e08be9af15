"""Dates as archives write them -> :class:`~archivecite.model.ArchivalDate`.

Deterministic and conservative: a part the text does not give is never filled in
(no day for ``November 1967``, no "today" defaults as dateutil's parser would add).

Recognised shapes (case-insensitive, optional surrounding ``[...]``):
``October 28, 1962`` · ``March 05, 1949`` · ``28 October 1962`` · ``Oct. 28, 1962`` ·
``November 1967`` · ``September, 1956`` · ``1971`` · ``1962-10-28`` / ``1962-10`` (EDTF) ·
``ca. 1962`` / ``circa 1962`` / ``c. 1962`` · ``1962?`` · ranges ``October 22-28, 1962``,
``October 22 - November 2, 1962``, ``1962-1963``, ``22-28 October 1962`` and EDTF
``1962-10-22/1962-11-02``.
"""

from __future__ import annotations

import re

from ..model import ArchivalDate, DatePoint
from ._cache import short_text_cache

_MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}  # fmt: skip
_MONTH = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_DASH = r"\s*(?:-|–|—|to|until)\s*"
_Y = r"(\d{4})"
_D = r"(\d{1,2})(?:st|nd|rd|th)?"
_M = f"({_MONTH})"

# Each pattern returns groups that _build turns into (start, end) points.
_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(rf"{_Y}-(\d{{2}})-(\d{{2}})$"), "iso-ymd"),
    (re.compile(rf"{_Y}-(\d{{2}})$"), "iso-ym"),
    (re.compile(rf"{_M}\s+{_D},?\s+{_Y}$", re.I), "mdy"),
    (re.compile(rf"{_D}\s+{_M},?\s+{_Y}$", re.I), "dmy"),
    (re.compile(rf"{_M},?\s+{_Y}$", re.I), "my"),
    (re.compile(rf"{_Y}$"), "y"),
    # ranges
    (re.compile(rf"{_M}\s+{_D}{_DASH}{_D},?\s+{_Y}$", re.I), "md-d-y"),
    (re.compile(rf"{_M}\s+{_D}{_DASH}{_M}\s+{_D},?\s+{_Y}$", re.I), "md-md-y"),
    (re.compile(rf"{_M}\s+{_D},?\s+{_Y}{_DASH}{_M}\s+{_D},?\s+{_Y}$", re.I), "mdy-mdy"),
    (re.compile(rf"{_D}{_DASH}{_D}\s+{_M},?\s+{_Y}$", re.I), "d-dm-y"),
    (re.compile(rf"{_D}\s+{_M}{_DASH}{_D}\s+{_M},?\s+{_Y}$", re.I), "dm-dm-y"),
    (re.compile(rf"{_M}{_DASH}{_M},?\s+{_Y}$", re.I), "m-m-y"),
    (re.compile(rf"{_M},?\s+{_Y}{_DASH}{_M},?\s+{_Y}$", re.I), "my-my"),
    (re.compile(rf"{_Y}{_DASH}{_Y}$"), "y-y"),
    (re.compile(rf"{_Y}{_DASH}(\d{{2}})$"), "y-yy"),
]

_DIGIT = re.compile(r"\d")
#: Longer text is not (only) a date.
MAX_DATE_LENGTH = 80
# the patterns in their order, split by what they start with (``_Y``/``_D`` or ``_M``)
_DIGIT_FIRST = [(p, k) for p, k in _PATTERNS if p.pattern.startswith("(\\d")]
_MONTH_FIRST = [(p, k) for p, k in _PATTERNS if not p.pattern.startswith("(\\d")]
_SINGLE = frozenset({"iso-ymd", "iso-ym", "mdy", "dmy", "my", "y"})
_APPROX = re.compile(r"^(?:circa|ca\.?|c\.|approx(?:imately)?\.?|about)\s*", re.I)
# The two shapes nearly every date line has ("October 28, 1962", "28 October 1962"), exactly as
# the "mdy" and "dmy" patterns read them, tried first on the text as given: a text that matches
# has no surrounding space, brackets, "?", "." or "circa", and no EDTF or other pattern could
# have matched it first, so the general path would read it the same way.
_COMMON = re.compile(rf"(?:{_M}\s+{_D},?\s+{_Y}|{_D}\s+{_M},?\s+{_Y})$", re.I)
_EDTF = re.compile(
    r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?([~?%]?)(?:/(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?([~?%]?))?$"
)


def _month(name: str) -> int:
    found = _MONTHS.get(name.rstrip(".").lower())
    if found is None:  # a letter that only matches under re.I ("ſept", "Aprİl"): ask re
        found = next(v for k, v in _MONTHS.items() if re.fullmatch(k, name.rstrip("."), re.I))
    return found


def _point(year: str, month: int | None = None, day: str | None = None) -> DatePoint | None:
    y = int(year)
    if not 1 <= y <= 2999:
        return None
    d = int(day) if day is not None else None
    if month is not None and not 1 <= month <= 12:
        return None
    if d is not None and (month is None or not 1 <= d <= _days_in(y, month)):
        return None
    return DatePoint(y, month, d)


def _is_day(year: str, month: int, day: str) -> bool:
    """``_point(year, month, day) is not None`` (a month from :func:`_month`: always valid)."""
    y = int(year)
    return 1 <= y <= 2999 and 1 <= int(day) <= _days_in(y, month)


def _days_in(year: int, month: int) -> int:
    if month == 2:
        leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
        return 29 if leap else 28
    return 30 if month in (4, 6, 9, 11) else 31


def _build(kind: str, g: tuple[str, ...]) -> tuple[DatePoint | None, DatePoint | None]:
    if kind == "iso-ymd":
        return _point(g[0], int(g[1]), g[2]), None
    if kind == "iso-ym":
        return _point(g[0], int(g[1])), None
    if kind == "mdy":
        return _point(g[2], _month(g[0]), g[1]), None
    if kind == "dmy":
        return _point(g[2], _month(g[1]), g[0]), None
    if kind == "my":
        return _point(g[1], _month(g[0])), None
    if kind == "y":
        return _point(g[0]), None
    if kind == "md-d-y":
        m = _month(g[0])
        return _point(g[3], m, g[1]), _point(g[3], m, g[2])
    if kind == "md-md-y":
        return _point(g[4], _month(g[0]), g[1]), _point(g[4], _month(g[2]), g[3])
    if kind == "mdy-mdy":
        return _point(g[2], _month(g[0]), g[1]), _point(g[5], _month(g[3]), g[4])
    if kind == "d-dm-y":
        m = _month(g[2])
        return _point(g[3], m, g[0]), _point(g[3], m, g[1])
    if kind == "dm-dm-y":
        return _point(g[4], _month(g[1]), g[0]), _point(g[4], _month(g[3]), g[2])
    if kind == "m-m-y":
        return _point(g[2], _month(g[0])), _point(g[2], _month(g[1]))
    if kind == "my-my":
        return _point(g[1], _month(g[0])), _point(g[3], _month(g[2]))
    if kind == "y-y":
        return _point(g[0]), _point(g[1])
    if kind == "y-yy":
        return _point(g[0]), _point(g[0][:2] + g[1])
    raise AssertionError(kind)


def _ascii_day(token: str) -> bool:
    """One or two ASCII digits (what ``\\d{1,2}`` reads, in ASCII text)."""
    return 1 <= len(token) <= 2 and token.isascii() and token.isdigit()


def _ascii_month(token: str) -> int:
    """The month of an ASCII month name with at most one final ".", as ``_MONTH`` reads it;
    0 for anything else."""
    name = token[:-1] if token.endswith(".") else token
    if not name.isascii():
        return 0
    return _MONTHS.get(name.lower(), 0)


def _quick_common(text: str) -> tuple[str, int, str] | None:
    """:func:`_common_parts` without the regular expression, for the usual ASCII writing with
    single spaces (``October 28, 1962``, ``Oct. 28, 1962``, ``28 October 1962``); ``None``
    when the text is not written so (then only :data:`_COMMON` can tell). Where this returns
    parts, :data:`_COMMON` matches the same text with the same groups: the tokens have no
    space inside, so each group is its whole token."""
    parts = text.split(" ")
    if len(parts) != 3:
        return None
    first, second, year = parts
    if len(year) != 4 or not year.isascii() or not year.isdigit():
        return None
    if second.endswith(","):
        second = second[:-1]
    if _ascii_day(second):  # month day, year
        month = _ascii_month(first)
        if month:
            return year, month, second
        return None
    if _ascii_day(first):  # day month[,] year
        month = _ascii_month(second)
        if month:
            return year, month, first
    return None


def _common_parts(text: str) -> tuple[str, int, str] | None:
    """(year, month, day) of a text in one of the two usual shapes (:data:`_COMMON`)."""
    quick = _quick_common(text)
    if quick is not None:
        return quick
    # _COMMON ends with \d{4}$ (before a final "\n" at most): a text ending otherwise fails it
    if not text or not (text[-1].isdecimal() or text[-1] == "\n"):
        return None
    common = _COMMON.match(text)
    if common is None or len(text) > MAX_DATE_LENGTH:
        return None
    month, day, year, day2, month2, year2 = common.groups()
    if month is None:
        return year2, _month(month2), day2
    return year, _month(month), day


@short_text_cache(maxsize=4096)
def parse_date(text: str | None) -> ArchivalDate | None:
    """Read a date as written; ``None`` when ``text`` is not (only) a date.

    The returned date keeps ``text`` exactly as given. Cached: the same date text is read
    several times per record (date line, citation, splitter) and dates repeat across an
    export; the result is immutable.
    """
    if not text:
        return None
    common = _common_parts(text)
    if common is not None:
        year, month, day = common  # unpacked: mypyc calls f(*t) through the generic path
        start = _point(year, month, day)
        return None if start is None else ArchivalDate(text=text, start=start)
    s = text.strip()
    # every pattern needs a decimal digit (``\d``): no digit, no date
    if not s or len(s) > MAX_DATE_LENGTH or _DIGIT.search(s) is None:
        return None
    if s[0] == "[" and s[-1] == "]":
        s = s[1:-1].strip()
    uncertain = False
    if s.endswith("?"):
        uncertain = True
        s = s[:-1].rstrip()
    if s.endswith("."):
        s = s[:-1].rstrip()
    approximate = False
    m = _APPROX.match(s)
    if m:
        approximate = True
        s = s[m.end() :]
    e = _EDTF.match(s)
    if e and ("/" in s or e.group(4) or e.group(8)):
        parsed = parse_edtf(s)
        if parsed is None:
            return None
        return ArchivalDate(
            text=text,
            start=parsed.start,
            end=parsed.end,
            approximate=parsed.approximate or approximate,
            uncertain=parsed.uncertain or uncertain,
        )
    # a pattern starts with a digit or with a month name: try only the ones that can match
    for pattern, kind in _DIGIT_FIRST if _DIGIT.match(s) else _MONTH_FIRST:
        match = pattern.match(s)
        if match:
            start, end = _build(kind, match.groups())
            if start is None or (kind not in _SINGLE and end is None):
                return None
            if end is not None and end.sort_key() < start.sort_key():
                return None
            return ArchivalDate(text=text, start=start, end=end, approximate=approximate, uncertain=uncertain)
    return None


def is_date(text: str | None) -> bool:
    """``parse_date(text) is not None``, without building (or caching) the date: for checks
    such as "is this line a date?" on text that is mostly new (closing dates, date lines
    seen by the splitter before the record is read)."""
    if not text:
        return False
    common = _common_parts(text)
    if common is not None:
        year, month, day = common
        return _is_day(year, month, day)
    return parse_date(text) is not None


def parse_edtf(value: str) -> ArchivalDate | None:
    """Read the EDTF subset archivecite writes (``1962-10-28``, ``1962~``, ``1962?``,
    ``1962-10-22/1962-11-02``); ``None`` for anything else. ``text`` is left empty."""
    m = _EDTF.match(value.strip())
    if not m:
        return None
    y1, m1, d1, q1, y2, m2, d2, q2 = m.groups()
    start = _point(y1, int(m1) if m1 else None, d1)
    if start is None:
        return None
    end = None
    if y2:
        end = _point(y2, int(m2) if m2 else None, d2)
        if end is None or end.sort_key() < start.sort_key():
            return None
    quals = (q1 or "") + (q2 or "")
    return ArchivalDate(
        text=None,
        start=start,
        end=end,
        approximate="~" in quals or "%" in quals,
        uncertain="?" in quals or "%" in quals,
    )


_DATE_LINE_HINT = re.compile(rf"^\[?(?:circa|ca\.?|c\.)?\s*(?:{_MONTH}|\d)", re.I)


def looks_like_date_line(line: str) -> bool:
    """Fast check used by the splitter: is this whole line a date?"""
    s = line.strip()
    if not s or len(s) > 60:
        return False
    quick = _quick_common(s)  # the usual date line (it starts as _DATE_LINE_HINT wants)
    if quick is not None:
        year, month, day = quick
        return _is_day(year, month, day)
    if not _DATE_LINE_HINT.match(s):
        return False
    return is_date(s)
