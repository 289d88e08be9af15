"""RIS (output rules §5), written line by line and read with rispy.

Writer: ``TY  - PCOMM`` in letter form, ``TY  - MANSCPT`` otherwise; ``TI``, ``AU`` (sender),
``A2`` (recipient), ``A4`` (translator), ``DA  - 1962/10/28/``, ``PY``, ``M3`` (genre), ``LA``
(the translation's language), ``AB`` (summary), ``DB`` (repository), ``AN`` (locator), ``DP``
(digital collection), ``UR`` (canonical URL, then the URL as given when it differs), ``KW``
(subjects), ``N1`` (labelled notes: ``Original language: …``, ``Credits: …``, ``Source: …``),
``ER  - ``. Tag names are those of Zotero's RIS translator (which rispy also follows).

Injection guarantee: every value is written on the one line of its tag. Line breaks of any
kind (``\\r``, ``\\n``, ``\\v``, ``\\f``, ``\\x1c``-``\\x1e``, ``\\x85``, U+2028, U+2029) are
folded into a single space and the value is stripped, so no text from a record can ever
begin a line: it cannot start a tag, end a record (``ER  - ``) or start a new one
(``TY  - ``). A ``;`` in a URL is written as ``%3B`` because RIS readers (rispy, Zotero)
split ``UR`` values on ``;``. Only ``http``/``https`` URLs are written as ``UR`` (reference
managers make ``UR`` a link); a URL with any other scheme (``javascript:``, ``data:``) is kept
as an ``N1  - URL: …`` note, which the reader reads back as the record's URL.

Reader: splits the input into ``TY`` … ``ER`` entries (keeping line numbers), lets rispy map
each entry's tags, and builds records. It also reads the Wilson Center's own RIS export
(``DB`` = the digital archive, ``AN`` = the source string, ``LA`` = the original language).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any, TextIO

import attrs

from ..errors import Diagnostic, FormatError, ParseError
from ..model import (
    ArchivalDate,
    ContentItem,
    Contributor,
    DatePoint,
    FailedRecord,
    LineSpan,
    Name,
    Record,
    Source,
    canonical_url,
)
from ._common import encodable
from ._markup import is_web_url

__all__ = ["READERS", "WRITERS", "RISReader", "RISWriter", "fold", "record_lines"]

#: Every character ``str.splitlines`` breaks on (and ``\r\n``), folded to one space.
_BREAKS = re.compile(r"(?:\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029])+")
_TAG_LINE = re.compile(r"^([A-Z][A-Z0-9])  -(?: (.*))?$")
_DIGITAL_ARCHIVE = re.compile(r"digital\s+archive", re.I)
_DA = re.compile(r"^\s*(\d{1,4})(?:/(\d{0,2})(?:/(\d{0,2})(?:/(.*))?)?)?\s*$", re.S)

#: Labels of archivecite's N1 notes.
N1_ORIGINAL = "Original language: "
N1_CREDITS = "Credits: "
N1_SOURCE = "Source: "
#: A URL whose scheme is not http/https (``javascript:``, ``data:``): a note, never a link.
N1_URL = "URL: "


def fold(value: str) -> str:
    """``value`` as one RIS line: line breaks become one space, surrounding space removed."""
    if value.isprintable():  # fast path: every line-break character is non-printable
        return value.strip()
    return _BREAKS.sub(" ", value).strip()


def _url(value: str) -> str:
    return fold(value).replace(";", "%3B")


def _ris_name(n: Name) -> str:
    """``Family, Given``; ``Family,`` for a person known by family name only; organizations
    and names the record did not split are written as given (no comma).

    Family-first names (Mao Zedong, Kim Il Sung) are written in their own order without a
    comma when archivecite's name reader reads that text back to the same parts: reference
    managers then keep the order (Zotero makes a comma-less name one field) instead of
    printing "Zedong Mao"."""
    if n.kind == "person" and n.family:
        family, given = fold(n.family), fold(n.given or "")
        if n.family_first and given and _reads_back(f"{family} {given}", family, given):
            return f"{family} {given}"
        return f"{family}, {given}" if given else f"{family},"
    return fold(n.name)


def _reads_back(text: str, family: str, given: str) -> bool:
    from ..parsing.names import parse_name

    found = parse_name(text)
    return found is not None and (found.family, found.given, found.family_first) == (family, given, True)


def _da(d: ArchivalDate) -> str:
    s = d.start
    parts = [f"{s.year:04d}", f"{s.month:02d}" if s.month else "", f"{s.day:02d}" if s.day else ""]
    other = d.edtf if (d.end is not None or d.approximate or d.uncertain) else ""
    return "/".join(parts) + "/" + other


def record_lines(record: Record) -> list[tuple[str, str]]:
    """The ``(tag, value)`` pairs of one RIS entry, ``TY`` first and ``ER`` last. Every value
    is already folded to one line."""
    r = record
    out: list[tuple[str, str]] = [("TY", "PCOMM" if r.is_letter_form else "MANSCPT")]

    def add(tag: str, value: str | None) -> None:
        if value is None:
            return
        v = fold(value)
        if v:
            out.append((tag, v))

    add("TI", r.title)
    for n in r.authors:
        add("AU", _ris_name(n))
    for n in r.recipients:
        add("A2", _ris_name(n))
    for n in r.translators:
        add("A4", _ris_name(n))
    if r.date is not None:
        add("DA", _da(r.date))
        add("PY", f"{r.date.year:04d}")
    add("M3", r.doc_type)
    add("LA", r.text_language)
    add("AB", r.summary)
    src = r.source
    if src is not None:
        add("DB", src.repository)
        add("AN", src.locator)
    add("DP", r.collection)
    canon = r.canonical_url or (
        canonical_url(r.record_id) if r.record_id and re.fullmatch(r"[0-9]{1,12}", r.record_id) else None
    )
    for u in dict.fromkeys(u for u in (canon, r.url) if u):
        v = _url(u)
        if v and is_web_url(v):
            out.append(("UR", v))
        elif v:  # reference managers make UR a link: other schemes are kept as a note
            out.append(("N1", N1_URL + v))
    for s in r.subjects:
        add("KW", s)
    for lang in r.original_languages:
        add("N1", N1_ORIGINAL + fold(lang) if fold(lang) else None)
    for c in r.credits:
        add("N1", N1_CREDITS + fold(c) if fold(c) else None)
    if (
        src is not None
        and fold(src.text)
        and fold(src.text) != fold(", ".join(p for p in (src.repository, src.locator) if p))
    ):
        add("N1", N1_SOURCE + fold(src.text))
    out.append(("ER", ""))
    return out


class RISWriter:
    name = "ris"
    extension = ".ris"
    options: frozenset[str] = frozenset()

    def write(self, records: Iterable[Record], out: TextIO, **options: Any) -> None:
        first = True
        for rec in records:
            if isinstance(rec, FailedRecord):
                where = f" ({rec.file}:{rec.line})" if rec.file else f" (line {rec.line})"
                raise FormatError(f"a failed record{where} has no citation data to write as RIS")
            if not first:
                out.write("\n")
            first = False
            out.write(encodable("".join(f"{tag}  - {value}\n" for tag, value in record_lines(rec))))


# --------------------------------------------------------------------------- reading


_EOL = re.compile(r"\r\n|\r|\n")


def _physical_lines(text: str | TextIO) -> Iterator[str]:
    """The input's lines without their ends (``\r\n``, ``\r``, ``\n``), streamed from a file."""
    if isinstance(text, str):
        yield from _EOL.split(text)
        return
    for chunk in text:
        if chunk.endswith("\r\n"):
            chunk = chunk[:-2]
        elif chunk.endswith(("\n", "\r")):
            chunk = chunk[:-1]
        yield from _EOL.split(chunk)


