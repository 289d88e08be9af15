"""Chicago citations (CMOS 17th/18th ed.): notes-bibliography and author-date.

Each form is *described once* as a template: an ordered list of elements joined by a
separator (``", "`` inside a note, ``". "`` between bibliography elements). An element that
the record does not have returns ``None`` and drops out together with its punctuation; the
punctuation itself is added by one function (:func:`_close`) that puts commas and periods
inside closing quotation marks and never doubles a mark after ``.``, ``?``, ``!``.
Markup (text, HTML, Markdown) is a separate backend (:mod:`archivecite.formats._markup`).

Public functions: :func:`full_note`, :func:`short_note`, :func:`bibliography_entry`,
:func:`author_date_entry`, :func:`author_date_citation`, :func:`author_date_citations`,
:func:`bibliography` and :func:`sort_key`. Options (all keyword, all optional):

- ``markup``: ``"text"`` (default), ``"html"`` or ``"markdown"``;
- ``archive_order``: the archive's own order (digital collection before the source);
- ``url_as_given``: the URL as the record gives it instead of the canonical URL;
- ``quoted_titles``: ``False`` writes archive titles without quotation marks (CMOS-pure
  descriptive titles).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from typing import Any, TextIO
from urllib.parse import quote

import attrs

from ..errors import FormatError
from ..model import ArchivalDate, DatePoint, FailedRecord, Name, Record, canonical_url
from ._common import EN_DASH, date_words, encodable, translation_statement_needed
from ._markup import TEXT, URL, Piece, get_markup, render

__all__ = [
    "WRITERS",
    "author_date_citation",
    "author_date_citations",
    "author_date_entry",
    "bibliography",
    "bibliography_entry",
    "full_note",
    "short_note",
    "short_title",
    "sort_key",
]

OPTIONS = frozenset({"markup", "archive_order", "url_as_given", "quoted_titles"})

# --------------------------------------------------------------------------------------------
# Options


@attrs.frozen
class _Ctx:
    quoted_titles: bool = True
    archive_order: bool = False
    url_as_given: bool = False
    suffix: str = ""


_DEFAULT_CTX = _Ctx()


_TEXT_MARKUP = get_markup("text")


def _options(opts: dict[str, Any]) -> tuple[_Ctx, Any]:
    if not opts:
        return _DEFAULT_CTX, _TEXT_MARKUP
    unknown = set(opts) - OPTIONS
    if unknown:
        raise FormatError(
            f"unknown Chicago option(s): {', '.join(sorted(unknown))}; known: {', '.join(sorted(OPTIONS))}"
        )
    markup = get_markup(opts.get("markup", "text"))
    if len(opts) - ("markup" in opts) == 0:
        return _DEFAULT_CTX, markup
    return (
        _Ctx(
            quoted_titles=bool(opts.get("quoted_titles", True)),
            archive_order=bool(opts.get("archive_order", False)),
            url_as_given=bool(opts.get("url_as_given", False)),
        ),
        markup,
    )


def _check(record: object) -> Record:
    if isinstance(record, Record):
        return record
    if isinstance(record, FailedRecord):
        raise FormatError(
            f"{record.file or '<input>'}:{record.line}: a record that could not be read cannot be cited"
        )
    raise FormatError(f"expected a Record, not {type(record).__name__}")


# --------------------------------------------------------------------------------------------
# Punctuation

_CLOSE_DOUBLE = "\u201d"
_CLOSE_SINGLE = "\u2019"
_OPEN_SINGLE = "\u2018"
_WEAK = ",;:"
#: Kind of piece for a date: its ``?`` marks uncertainty, it does not end a sentence.
DATE = 2
# Final words whose period is an abbreviation's (kept before a comma, CMOS 6.120).
_INITIALS = re.compile(r"(?:[^\W\d_]{1,2}\.)+$")
_ABBREVIATIONS = frozenset(
    "jr. sr. co. corp. inc. ltd. bros. etc. al. no. nos. vol. vols. ed. eds. trans. comp. "
    "f. ff. op. d. l. ll. p. pp. dok. per. del. fol. fols. ch. sec. pt. app. cf. viz. vs. "
    "prof. dr. st. mr. mrs. ms. gen. col. cde. cdes. amb. gov. pres. rev. ca. n.d. n.p. "
    "jan. feb. mar. apr. aug. sept. sep. oct. nov. dec. u.s. u.s.a. u.k. u.n. ussr. usa.".split()
)


def _is_abbreviation(text: str) -> bool:
    word = text.rsplit(None, 1)[-1].lstrip("([{\u201c\u2018\"'")
    return word.casefold() in _ABBREVIATIONS or _INITIALS.fullmatch(word) is not None


def _punctuate(text: str, mark: str) -> str:
    """``text`` followed by ``mark`` (``,`` or ``.``), American style (CMOS 6.9, 6.119-6.120):
    the mark goes inside closing quotation marks; nothing is added after ``?`` or ``!`` or a
    period before a period; a comma follows an abbreviation's period (``Jr.,``) but replaces a
    sentence's final period; a trailing ``,``/``;``/``:`` is replaced by the mark."""
    i = len(text)
    while i:
        ch = text[i - 1]
        if ch == _CLOSE_DOUBLE or (ch == _CLOSE_SINGLE and _OPEN_SINGLE in text[: i - 1]):
            i -= 1
        else:
            break
    core, closers = text[:i], text[i:]
    if core.endswith((",", ";", ":")):
        core = core.rstrip(_WEAK + " ")
    elif core.endswith(".") and not core.endswith(".."):
        before = core[:-1].rstrip(_WEAK + " ")
        if len(before) < len(core) - 1:  # "Minutes,.": the weaker mark before the period goes
            core = before if before.endswith((".", "?", "!")) else before + "."
    last = core[-1:] if core else ""
    if last in ("?", "!") or (last == "." and mark == "."):
        return core + closers
    if last == "." and not core.endswith("..") and not _is_abbreviation(core):
        core = core[:-1]
    return core + mark + closers


