"""BibTeX, BibLaTeX and biblatex-chicago writers, and a .bib reader.

Writers (``docs/formats/bibtex.md`` has the field tables):

``bibtex``
    ``@misc`` for the classic styles (plain, plainnat): ``author`` (organizations
    double-braced), ``title`` with capitals brace-protected, ``howpublished`` (source;
    translation statement; digital collection), ``year``, ``month`` as a macro, ``note``
    (document type and full date, original language), ``url``.
``biblatex``
    ``@misc`` for the standard styles and biber: EDTF ``date``, ``entrysubtype`` (document
    type), ``langid``, ``howpublished`` (digital collection), ``library`` (repository and
    locator), ``addendum`` (source and translation statement), ``url``, ``abstract``,
    ``keywords``, ``sorttitle``.
``biblatex-chicago``
    ``@misc`` with ``entrysubtype`` (archival material): ``title = {Sender to Recipient}``
    (title-first: the archive's title in ``\\mkbibquote``), ``shorttitle``, ``date``,
    ``note`` (source), ``organization`` (digital collection), ``addendum`` (translation
    statement), ``url``.

Options: ``ascii`` (LaTeX accent macros instead of UTF-8), ``errors`` (``strict`` or
``replace``), ``key_scheme`` (``default`` or ``wcda``).

The reader reads .bib files written by these writers and Zotero / Better BibTeX exports
(``@misc``, ``@unpublished``, ``@letter``, ``@manuscript`` … with ``howpublished``,
``note``, ``url``, ``archive``, ``archive_location`` …): LaTeX is decoded to Unicode, fields
it does not map are kept in ``Record.extra`` as ``bibtex:<field>``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from typing import Any, TextIO

from ..errors import Diagnostic, FormatError, ParseError
from ..keys import SCHEMES, KeyAllocator
from ..model import (
    ArchivalDate,
    ContentItem,
    DatePoint,
    FailedRecord,
    LineSpan,
    Name,
    Record,
    Source,
    canonical_url,
)
from . import _latex
from ._common import MONTH_MACROS, date_words, translated_from, translation_statement_needed
from ._latex import Errors

__all__ = ["READERS", "WRITERS", "BibReader", "BibWriter", "entry_fields", "format_entry", "plain_fields"]

#: Babel language names for ``langid`` (languages biblatex ships a localisation for).
BABEL = {
    "English": "english",
    "Russian": "russian",
    "German": "ngerman",
    "French": "french",
    "Spanish": "spanish",
    "Italian": "italian",
    "Polish": "polish",
    "Czech": "czech",
    "Slovak": "slovak",
    "Hungarian": "magyar",
    "Romanian": "romanian",
    "Bulgarian": "bulgarian",
    "Serbian": "serbian",
    "Croatian": "croatian",
    "Slovenian": "slovene",
    "Portuguese": "portuguese",
    "Dutch": "dutch",
    "Swedish": "swedish",
    "Norwegian": "norsk",
    "Danish": "danish",
    "Finnish": "finnish",
    "Greek": "greek",
    "Ukrainian": "ukrainian",
    "Turkish": "turkish",
    "Latvian": "latvian",
    "Lithuanian": "lithuanian",
    "Estonian": "estonian",
    "Hebrew": "hebrew",
}
_FROM_BABEL = {v: k for k, v in BABEL.items()} | {
    "german": "German",
    "american": "English",
    "british": "English",
}
_ARTICLE = re.compile(r"^(?:a|an|the)\s+(?=\S)", re.I)
_SHORT_DROP = frozenset("a an the of to from on in at by for with and or regarding concerning about".split())
FIELD_WIDTH = 12
_UNKNOWN_DATE = "XXXX"  # EDTF level 1: unspecified year
_NO_SUBTYPE = "document"  # biblatex-chicago needs an entrysubtype; used when the type is unknown
_TRANSLATED = "Translated from the "
_ORIGINAL = "Original language: "
_EN_TRANSLATION = "English translation"


# ---------------------------------------------------------------- writing


class _Ctx:
    __slots__ = ("ascii", "errors")

    def __init__(self, ascii: bool, errors: Errors) -> None:
        self.ascii = ascii
        self.errors = errors

    def text(self, value: str, field: str, *, paragraphs: bool = False) -> str:
        return _latex.escape(value, field, ascii=self.ascii, errors=self.errors, paragraphs=paragraphs)

    def protected(self, value: str, field: str, *, title: bool) -> str:
        return _latex.protect(value, field, title=title, ascii=self.ascii, errors=self.errors)

    def protected_list(self, parts: Iterable[str], field: str, sep: str = "; ") -> str:
        """Non-title parts joined by ``sep``, each escaped and case-protected (the same
        as protecting the joined text: punctuation ends a protected group anyway)."""
        cleaned = [p for p in (_latex.clean(x, field, errors=self.errors) for x in parts) if p]
        return sep.join(_protect_cached(p, field, self.ascii, self.errors) for p in cleaned)

    def url(self, value: str) -> str:
        return _latex.escape_url(value, "url", ascii=self.ascii)

    def quoted(self, value: str, field: str) -> str:
        """biblatex-chicago: a specific archival title in quotation marks."""
        return r"\mkbibquote{" + self.text(value, field) + "}"

    def keywords(self, subjects: Iterable[str]) -> str:
        """A comma-separated list; an item holding a comma is braced."""
        kws = []
        for subject in subjects:
            esc = self.text(subject, "keywords")
            if esc:
                kws.append("{" + esc + "}" if "," in esc else esc)
        return ", ".join(kws)

    def names(self, names: Iterable[Name], field: str) -> str:
        out = []
        for n in names:
            part = self.name(n, field)
            if part:
                out.append(part)
        return " and ".join(out)

    def name(self, n: Name, field: str) -> str:
        """``Family, Given`` for persons with both parts; otherwise the display name, braced
        when it has several words (organizations, family-name-first names, pseudonyms with
        a bracketed real name) so that BibTeX does not split it."""
        a, e = self.ascii, self.errors
        if n.kind == "person" and n.family and n.given and not n.family_first:
            family = _latex.clean(n.family, field, errors=e)
            given = _latex.clean(n.given, field, errors=e)
            if family and given:
                return (
                    _latex.name_part(family, field, ascii=a, errors=e)
                    + ", "
                    + _latex.name_part(given, field, ascii=a, errors=e)
                )
        literal = _latex.clean(n.name or n.full, field, errors=e)
        if not literal:
            return ""
        force = n.kind == "organization" or " " in literal
        return _latex.name_part(literal, field, ascii=a, errors=e, force=force)


@lru_cache(maxsize=4096)
def _protect_cached(text: str, field: str, ascii: bool, errors: Errors) -> str:
    return _latex.protect(text, field, title=False, ascii=ascii, errors=errors)


class _PlainCtx(_Ctx):
    """The same fields before escaping (what a LaTeX decoder must read back)."""

    def protected_list(self, parts: Iterable[str], field: str, sep: str = "; ") -> str:
        return sep.join(p for p in (_latex.clean(x, field, errors=self.errors) for x in parts) if p)

    def text(self, value: str, field: str, *, paragraphs: bool = False) -> str:
        return _latex.clean(value, field, errors=self.errors, paragraphs=paragraphs)

    def protected(self, value: str, field: str, *, title: bool) -> str:
        return _latex.clean(value, field, errors=self.errors)

    def quoted(self, value: str, field: str) -> str:
        return self.text(value, field)

    def keywords(self, subjects: Iterable[str]) -> str:
        return ", ".join(k for k in (self.text(s, "keywords") for s in subjects) if k)


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _uncap(text: str) -> str:
    """Undo :func:`_cap` (``Letter`` -> ``letter``) but keep acronyms (``TASS digest``)."""
    return text[:1].lower() + text[1:] if not text[1:2].isupper() else text


def _fine_date(date: ArchivalDate) -> bool:
    return date.precision != "year" or date.end is not None or date.approximate or date.uncertain


_LINKABLE = re.compile(r"https?://", re.I)
_URL_TEXT = "URL: "


def _unsafe_url(record: Record) -> str | None:
    """The record's URL when it is not http(s) (``javascript:``, ``file:`` …): written as
    text (``URL: …``), never as a ``url`` field that hyperref would turn into a link."""
    url = record.best_url
    if url and not _LINKABLE.match(url.strip(_latex.STRIP)):
        return url
    return None


def _closing_sentences(record: Record) -> list[str]:
    """The translation statement and an unlinkable URL as text: the last sentences of the
    ``note`` (bibtex) or the ``addendum`` (biblatex dialects)."""
    out = [stmt] if (stmt := _original_statement(record)) else []
    unsafe = _unsafe_url(record)
    if unsafe:
        out.append(_URL_TEXT + unsafe)
    return out


def _take_url(text: str) -> tuple[str, str | None]:
    """Split a trailing ``URL: …`` sentence off ``text``."""
    if text.startswith(_URL_TEXT):
        return "", text[len(_URL_TEXT) :]
    idx = text.find(". " + _URL_TEXT)
    if idx >= 0:
        return text[:idx], text[idx + 2 + len(_URL_TEXT) :]
    return text, None


def _original_statement(record: Record) -> str | None:
    stmt = translated_from(record)
    if stmt:
        return stmt
    if record.original_languages:
        return _ORIGINAL + ", ".join(record.original_languages)
    return None


def _source_text(record: Record) -> str | None:
    if record.source is None or not _latex.clean(record.source.text, "source", errors="replace"):
        return None
    return record.source.text


def _strip_period(text: str) -> str:
    return text[:-1].rstrip() if text.endswith(".") and not text.endswith("..") else text


def _letter_title(record: Record, short: bool) -> str:
    def names(ns: tuple[Name, ...]) -> str:
        return " and ".join(n.short if short else n.full for n in ns)

    return f"{names(record.authors)} to {names(record.recipients)}"


def short_title(title: str) -> str:
    """Chicago short title: the first four words (a leading A/An/The not counted),
    trailing function words dropped."""
    words = title.split()
    lead = 1 if words and words[0].casefold() in ("a", "an", "the") else 0
    kept = words[: lead + 4]
    while len(kept) > lead + 1 and kept[-1].strip(",;:.").casefold() in _SHORT_DROP:
        kept.pop()
    return " ".join(kept).rstrip(",;:.")


Field = tuple[str, str, bool]  # name, LaTeX value, is a macro (written without braces)


def _bibtex_fields(r: Record, c: _Ctx) -> list[Field]:
    f: list[Field] = []
    if r.authors:
        f.append(("author", c.names(r.authors, "author"), False))
    if r.title:
        f.append(("title", c.protected(r.title, "title", title=True), False))
        if not r.authors:
            # plain/alpha sort (and natbib labels) use `key` when there is no author
            short = _ARTICLE.sub("", short_title(r.title.strip(_latex.STRIP)))
            if short:
                f.append(("key", c.text(short, "key"), False))
    parts = []
    src = _source_text(r)
    if src:
        parts.append(_strip_period(src))
    tail = r.collection
    if translation_statement_needed(r):
        tail = f"{_EN_TRANSLATION} in {tail}" if tail else _EN_TRANSLATION
    if tail:
        parts.append(tail)
    if parts:
        f.append(("howpublished", c.protected_list(parts, "howpublished"), False))
    if r.date is not None:
        f.append(("year", str(r.date.year), False))
        if r.date.start.month is not None:
            f.append(("month", MONTH_MACROS[r.date.start.month - 1], True))
    note = []
    kind = _cap(r.doc_type.strip(_latex.STRIP)) if r.doc_type and r.doc_type.strip(_latex.STRIP) else None
    if r.date is not None and (_fine_date(r.date) or kind):
        note.append(f"{kind} dated {date_words(r.date)}" if kind else f"Dated {date_words(r.date)}")
    elif r.date is None and kind:
        note.append(f"{kind} (undated)")
    note.extend(_closing_sentences(r))
    if note:
        f.append(("note", c.protected(". ".join(note), "note", title=False), False))
    if r.best_url and not _unsafe_url(r):
        f.append(("url", c.url(r.best_url), False))
    return f


def _common_tail(r: Record, c: _Ctx, f: list[Field]) -> None:
    if r.best_url and not _unsafe_url(r):
        f.append(("url", c.url(r.best_url), False))
    if r.summary and r.summary.strip(_latex.STRIP):
        f.append(("abstract", c.text(r.summary, "abstract", paragraphs=True), False))
    if r.subjects:
        kws = c.keywords(r.subjects)
        if kws:
            f.append(("keywords", kws, False))


def _langid(r: Record) -> str | None:
    lang = r.translation_language
    return BABEL.get(lang) if lang else None


def _biblatex_fields(r: Record, c: _Ctx) -> list[Field]:
    f: list[Field] = []
    if r.authors:
        f.append(("author", c.names(r.authors, "author"), False))
    if r.title and r.title.strip(_latex.STRIP):
        f.append(("title", c.text(r.title, "title"), False))
        if not r.authors and _ARTICLE.match(r.title.strip(_latex.STRIP)):
            f.append(
                ("sorttitle", c.text(_cap(_ARTICLE.sub("", r.title.strip(_latex.STRIP))), "sorttitle"), False)
            )
    if r.doc_type and r.doc_type.strip(_latex.STRIP):
        f.append(("entrysubtype", c.text(r.doc_type.lower(), "entrysubtype"), False))
    # biber requires a date: an undated record gets EDTF's "year unknown", not a guess
    f.append(("date", r.date.edtf if r.date is not None else _UNKNOWN_DATE, False))
    lang = _langid(r)
    if lang:
        f.append(("langid", lang, False))
    if r.collection and r.collection.strip(_latex.STRIP):
        f.append(("howpublished", c.text(r.collection, "howpublished"), False))
    if r.source is not None and r.source.repository:
        lib = r.source.repository + (f", {r.source.locator}" if r.source.locator else "")
        f.append(("library", c.text(lib, "library"), False))
    add = []
    src = _source_text(r)
    if src:
        add.append(_strip_period(src))
    add.extend(_closing_sentences(r))
    if add:
        f.append(("addendum", c.text(". ".join(add), "addendum"), False))
    _common_tail(r, c, f)
    return f


def _chicago_fields(r: Record, c: _Ctx) -> list[Field]:
    f: list[Field] = []
    if r.authors:
        f.append(("author", c.names(r.authors, "author"), False))
    kind = r.doc_type.strip(_latex.STRIP).lower() if r.doc_type and r.doc_type.strip(_latex.STRIP) else None
    if r.is_letter_form:
        f.append(("title", c.text(_letter_title(r, short=False), "title"), False))
        if kind and kind != "letter":
            f.append(("titleaddon", c.text(kind, "titleaddon"), False))
        f.append(("shorttitle", c.text(_letter_title(r, short=True), "shorttitle"), False))
    elif r.title and r.title.strip(_latex.STRIP):
        f.append(("title", c.quoted(r.title, "title"), False))
        short = short_title(_latex.clean(r.title, "shorttitle", errors=c.errors))
        if short and short != r.title.strip(_latex.STRIP):
            f.append(("shorttitle", c.quoted(short, "shorttitle"), False))
    f.append(("entrysubtype", c.text(kind or _NO_SUBTYPE, "entrysubtype"), False))
    # biber requires a date: an undated record gets EDTF's "year unknown", not a guess
    f.append(("date", r.date.edtf if r.date is not None else _UNKNOWN_DATE, False))
    lang = _langid(r)
    if lang:
        f.append(("langid", lang, False))
    src = _source_text(r)
    if src:
        f.append(("note", c.text(src, "note"), False))
    if r.collection and r.collection.strip(_latex.STRIP):
        f.append(("organization", c.text(r.collection, "organization"), False))
    add = _closing_sentences(r)
    if add:
        f.append(("addendum", c.text(". ".join(add), "addendum"), False))
    _common_tail(r, c, f)
    return f


_DIALECTS: dict[str, Callable[[Record, _Ctx], list[Field]]] = {
    "bibtex": _bibtex_fields,
    "biblatex": _biblatex_fields,
    "biblatex-chicago": _chicago_fields,
}


def entry_fields(
    record: Record, dialect: str = "bibtex", *, ascii: bool = False, errors: Errors = "strict"
) -> list[Field]:
    """The fields the ``dialect`` writes for ``record``: ``(name, LaTeX value, is_macro)``,
    in output order. Empty values are left out."""
    ctx = _Ctx(ascii, errors)
    return [fld for fld in _DIALECTS[dialect](record, ctx) if fld[1]]


def plain_fields(record: Record, dialect: str = "bibtex", *, errors: Errors = "strict") -> list[Field]:
    """:func:`entry_fields` before LaTeX escaping: the Unicode text each field holds
    (whitespace normalised; names and the ``url`` as written)."""
    ctx = _PlainCtx(False, errors)
    return [fld for fld in _DIALECTS[dialect](record, ctx) if fld[1]]


def format_entry(key: str, fields: list[Field], entry_type: str = "misc") -> str:
    """``@misc{key,`` + one aligned ``name = {value},`` line per field + ``}``."""
    parts = [f"@{entry_type}{{{key},\n"]
    for name, value, macro in fields:
        prefix = _PREFIX.get(name) or f"  {name:<{FIELD_WIDTH}} = "
        parts.append(f"{prefix}{value},\n" if macro else f"{prefix}{{{value}}},\n")
    parts.append("}")
    return "".join(parts)


_PREFIX = {
    name: f"  {name:<{FIELD_WIDTH}} = "
    for name in (
        "author title howpublished year month note url date langid library addendum abstract keywords "
        "sorttitle entrysubtype titleaddon shorttitle organization key"
    ).split()
}


class BibWriter:
    """Writes one of the three .bib dialects (``@misc`` entries, UTF-8 by default)."""

    extension = ".bib"
    options: frozenset[str] = frozenset({"ascii", "errors", "key_scheme"})

    def __init__(self, name: str) -> None:
        self.name = name
        self._fields = _DIALECTS[name]

    def write(
        self,
        records: Iterable[Record | FailedRecord],
        out: TextIO,
        *,
        ascii: bool = False,
        errors: str = "strict",
        key_scheme: str = "default",
    ) -> None:
        if errors not in ("strict", "replace"):
            raise FormatError(f"errors must be 'strict' or 'replace', not {errors!r}")
        if key_scheme not in SCHEMES:
            raise FormatError(f"unknown key scheme {key_scheme!r}; choose one of {', '.join(SCHEMES)}")
        ctx = _Ctx(bool(ascii), errors)  # type: ignore[arg-type]
        keys = KeyAllocator(key_scheme)
        first = True
        for rec in records:
            if isinstance(rec, FailedRecord):
                if errors != "replace":
                    raise FormatError(
                        f"record at {rec.file or '<input>'}:{rec.line} could not be read; "
                        "cannot write it as BibTeX (errors='replace' writes a comment instead)"
                    )
                where = re.sub(r"[^\w./:-]", "_", f"{rec.file or '<input>'}:{rec.line}")
                out.write(("" if first else "\n") + f"% archivecite: unreadable record skipped ({where})\n")
                first = False
                continue
            fields = [fld for fld in self._fields(rec, ctx) if fld[1]]
            text = format_entry(keys.key(rec), fields)
            out.write(("" if first else "\n") + text + "\n")
            first = False


# ---------------------------------------------------------------- reading

_ENTRY_START = re.compile(r"@[ \t\r\n]*([A-Za-z][\w:.+-]*)[ \t\r\n]*([{(])")
_DETECT = re.compile(r"\A\ufeff?(?:[ \t\r\n]*(?:%[^\n]*)?\n)*[ \t\r\n]*@[ \t]*[A-Za-z]+[ \t]*[{(]")
_DOC_ID = re.compile(r"^https?://(?:[\w-]+\.)*(?:wilsoncenter\.org|dvincitest\.com)/document/(\d+)/?$", re.I)
_DATED = re.compile(r"^(?:(?P<kind>[^.]+?) dated|Dated) (?P<date>.+)$")
_UNDATED = re.compile(r"^(?P<kind>[^.]+?) \(undated\)$")
# fields only the biblatex writer uses / only the classic one (and Zotero's BibTeX) uses
_BIBLATEX_MARKERS = frozenset({"date", "library", "addendum", "entrysubtype", "langid", "sorttitle"})
_CLASSIC_MARKERS = frozenset(
    {"year", "month", "note", "archive", "archive_location", "archivelocation", "type"}
)
_LOCATOR = re.compile(
    r", (?=(?:f|fond|op|opis|d|delo|l|ll|list|per|dok|folder|box|file|reel|no|nr|sig|sign)\.?\s)", re.I
)


def _blocks(text: str) -> Iterator[tuple[int, int, str, str | None]]:
    """(line, end line, block text, error) for each ``@type{…}`` block at top level."""
    pos, line, n = 0, 1, len(text)
    while True:
        m = _ENTRY_START.search(text, pos)
        if m is None:
            return
        line += text.count("\n", pos, m.start())
        start = m.start()
        close = "}" if m.group(2) == "{" else ")"
        depth, i = 0, m.end()
        end = -1
        while i < n:
            ch = text[i]
            if ch == "{":
                depth += 1
            elif ch == "}":
                if depth == 0 and close == "}":
                    end = i + 1
                    break
                depth -= 1
            elif ch == ")" and close == ")" and depth == 0:
                end = i + 1
                break
            i += 1
        if end < 0:
            yield line, line + text.count("\n", start), text[start:], "unterminated entry (unbalanced braces)"
            return
        block = text[start:end]
        yield line, line + block.count("\n"), block, None
        line += block.count("\n")
        pos = end


def _dec(value: str | None) -> str | None:
    if value is None:
        return None
    text = _latex.decode_line(value)
    return text or None


def _literal_name(text: str) -> Name:
    """A whole name as the page-dump parser reads names in titles (organization,
    family-name-first, ``Filippov [Stalin]``), but never changing the text."""
    try:
        from ..parsing.names import is_organization, parse_name

        if is_organization(text):
            return Name(text, kind="organization")
        parsed = parse_name(text)
    except Exception:  # the parser's helpers are optional here
        parsed = None
    if parsed is not None and parsed.name == text and parsed.role is None:
        return parsed
    return Name(text)


def _person(parts: Any) -> Name | None:
    """A record name from a BibTeX name: ``Family, Given`` -> family/given; a braced or
    one-word name is read as the parser reads a name in a title (organizations, Chinese
    names, ``Filippov [Stalin]``)."""
    last = " ".join((*parts.prelast, *parts.last))
    given = " ".join((*parts.first, *parts.middle))
    if not parts.first and not parts.middle and not parts.prelast and len(parts.last) == 1:
        literal = _dec(parts.last[0])
        return _literal_name(literal) if literal else None
    family = _dec(last)
    if parts.lineage and family:
        family = f"{family}, {_dec(' '.join(parts.lineage))}"
    giv = _dec(given)
    if not family:
        text = _dec(parts.text)
        return _literal_name(text) if text else None
    return Name(f"{giv} {family}" if giv else family, family=family, given=giv)


def _split_list(value: str) -> list[str]:
    """Split a comma-separated LaTeX list at depth 0, then decode each item."""
    items: list[str] = []
    cur: list[str] = []
    depth = 0
    for ch in value:
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
        if ch == "," and depth == 0:
            items.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    items.append("".join(cur))
    out = []
    for item in items:
        s = item.strip()
        if s.startswith("{") and s.endswith("}") and _latex.balanced(s[1:-1]):
            s = s[1:-1]
        d = _dec(s)
        if d:
            out.append(d)
    return out


def _languages(text: str) -> tuple[str, ...]:
    return tuple(p.strip() for p in re.split(r",\s*|\s+and\s+", text) if p.strip())


def _statement(text: str) -> tuple[str, ...] | None:
    """Original languages from ``Translated from the X`` / ``Original language: X``."""
    if text.startswith(_TRANSLATED):
        return _languages(text[len(_TRANSLATED) :].rstrip("."))
    if text.startswith(_ORIGINAL):
        return _languages(text[len(_ORIGINAL) :].rstrip("."))
    return None


def _split_statement(text: str) -> tuple[str, tuple[str, ...] | None]:
    """``"Source. Translated from the Russian"`` -> (``"Source"``, ``("Russian",)``)."""
    for marker in (_TRANSLATED, _ORIGINAL):
        if text.startswith(marker):
            return "", _statement(text)
        idx = text.rfind(". " + marker)
        if idx >= 0:
            return text[:idx], _statement(text[idx + 2 :])
    return text, None


def _source(text: str, repository: str | None, locator: str | None) -> Source:
    """The source as the page-dump parser reads it (repository, locator, people)."""
    try:
        from ..parsing.source import parse_source

        parsed = parse_source(text)
    except Exception:  # the parser's helper is optional here
        parsed = None
    if parsed is not None:
        return parsed
    return Source(text=text, repository=repository, locator=locator)


def _translation(lang: str) -> ContentItem:
    return ContentItem("translation", lang, f"Translation - {lang}")


def _date_from_fields(fields: dict[str, str]) -> ArchivalDate | None:
    from ..parsing.dates import parse_date, parse_edtf

    raw = fields.get("date")
    if raw:
        text = raw.replace("{", "").replace("}", "").strip()  # EDTF: "~" is not a tie here
        d = parse_edtf(text) or parse_date(text)
        if d is not None:
            return d
    year = fields.get("year")
    if year and (y := _dec(year)) and y.isdigit():
        month = None
        mtext = (fields.get("month") or "").strip().lower()[:3]
        if mtext in MONTH_MACROS:
            month = MONTH_MACROS.index(mtext) + 1
        elif mtext.isdigit() and 1 <= int(mtext) <= 12:
            month = int(mtext)
        return ArchivalDate(text=None, start=DatePoint(int(y), month))
    return None


def record_from_entry(entry: Any, *, file: str | None = None, span: LineSpan | None = None) -> Record:
    """Map one parsed .bib entry (a :class:`~._pybtex.ParsedEntry`) to a record."""
    from ..parsing.dates import parse_date

    fields: dict[str, str] = dict(entry.fields)
    used: set[str] = set()

    def take(name: str) -> str | None:
        if name in fields:
            used.add(name)
            return _dec(fields[name])
        return None

    authors = tuple(p for p in (_person(x) for x in entry.persons.get("author", ())) if p is not None)
    recipients: tuple[Name, ...] = ()
    doc_type: str | None = None
    date = _date_from_fields(fields)
    used.update({"date", "year", "month"} & fields.keys())
    originals: tuple[str, ...] = ()
    translation: str | None = None
    source_text: str | None = None
    collection: str | None = None
    repository = locator = None

    text_url: str | None = None  # a non-http(s) URL, written as text
    subtype = take("entrysubtype")
    if subtype and subtype != _NO_SUBTYPE:
        doc_type = subtype
    if doc_type is None and "type" in fields:
        doc_type = take("type")
    title = take("title")
    shorttitle = take("shorttitle")
    titleaddon = take("titleaddon")
    chicago = "organization" in fields or (subtype is not None and "howpublished" not in fields)
    if chicago:
        # biblatex-chicago: title "Sender to Recipient", shorttitle "Family to Family"
        if titleaddon and (doc_type is None or doc_type == "letter"):
            doc_type = titleaddon
        sender = " and ".join(a.full for a in authors)
        if title and authors and title.startswith(sender + " to ") and shorttitle:
            rest = title[len(sender) + 4 :]
            short_rest = shorttitle.split(" to ", 1)[1] if " to " in shorttitle else ""
            names = rest.split(" and ")
            shorts = short_rest.split(" and ")
            if len(names) != len(shorts):
                names, shorts = [rest], [short_rest]
            rec = []
            for full, fam in zip(names, shorts, strict=True):
                if fam and full.startswith(fam + " ") and not full.endswith(" " + fam):
                    rec.append(Name(full, family=fam, given=full[len(fam) + 1 :], family_first=True))
                elif fam and full.endswith(" " + fam):
                    rec.append(Name(full, family=fam, given=full[: -len(fam) - 1]))
                elif fam and full == fam and " " not in fam:
                    rec.append(Name(full, family=fam))
                else:
                    rec.append(Name(full))
            recipients = tuple(rec)
        source_text = take("note")
        collection = take("organization")
        add = take("addendum")
        if add:
            add, text_url = _take_url(add)
        if add:
            rest_add, langs = _split_statement(add)
            if langs is not None:
                originals = langs
                add = rest_add or None
            if add:
                fields["addendum"] = add
                used.discard("addendum")
    elif not _BIBLATEX_MARKERS.isdisjoint(fields) or (
        _CLASSIC_MARKERS.isdisjoint(fields) and "; " not in fields.get("howpublished", "; ")
    ):
        # biblatex
        collection = take("howpublished")
        add = take("addendum")
        if add:
            add, text_url = _take_url(add)
        if add:
            source_text, langs = _split_statement(add)
            source_text = source_text or None
            if langs is not None:
                originals = langs
        lib = take("library")
        if lib:
            m = _LOCATOR.search(lib)
            repository, locator = (lib[: m.start()], lib[m.end() :]) if m else (lib, None)
            if source_text is None:
                source_text = lib
    else:
        # classic BibTeX (ours: "source; English translation in Collection")
        how = take("howpublished")
        if how:
            parts = how.split("; ")
            last = parts[-1]
            if last.startswith(_EN_TRANSLATION):
                translation = "English"
                collection = last[len(_EN_TRANSLATION) :].removeprefix(" in ") or None
                parts.pop()
            elif "archive" not in fields and (len(parts) > 1 or "Digital Archive" in last):
                collection = last
                parts.pop()
            source_text = "; ".join(parts) or None
        note = take("note")
        if note:
            note, text_url = _take_url(note)
        if note:
            head, langs = _split_statement(note)
            if langs is not None:
                originals = langs
            m = _DATED.match(head)
            u = _UNDATED.match(head)
            parsed = parse_date(m.group("date")) if m else None
            if m and parsed is not None:
                if m.group("kind"):
                    doc_type = doc_type or _uncap(m.group("kind"))
                if date is None or date.year == parsed.year:
                    date = parsed
            elif u:
                doc_type = doc_type or _uncap(u.group("kind"))
            elif head:
                fields["note"] = head
                used.discard("note")
    # Zotero / Better BibTeX fields
    if collection is None and "archive" in fields:
        collection = take("archive")
    for loc in ("archive_location", "archivelocation", "archive-location", "location"):
        if source_text is None and loc in fields:
            source_text = take(loc)
    if not originals:
        for lf in ("origlanguage", "language"):
            if lf in fields:
                lang = take(lf)
                if lang:
                    originals = tuple(_cap(x) for x in _languages(lang))
                    break
    langid = take("langid")
    if langid:
        translation = _FROM_BABEL.get(langid.lower(), translation)
    summary = None
    if "abstract" in fields:
        used.add("abstract")
        summary = _latex.decode_line(fields["abstract"]) or None
    subjects: tuple[str, ...] = ()
    if "keywords" in fields:
        used.add("keywords")
        subjects = tuple(_split_list(fields["keywords"]))
    url = text_url
    if "url" in fields:
        used.add("url")
        url = fields["url"].strip() or None
    record_id = None
    if url and (m2 := _DOC_ID.match(url)):
        record_id = m2.group(1)
    elif entry.key.startswith("wcda") and entry.key[4:].isdigit():
        record_id = entry.key[4:]
    participants: tuple[Name, ...] = ()
    if title and not recipients:
        # the people a title names, read as the page parser reads them (no new data)
        try:
            from ..parsing.titles import read_title

            reading = read_title(title)
        except Exception:  # the parser's helper is optional here
            reading = None
        if reading is not None:
            recipients, participants = reading.recipients, reading.participants
            authors = authors or reading.authors
            doc_type = doc_type or reading.doc_type
    if date is not None and date.text is None:
        date = ArchivalDate(
            text=date_words(date),
            start=date.start,
            end=date.end,
            approximate=date.approximate,
            uncertain=date.uncertain,
        )
    used.update({"sorttitle", "key"})
    extra = tuple(
        (f"bibtex:{name}", value) for name, raw in fields.items() if name not in used and (value := _dec(raw))
    )
    for role, people in entry.persons.items():
        if role != "author":
            extra += tuple((f"bibtex:{role}", p.text) for p in people)
    source = None
    if source_text:
        source = _source(source_text, repository, locator)
    return Record(
        title=title,
        record_id=record_id,
        url=url,
        canonical_url=canonical_url(record_id) if record_id else None,
        date=date,
        doc_type=doc_type,
        authors=authors,
        recipients=recipients,
        participants=participants,
        collection=collection,
        source=source,
        summary=summary,
        original_languages=originals,
        contents=(_translation(translation),) if translation else (),
        subjects=subjects,
        extra=extra,
        span=span,
        file=file,
    )


class BibReader:
    """Reads .bib files (ours and Zotero / Better BibTeX exports) into records."""

    name = "bibtex"

    def detect(self, head: str) -> bool:
        return bool(_DETECT.match(head[:4096]))

    def read(
        self, text: str | TextIO, *, file: str | None = None, strict: bool = False
    ) -> Iterator[Record | FailedRecord]:
        from ._pybtex import default_macros, parse_entry

        raw = text if isinstance(text, str) else text.read()
        macros = default_macros()
        seen: set[str] = set()
        for line, end, block, error in _blocks(raw):
            span = LineSpan(line, end)
            kind = block[1:].lstrip().split("{", 1)[0].split("(", 1)[0].strip().lower()
            if kind in ("comment", "preamble") and error is None:
                continue
            record: Record | None = None
            if error is None:
                try:
                    entries = parse_entry(block, macros)
                    if kind == "string":
                        continue
                    if len(entries) != 1:
                        raise ParseError("no entry could be read from this block")
                    entry = entries[0]
                    if entry.key in seen:
                        raise ParseError(f"duplicate key {entry.key!r}")
                    seen.add(entry.key)
                    record = record_from_entry(entry, file=file, span=span)
                except ParseError as exc:
                    error = str(exc)
                except Exception as exc:  # never crash on odd input
                    error = f"cannot read entry: {type(exc).__name__}: {exc}"
            if record is not None:
                yield record
                continue
            diag = Diagnostic("invalid-bibtex", "error", error or "invalid entry", file, line)
            if strict:
                raise ParseError(diag.format(), (diag,))
            yield FailedRecord(raw=block, span=span, diagnostics=(diag,), file=file)


WRITERS = {name: BibWriter(name) for name in _DIALECTS}
READERS = {"bibtex": BibReader()}