def _split_entries(lines: Iterable[str], seen: list[bool]) -> Iterator[tuple[int, int, list[str], bool]]:
    """``(first line, last line, lines, terminated)`` of each ``TY`` … ``ER`` entry.
    ``seen[0]`` becomes true when the input has any non-blank line."""
    current: list[str] | None = None
    start = n = 0
    for n, line in enumerate(lines, 1):
        if n == 1:
            line = line.lstrip("\ufeff")
        if not seen[0] and line.strip():
            seen[0] = True
        m = _TAG_LINE.match(line.rstrip())
        if current is None:
            if m and m.group(1) == "TY":
                current, start = [line], n
            continue
        current.append(line)
        if m and m.group(1) == "ER":
            yield start, n, current, True
            current = None
    if current is not None:
        yield start, n, current, False


def _name(value: str) -> Name:
    """``Family, Given`` / ``Family,`` split at the comma; a name without a comma (an
    organization, a family-first name, another tool's natural-order name) is read by
    archivecite's name reader, as names in page dumps are."""
    if "," not in value:
        from ..parsing.names import parse_name

        return parse_name(value) or Name(name=value, kind="organization")
    family, _, given = value.partition(",")
    family, given = family.strip(), given.strip()
    if not family:
        return Name(name=value.strip(", ") or value, kind="organization")
    # A suffix after a second comma ("Smith, John, Jr.") stays with the given name.
    return Name(name=f"{given} {family}" if given else family, family=family, given=given or None)


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list):
        return [str(v) for v in value if str(v).strip()]
    return [str(value)] if str(value).strip() else []