_SPECIAL_END = frozenset(".?!,;:\u201d\u2019 ")


def _close(pieces: list[Piece], mark: str) -> None:
    """Add ``mark`` after the last piece (inside its closing quotes when it is text)."""
    kind, text = pieces[-1]
    if kind == URL:
        pieces.append((TEXT, mark))
    elif text[-1:] not in _SPECIAL_END or (kind == DATE and text.endswith("?")):
        pieces[-1] = (TEXT, text + mark)
    else:
        pieces[-1] = (TEXT, _punctuate(text, mark))


# --------------------------------------------------------------------------------------------
# Templates: an element maps (record, ctx) to pieces or None; ``_join`` describes an order once.

Pieces = list[Piece]
#: An element gives plain text, pieces (dates, links) or ``None`` when the record lacks it.
Element = Callable[[Record, _Ctx], "str | Pieces | None"]
_SPACE: Piece = (TEXT, " ")


def _join(mark: str, *elements: Element) -> Element:
    """The elements present, in order, each closed by ``mark`` and a space before the next."""
    sep = mark + " "

    def run(record: Record, ctx: _Ctx) -> Pieces | None:
        out: Pieces = []
        for element in elements:
            part = element(record, ctx)
            if not part:
                continue
            if out:
                kind, text = out[-1]
                if kind == TEXT and text[-1:] not in _SPECIAL_END:  # the common case, inlined
                    out[-1] = (TEXT, text + sep)
                else:
                    _close(out, mark)
                    out.append(_SPACE)
            if isinstance(part, str):
                out.append((TEXT, part))
            else:
                out.extend(part)
        return out or None

    return run


def _text(fn: Callable[[Record, _Ctx], str | None]) -> Element:
    return fn


def _date(fn: Callable[[Record, _Ctx], str | None]) -> Element:
    def run(record: Record, ctx: _Ctx) -> Pieces | None:
        value = fn(record, ctx)
        return [(DATE, value)] if value else None

    return run