def _first(entry: dict[str, Any], *keys: str) -> str | None:
    for key in keys:
        values = _as_list(entry.get(key))
        if values:
            return values[0].strip() or None
    return None


def _read_da(value: str) -> ArchivalDate | None:
    from ..parsing.dates import parse_date, parse_edtf

    m = _DA.match(value)
    if m:
        y, mo, d, other = m.groups()
        month = int(mo) if mo and int(mo) else None
        day = int(d) if d and int(d) and month else None
        if month is not None and not 1 <= month <= 12:
            return None
        if day is not None and not 1 <= day <= 31:
            return None
        point = DatePoint(int(y), month, day)
        if other:
            edtf = parse_edtf(other.strip())
            if edtf is not None and edtf.start == point:
                return edtf
        return ArchivalDate(text=None, start=point)
    found = parse_date(value)
    if found is not None:
        return found
    return None


def _date(entry: dict[str, Any]) -> tuple[ArchivalDate | None, str | None]:
    """The entry's date and, when a date was given but could not be read, its text."""
    da = _first(entry, "date")
    py = _first(entry, "year", "publication_year")
    bad = None
    for value in (da, py):
        if value:
            d = _read_da(value)
            if d is not None:
                return d, bad
            bad = bad or value
    return None, bad


#: rispy keys the reader turns into record fields (the rest go to ``extra``).
_CONSUMED = frozenset(
    {
        "type_of_reference",
        "title",
        "primary_title",
        "short_title",
        "authors",
        "first_authors",
        "secondary_authors",
        "subsidiary_authors",
        "date",
        "year",
        "publication_year",
        "type_of_work",
        "language",
        "abstract",
        "notes_abstract",
        "name_of_database",
        "accession_number",
        "database_provider",
        "urls",
        "keywords",
        "notes",
        "unknown_tag",
    }
)


_TAG_OF: dict[str, str] = {}


def _tag_names() -> dict[str, str]:
    from rispy import TAG_KEY_MAPPING

    return {str(v): str(k) for k, v in TAG_KEY_MAPPING.items()}