def _finish(element: Element, record: Record, ctx: _Ctx, end: str = ".") -> Pieces:
    result = element(record, ctx) or ""
    pieces: Pieces = [(TEXT, result)] if isinstance(result, str) else result
    if end:
        _close(pieces, end)
    return pieces


# --------------------------------------------------------------------------------------------
# Text preparation (typography only: nothing is added to or removed from the data)

_ARTICLES = frozenset({"a", "an", "the"})
_FUNCTION_WORDS = frozenset(
    "a an the of to from on in at by for with and or nor but as about between regarding "
    "concerning into onto upon per via than vs vs. re".split()
)


def _smart_quotes(text: str) -> str:
    """Straight quotes to curly ones (opening after a space or bracket, else closing)."""
    if '"' not in text and "'" not in text:
        return text
    out: list[str] = []
    prev = " "
    for ch in text:
        if ch == '"':
            ch = "\u201c" if prev.isspace() or prev in "([{\u2018\u2014\u2013/-" else "\u201d"
        elif ch == "'":
            ch = "\u2018" if prev.isspace() or prev in "([{\u201c\u2014\u2013/-" else "\u2019"
        out.append(ch)
        prev = ch
    return "".join(out)


def _inner_quotes(text: str) -> str:
    """Inside a quoted title, double quotation marks become single ones."""
    return text.replace("\u201c", "\u2018").replace("\u201d", "\u2019")


_ASCII_DIGITS = frozenset("0123456789")
_NOT_BEFORE = frozenset("_.-\u2013")
_NOT_AFTER = frozenset("_-\u2013")


def _is_range(a: str, b: str) -> bool:
    """``a-b`` is a number range: the end is larger (``193-94`` reads as 193–194) and the
    start is not a zero-padded identifier."""
    if len(a) > 12 or len(b) > 12:  # not a page or leaf number (and int() has a size limit)
        return False
    end = int(a[: len(a) - len(b)] + b) if len(b) < len(a) else int(b)
    return end > int(a) and not (a.startswith("0") and len(a) > 1)


def _en_dash_ranges(s: str) -> str:
    """Number ranges with an en dash: ``ll. 193-194`` -> ``ll. 193–194``; not ``vol. 21-1``,
    ``1962-10-28``, ``0101-0102``, ``5-a`` or ``A12-13``. (A scan from each hyphen: several
    times faster than a regular expression with look-behind.)"""
    i = s.find("-")
    if i < 0:
        return s
    n = len(s)
    out: list[str] = []
    last = 0
    while i >= 0:
        a0 = i
        while a0 > 0 and s[a0 - 1] in _ASCII_DIGITS:
            a0 -= 1
        b1 = i + 1
        while b1 < n and s[b1] in _ASCII_DIGITS:
            b1 += 1
        if a0 < i and b1 > i + 1:
            before = s[a0 - 1] if a0 else " "
            after = s[b1] if b1 < n else " "
            if (
                not (before.isalnum() or before in _NOT_BEFORE)
                and not (after.isalnum() or after in _NOT_AFTER)
                and not (after == "." and b1 + 1 < n and s[b1 + 1] in _ASCII_DIGITS)
                and _is_range(s[a0:i], s[i + 1 : b1])
            ):
                out.append(s[last:i])
                out.append(EN_DASH)
                last = i + 1
        i = s.find("-", i + 1)
    if not out:
        return s
    out.append(s[last:])
    return "".join(out)


@lru_cache(maxsize=8192)
def _clean_source(text: str) -> str:
    """The source as given: whitespace collapsed, straight quotes made curly, number ranges
    with an en dash (``ll. 193–194``; not ``vol. 21-1`` or dates like ``1962-10-28``). A
    final period is dropped by :func:`_punctuate` when other punctuation follows."""
    s = " ".join(text.split())
    s = _en_dash_ranges(s)
    return _smart_quotes(s)


@lru_cache(maxsize=8192)
def _clean_title(text: str) -> str:
    return _smart_quotes(" ".join(text.split()))


def _meaningful(text: str | None) -> bool:
    """Text with at least one letter or digit (a lone ``.`` or ``-`` is no element)."""
    if text is None:
        return False
    return text[:1].isalnum() or any(c.isalnum() for c in text)


def _untitled(record: Record) -> str:
    if record.doc_type is not None and _meaningful(record.doc_type):
        genre = " ".join(record.doc_type.split())
        return genre[:1].upper() + genre[1:]
    return "Untitled document"


def _title_text(record: Record) -> tuple[str, bool]:
    """The title to cite and whether it is the archive's own (quoted) title."""
    if record.title is not None and _meaningful(record.title):
        return _clean_title(record.title), True
    return _untitled(record), False


def _quote(text: str, archive_title: bool, ctx: _Ctx) -> str:
    if archive_title and ctx.quoted_titles:
        return "\u201c" + _inner_quotes(text) + "\u201d"
    return text


def short_title(title: str) -> str:
    """The first four words of ``title`` (a leading A/An/The does not count), without
    trailing function words (of, to, from, on …) or trailing commas; titles of four words
    or fewer are kept whole."""
    words = " ".join(title.split()).split(" ")
    if not words or words == [""]:
        return ""
    lead = 1 if words[0].casefold() in _ARTICLES and len(words) > 1 else 0
    if len(words) - lead <= 4:
        return " ".join(words)
    kept = words[: lead + 4]
    while len(kept) > lead + 1 and kept[-1].strip(",;:").casefold() in _FUNCTION_WORDS:
        kept.pop()
    return " ".join(kept).rstrip(",;:\u2013\u2014- ")


def _genre(record: Record) -> str | None:
    """The document type in lowercase (acronyms kept), ``None`` for letters and unknowns."""
    if not record.doc_type:
        return None
    words = record.doc_type.split()
    if not words or " ".join(words).casefold() == "letter":
        return None
    return " ".join(
        w if (w.isupper() and len(w) > 1) or any(c.isdigit() for c in w) else w.lower() for w in words
    )


# --------------------------------------------------------------------------------------------
# Names


def _display(name: Name, form: str) -> str:
    text = name.full if form == "full" else name.inverted if form == "inverted" else name.short
    text = " ".join(text.split()) or " ".join(name.name.split())
    if name.real_name and "[" not in text:
        text = f"{text} [{' '.join(name.real_name.split())}]"
    return text


def _and(items: Sequence[str]) -> str:
    if len(items) <= 2:
        return " and ".join(items)
    return ", ".join(items[:-1]) + ", and " + items[-1]


def _names(names: Sequence[Name], form: str) -> str:
    """``A``, ``A and B``, ``A, B, and C``; ``inverted`` inverts the first name only."""
    if form == "inverted":
        first = _display(names[0], "inverted")
        rest = [_display(n, "full") for n in names[1:]]
        if not rest:
            return first
        if len(rest) == 1:
            comma = "," if _display(names[0], "full") != first else ""
            return f"{first}{comma} and {rest[0]}"
        return first + ", " + ", ".join(rest[:-1]) + ", and " + rest[-1]
    return _and([_display(n, form) for n in names])


def _short_names(names: Sequence[Name]) -> str:
    """In-text author: one to three family names, four or more: ``A et al.``"""
    if len(names) >= 4:
        return _display(names[0], "short") + " et al."
    return _and([_display(n, "short") for n in names])


# --------------------------------------------------------------------------------------------
# Dates


def _valid(p: DatePoint) -> None:
    if p.month is not None and not 1 <= p.month <= 12:
        raise FormatError(f"invalid month {p.month} in date {p.iso}")
    if p.day is not None and not 1 <= p.day <= 31:
        raise FormatError(f"invalid day {p.day} in date {p.iso}")