def entry_to_record(
    entry: dict[str, Any], *, file: str | None = None, span: LineSpan | None = None
) -> Record:
    """A :class:`Record` from one rispy entry (its keys are rispy's names for the tags)."""
    from ..parsing.urls import canonical_for

    global _TAG_OF
    if not _TAG_OF:
        _TAG_OF = _tag_names()
    diags: list[Diagnostic] = []
    notes = [fold(n) for n in _as_list(entry.get("notes"))]
    originals = [n[len(N1_ORIGINAL) :] for n in notes if n.startswith(N1_ORIGINAL)]
    credits = [n[len(N1_CREDITS) :] for n in notes if n.startswith(N1_CREDITS)]
    source_notes = [n[len(N1_SOURCE) :] for n in notes if n.startswith(N1_SOURCE)]
    url_notes = [n[len(N1_URL) :] for n in notes if n.startswith(N1_URL)]
    other_notes = [n for n in notes if not n.startswith((N1_ORIGINAL, N1_CREDITS, N1_SOURCE, N1_URL))]

    db = _first(entry, "name_of_database")
    an = _first(entry, "accession_number")
    dp = _first(entry, "database_provider")
    lang = _first(entry, "language")
    wilson = bool(db and _DIGITAL_ARCHIVE.search(db) and dp in (None, db) and not source_notes)
    if wilson:
        # The archive's own export: DB = the digital archive, AN = the source string,
        # LA = the original language.
        collection, repository, locator, source_text = db, None, None, an
        if lang and not originals:
            originals, lang = [lang], None
    else:
        collection, repository, locator = dp, db, an
        source_text = source_notes[0] if source_notes else (", ".join(p for p in (db, an) if p) or None)

    translators = [_name(fold(v)) for v in _as_list(entry.get("subsidiary_authors"))]
    source = None
    if wilson and source_text:
        from ..parsing.source import parse_source

        source = parse_source(source_text) or Source(text=source_text)
        if translators and not source.contributors:
            source = attrs.evolve(
                source, contributors=tuple(Contributor(n, "translator") for n in translators)
            )
    elif source_text or translators:
        source = Source(
            text=source_text or "",
            repository=repository,
            locator=locator,
            contributors=tuple(Contributor(n, "translator") for n in translators),
        )

    record_id = canonical = url = None
    for u in [fold(v) for v in _as_list(entry.get("urls"))] + url_notes:
        rid, canon = canonical_for(u)
        if rid and record_id is None:
            record_id, canonical = rid, canon
        if url is None and u != canon:
            url = u
    if url is None:
        url = canonical

    date, bad_date = _date(entry)
    extra: list[tuple[str, str]] = [("Notes", n) for n in other_notes]
    if bad_date:
        extra.append(("Date", bad_date))
        diags.append(
            Diagnostic(
                "unparsed-date",
                "warning",
                f"RIS date {bad_date!r} could not be read",
                file,
                span.start if span else None,
            )
        )
    unknown = entry.get("unknown_tag") or {}
    for tag, values in dict(unknown).items():
        for v in values:
            extra.append((f"RIS {tag}", v))
    ty = _first(entry, "type_of_reference")
    if ty and ty not in ("PCOMM", "MANSCPT"):
        extra.append(("RIS TY", ty))
    for key, value in entry.items():  # tags archivecite has no field for: kept, not dropped
        if key not in _CONSUMED:
            tag = _TAG_OF.get(key, key)
            extra.extend((f"RIS {tag}", v) for v in _as_list(value))

    contents: tuple[ContentItem, ...] = ()
    if lang:
        kind, label = ("transcript", "Transcript") if lang in originals else ("translation", "Translation")
        contents = (ContentItem(kind, lang, f"{label} - {lang}"),)

    return Record(
        title=_first(entry, "title", "primary_title", "short_title"),
        record_id=record_id,
        url=url,
        canonical_url=canonical,
        date=date,
        doc_type=_first(entry, "type_of_work"),
        authors=tuple(
            _name(fold(v)) for v in _as_list(entry.get("authors")) + _as_list(entry.get("first_authors"))
        ),
        recipients=tuple(_name(fold(v)) for v in _as_list(entry.get("secondary_authors"))),
        collection=collection,
        source=source,
        summary=_first(entry, "abstract", "notes_abstract"),
        credits=tuple(credits),
        original_languages=tuple(originals),
        contents=contents,
        subjects=tuple(fold(v) for v in _as_list(entry.get("keywords"))),
        extra=tuple(extra),
        span=span,
        file=file,
        diagnostics=tuple(diags),
    )


class RISReader:
    name = "ris"

    def detect(self, head: str) -> bool:
        for line in head.lstrip("\ufeff").splitlines()[:20]:
            if not line.strip():
                continue
            return bool(re.match(r"^TY  - \S", line))
        return False

    def read(
        self, text: str | TextIO, *, file: str | None = None, strict: bool = False
    ) -> Iterator[Record | FailedRecord]:
        import rispy

        parser = rispy.RisParser()
        found = False
        seen = [False]
        for start, end, lines, terminated in _split_entries(_physical_lines(text), seen):
            found = True
            span = LineSpan(start, end)
            try:
                entries = parser.parse_lines(iter(lines if terminated else [*lines, "ER  - "]))
                if len(entries) != 1:
                    raise ValueError(f"expected one RIS entry, found {len(entries)}")
                rec = entry_to_record(entries[0], file=file, span=span)
            except (ValueError, TypeError, KeyError, AttributeError) as exc:
                diag = Diagnostic(
                    "invalid-record", "error", f"RIS entry could not be read: {exc}", file, start
                )
                if strict:
                    raise ParseError(diag.format(), (diag,)) from None
                yield FailedRecord(raw="\n".join(lines), span=span, diagnostics=(diag,), file=file)
                continue
            if not terminated:
                diag = Diagnostic(
                    "ris-unterminated", "warning", "RIS entry has no 'ER  - ' line", file, start
                )
                if strict:
                    raise ParseError(diag.format(), (diag,))
                rec = attrs.evolve(rec, diagnostics=(*rec.diagnostics, diag))
            if strict and rec.diagnostics:
                raise ParseError(rec.diagnostics[0].format(), rec.diagnostics)
            yield rec
        if not found and seen[0]:
            diag = Diagnostic("not-ris", "error", "no RIS entry ('TY  - ' line) found", file, 1)
            raise ParseError(diag.format(), (diag,))


def dumps(records: Iterable[Record]) -> str:
    import io

    buf = io.StringIO()
    RISWriter().write(records, buf)
    return buf.getvalue()


def loads(text: str, *, file: str | None = None, strict: bool = False) -> list[Record | FailedRecord]:
    return list(RISReader().read(text, file=file, strict=strict))


WRITERS = {"ris": RISWriter()}
READERS = {"ris": RISReader()}