def _date_text(date: ArchivalDate | None) -> str:
    if date is not None:
        _valid(date.start)
        if date.end is not None:
            _valid(date.end)
            if date.end == date.start:
                date = attrs.evolve(date, end=None)
    return date_words(date)


def year_text(date: ArchivalDate | None) -> str:
    """The author-date year: ``1962``, ``1962–1963``, ``ca. 1962``, ``1962?``, ``n.d.``"""
    if date is None:
        return "n.d."
    s, e = date.start, date.end
    text = str(s.year) if e is None or e.year == s.year else f"{s.year}{EN_DASH}{e.year}"
    if date.approximate:
        text = "ca. " + text
    if date.uncertain:
        text += "?"
    return text


def _capitalize(text: str) -> str:
    return text[:1].upper() + text[1:]


# --------------------------------------------------------------------------------------------
# Elements


def _canonical(record: Record) -> str | None:
    """The canonical URL; derived from a numeric record id when the record has no canonical
    URL (records read from other formats)."""
    if record.canonical_url:
        return record.canonical_url
    rid = record.record_id
    if rid is not None and rid.isascii() and rid.isdigit():
        return canonical_url(rid)
    return None


def _url(record: Record, ctx: _Ctx) -> Pieces | None:
    url = (record.url or _canonical(record)) if ctx.url_as_given else (_canonical(record) or record.url)
    url = url.strip() if url else None
    if not url:
        return None
    if not url.isprintable():  # whitespace or controls inside: percent-encoded, one line always
        url = "".join(c if c.isprintable() and not c.isspace() else quote(c) for c in url)
    return [(URL, url)]


def _source(record: Record, ctx: _Ctx) -> str | None:
    src = record.source
    if src is None:
        return None
    text = src.text if _meaningful(src.text) else ", ".join(p for p in (src.repository, src.locator) if p)
    return _clean_source(text) if _meaningful(text) else None


def _collection(record: Record, ctx: _Ctx) -> str | None:
    if record.collection is None or not _meaningful(record.collection):
        return None
    return _clean_title(record.collection)


def _translators_to_name(record: Record) -> str | None:
    """Translators known but not written in the source; ``None`` if the source already
    states the translation (``Translated by …``, ``translation by …``)."""
    src = record.source
    if src is None or not src.contributors or not src.translators:
        return None
    low = src.text.casefold()
    if "translat" in low:
        return None
    names = [n for n in src.translators if n.name.casefold() not in low]
    return _and([_display(n, "full") for n in names]) or None


def _english_translation(record: Record, ctx: _Ctx) -> str | None:
    if not translation_statement_needed(record) or _translators_to_name(record):
        return None
    if record.source is not None and "translat" in record.source.text.casefold():
        return None  # the source already says who translated it
    return "English translation"


def _trans_note(record: Record, ctx: _Ctx) -> str | None:
    names = _translators_to_name(record)
    if names:
        return f"trans. {names}"
    if not translation_statement_needed(record):
        return None
    if record.source is not None and "translat" in record.source.text.casefold():
        return None  # the source already says who translated it
    return "English translation"


def _trans_bib(record: Record, ctx: _Ctx) -> str | None:
    names = _translators_to_name(record)
    return f"Translated by {names}" if names else None


def _date_note(record: Record, ctx: _Ctx) -> str:
    return _date_text(record.date)


def _date_sentence(record: Record, ctx: _Ctx) -> str:
    return _capitalize(_date_text(record.date))


def _date_after_year(record: Record, ctx: _Ctx) -> str | None:
    """Author-date: the full date after the title, unless it only repeats the year."""
    text = _date_text(record.date)
    return None if text == year_text(record.date) else text


def _date_sentence_after_year(record: Record, ctx: _Ctx) -> str | None:
    text = _date_after_year(record, ctx)
    return _capitalize(text) if text else None


def _correspondents_note(record: Record, ctx: _Ctx) -> str:
    return f"{_names(record.authors, 'full')} to {_names(record.recipients, 'full')}"


def _correspondents_short(record: Record, ctx: _Ctx) -> str:
    return f"{_names(record.authors, 'short')} to {_names(record.recipients, 'short')}"


def _genre_note(record: Record, ctx: _Ctx) -> str | None:
    return _genre(record)


def _author_inverted(record: Record, ctx: _Ctx) -> str:
    return _names(record.authors, "inverted")


def _to_recipient(record: Record, ctx: _Ctx) -> str:
    genre = _genre(record) or ("letter" if record.doc_type and record.doc_type.strip() else "")
    lead = f"{_capitalize(genre)} to" if genre else "To"
    return f"{lead} {_names(record.recipients, 'full')}"


def _title_note(record: Record, ctx: _Ctx) -> str:
    text, own = _title_text(record)
    return _quote(text, own, ctx)


def _title_short(record: Record, ctx: _Ctx) -> str:
    text, own = _title_text(record)
    return _quote(short_title(text), own, ctx)


def _year(record: Record, ctx: _Ctx) -> str:
    return year_text(record.date) + _year_suffix(record, ctx)


def _year_suffix(record: Record, ctx: _Ctx) -> str:
    if not ctx.suffix:
        return ""
    return ("-" + ctx.suffix) if record.date is None else ctx.suffix


_T = _text
_D = _date

# Notes: item, date, source, translation statement, digital collection, URL (CMOS 14.221).
_LETTER_NOTE = _join(
    ",",
    _T(_correspondents_note),
    _T(_genre_note),
    _D(_date_note),
    _T(_source),
    _T(_trans_note),
    _T(_collection),
    _url,
)
_TITLE_NOTE = _join(",", _T(_title_note), _D(_date_note), _T(_source), _T(_trans_note), _T(_collection), _url)
_LETTER_NOTE_ARCHIVE = _join(
    ",",
    _T(_correspondents_note),
    _T(_genre_note),
    _D(_date_note),
    _T(_collection),
    _T(_source),
    _T(_trans_note),
    _url,
)
_TITLE_NOTE_ARCHIVE = _join(
    ",", _T(_title_note), _D(_date_note), _T(_collection), _T(_source), _T(_trans_note), _url
)
_LETTER_SHORT = _join(",", _T(_correspondents_short), _D(_date_note))
_TITLE_SHORT = _T(_title_short)

# Bibliography: elements separated by periods; "English translation, Collection." together.
_BIB_TAIL = _join(
    ".", _T(_source), _T(_trans_bib), _join(",", _T(_english_translation), _T(_collection)), _url
)
_BIB_TAIL_ARCHIVE = _join(".", _T(_collection), _T(_source), _T(_trans_bib), _T(_english_translation), _url)
_LETTER_BIB_ITEM = _join(",", _T(_to_recipient), _D(_date_note))
_TITLE_BIB_ITEM = _join(".", _T(_title_note), _D(_date_sentence))
_LETTER_AD_ITEM = _join(",", _T(_to_recipient), _D(_date_after_year))
_TITLE_AD_ITEM = _join(".", _T(_title_note), _D(_year), _D(_date_sentence_after_year))


_TEMPLATES: dict[tuple[str, bool, bool], Element] = {}
for _archive in (False, True):
    _tail = _BIB_TAIL_ARCHIVE if _archive else _BIB_TAIL
    _TEMPLATES["note", True, _archive] = _LETTER_NOTE_ARCHIVE if _archive else _LETTER_NOTE
    _TEMPLATES["note", False, _archive] = _TITLE_NOTE_ARCHIVE if _archive else _TITLE_NOTE
    _TEMPLATES["short", True, _archive] = _LETTER_SHORT
    _TEMPLATES["short", False, _archive] = _TITLE_SHORT
    _TEMPLATES["bib", True, _archive] = _join(".", _T(_author_inverted), _LETTER_BIB_ITEM, _tail)
    _TEMPLATES["bib", False, _archive] = _join(".", _TITLE_BIB_ITEM, _tail)
    _TEMPLATES["ad", True, _archive] = _join(".", _T(_author_inverted), _D(_year), _LETTER_AD_ITEM, _tail)
    _TEMPLATES["ad", False, _archive] = _join(".", _TITLE_AD_ITEM, _tail)


def _format(form: str, record: object, opts: dict[str, Any], ctx: _Ctx | None = None) -> str:
    rec = _check(record)
    base, markup = _options(opts)
    if ctx is not None:
        base = ctx
    template = _TEMPLATES[form, rec.is_letter_form, base.archive_order]
    return render(_finish(template, rec, base), markup)


# --------------------------------------------------------------------------------------------
# Public functions


def full_note(record: Record, **opts: Any) -> str:
    """The full note: ``N. Khrushchev to Fidel Castro, October 28, 1962, …, https://….``"""
    return _format("note", record, opts)


def short_note(record: Record, **opts: Any) -> str:
    """The short note: ``Khrushchev to Castro, October 28, 1962.`` / ``“Transcript of CPSU CC.”``"""
    return _format("short", record, opts)


def bibliography_entry(record: Record, **opts: Any) -> str:
    """One notes-bibliography entry: ``Khrushchev, N. Letter to Fidel Castro, …``"""
    return _format("bib", record, opts)


def author_date_entry(record: Record, *, suffix: str = "", **opts: Any) -> str:
    """One author-date reference-list entry; ``suffix`` is the ``a``/``b`` after the year."""
    ctx, _ = _options(opts)
    return _format("ad", record, opts, attrs.evolve(ctx, suffix=suffix))


def author_date_citation(record: Record, *, suffix: str = "", **opts: Any) -> str:
    """The in-text citation: ``(Khrushchev 1962)``, ``(“Transcript of CPSU CC” 1979)``."""
    rec = _check(record)
    ctx, markup = _options(opts)
    ctx = attrs.evolve(ctx, suffix=suffix)
    if rec.is_letter_form:
        first = _short_names(rec.authors)
    else:
        first = _title_short(rec, ctx)
    return render([(TEXT, f"({first} {_year(rec, ctx)})")], markup)


# --------------------------------------------------------------------------------------------
# Sorting, deduplication, year suffixes


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


_WORD = re.compile(r"[^\W_]+")


def _words(text: str, *, drop_article: bool) -> tuple[str, ...]:
    words = tuple(_WORD.findall(_fold(text)))
    if drop_article and len(words) > 1 and words[0] in _ARTICLES:
        return words[1:]
    return words


def _first_element(record: Record) -> tuple[str, ...]:
    if record.is_letter_form:
        first = record.authors[0]
        key = _words(_display(first, "inverted"), drop_article=first.is_organization)
        for other in record.authors[1:]:
            key += ("", *_words(_display(other, "full"), drop_article=False))
        return key
    text, _ = _title_text(record)
    return _words(text, drop_article=True)


def _date_key(date: ArchivalDate | None) -> tuple[int, ...]:
    if date is None:
        return (1,)
    end = date.end.sort_key() if date.end else date.start.sort_key()
    return (0, *date.start.sort_key(), *end, date.approximate, date.uncertain)


def sort_key(record: Record) -> tuple[Any, ...]:
    """CMOS bibliography order: first element (family name, or title without a leading
    A/An/The and without quotes) word by word, case- and accent-insensitive; then date
    (undated last); then the rest of the entry and the record id; last the entry itself, so
    that the order of the written list never depends on the input order."""
    title, _ = _title_text(record)
    recipients = tuple(_words(_display(n, "full"), drop_article=False) for n in record.recipients)
    return (
        _first_element(record),
        _date_key(record.date),
        recipients,
        _words(title, drop_article=True),
        record.record_id or "",
        render(
            _finish(_TEMPLATES["bib", record.is_letter_form, False], record, _DEFAULT_CTX), get_markup("text")
        ),
    )


def _dedupe(records: Iterable[object]) -> list[Record]:
    seen_ids: set[str] = set()
    seen: set[Record] = set()
    out: list[Record] = []
    for obj in records:
        rec = _check(obj)
        if rec.record_id is not None:
            if rec.record_id in seen_ids:
                continue
            seen_ids.add(rec.record_id)
        else:
            try:
                if rec in seen:
                    continue
                seen.add(rec)
            except TypeError:  # an unhashable value smuggled into a field: keep the record
                pass
        out.append(rec)
    return out


def _letters(n: int) -> str:
    """a … z, aa, ab … (a bijective base-26 count, 0 -> a)."""
    out = ""
    n += 1
    while n:
        n, r = divmod(n - 1, 26)
        out = chr(97 + r) + out
    return out


def _suffixes(ordered: Sequence[Record]) -> list[str]:
    groups: dict[tuple[Any, ...], list[int]] = {}
    for i, rec in enumerate(ordered):
        groups.setdefault((_first_element(rec), year_text(rec.date)), []).append(i)
    result = [""] * len(ordered)
    for members in groups.values():
        if len(members) > 1:
            for n, i in enumerate(members):
                result[i] = _letters(n)
    return result


def _sorted_unique(records: Iterable[object]) -> list[Record]:
    return sorted(_dedupe(records), key=sort_key)


def bibliography(records: Iterable[Record], style: str = "notes", **opts: Any) -> list[str]:
    """A sorted bibliography (``style="notes"``) or author-date reference list
    (``style="author-date"``, with ``1962a``/``1962b`` where the same first element and year
    repeat), deduplicated by record id."""
    if style not in ("notes", "author-date"):
        raise FormatError(f"unknown bibliography style {style!r}; choose notes or author-date")
    _options(opts)
    ordered = _sorted_unique(records)
    if style == "notes":
        return [bibliography_entry(r, **opts) for r in ordered]
    return [author_date_entry(r, suffix=s, **opts) for r, s in zip(ordered, _suffixes(ordered), strict=True)]


def author_date_citations(records: Iterable[Record], **opts: Any) -> list[str]:
    """In-text citations for ``records`` in input order, with the year suffixes of the
    reference list that :func:`bibliography` (author-date) builds from the same records."""
    given = [_check(r) for r in records]
    _options(opts)
    ordered = _sorted_unique(given)
    suffix_of: dict[int, str] = {}
    for rec, suffix in zip(ordered, _suffixes(ordered), strict=True):
        suffix_of[id(rec)] = suffix
    by_key: dict[Any, str] = {}
    for rec in ordered:
        by_key[rec.record_id if rec.record_id is not None else ("record", rec)] = suffix_of[id(rec)]
    out = []
    for rec in given:
        key: Any = rec.record_id if rec.record_id is not None else ("record", rec)
        out.append(author_date_citation(rec, suffix=by_key.get(key, ""), **opts))
    return out


# --------------------------------------------------------------------------------------------
# Writers


class ChicagoWriter:
    """Writes one Chicago entry per line (notes in input order; bibliographies sorted)."""

    extension = ".txt"
    options: frozenset[str] = OPTIONS

    def __init__(self, name: str, form: str) -> None:
        self.name = name
        self.form = form

    def write(self, records: Iterable[Record], out: TextIO, **options: Any) -> None:
        _options(options)
        if self.form == "bib":
            lines: Iterable[str] = bibliography(records, "notes", **options)
        elif self.form == "ad":
            lines = bibliography(records, "author-date", **options)
        else:
            fn = full_note if self.form == "note" else short_note
            lines = (fn(r, **options) for r in records)
        for line in lines:
            out.write(encodable(line) + "\n")


WRITERS = {
    "chicago-note": ChicagoWriter("chicago-note", "note"),
    "chicago-short": ChicagoWriter("chicago-short", "short"),
    "chicago-bib": ChicagoWriter("chicago-bib", "bib"),
    "chicago-author-date": ChicagoWriter("chicago-author-date", "ad"),
}
