"""CSL-JSON (for Pandoc, Zotero, citeproc-js and citeproc-py), output rules §4.

Writer: a JSON array of CSL items. Letter form (sender and recipient known) is
``"type": "personal_communication"`` with ``"genre"`` the lowercase document type
(``letter``, ``telegram`` …); everything else is ``"type": "manuscript"`` with the document
type as given in ``genre``. CSL has no ``letter`` type. Standard variables carry what CSL can
express; ``custom`` carries the rest of what a citation needs (record id, original languages,
signature, the date and source text as given …), so that archivecite reads its own CSL-JSON
back to the same citation data. See ``docs/formats/csl-json.md`` for the field table.

Reader: CSL-JSON from archivecite and from other tools (Zotero's CSL-JSON of Wilson Center
items maps the digital archive to ``archive`` and the source string to ``archive_location``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from typing import Any, TextIO

from ..errors import Diagnostic, FormatError, ParseError
from ..model import (
    ArchivalDate,
    ContentItem,
    Contributor,
    DatePoint,
    FailedRecord,
    Name,
    Record,
    Source,
    canonical_url,
)
from ._common import translated_from
from ._markup import is_web_url
from .jsonfmt import escape_surrogates, iter_json_items, load_json_list

__all__ = ["READERS", "WRITERS", "CSLJSONReader", "CSLJSONWriter", "record_from_item", "record_to_item"]

#: Words a short title may not end with (CMOS short-title rule, as in the Chicago writer).
_FUNCTION_WORDS = frozenset(
    "a an the of to from on in for and or with by at about between regarding concerning into".split()
)
_ARTICLES = frozenset({"a", "an", "the"})
#: The item types of CSL 1.0.2 (``csl-data.json``).
CSL_TYPES = frozenset(
    """article article-journal article-magazine article-newspaper bill book broadcast chapter
    classic collection dataset document entry entry-dictionary entry-encyclopedia event figure
    graphic hearing interview legal_case legislation manuscript map motion_picture
    musical_score pamphlet paper-conference patent performance periodical
    personal_communication post post-weblog regulation report review review-book software song
    speech standard thesis treaty webpage""".split()
)
_TYPE_VALUE = re.compile(r'"type"\s*:\s*"([a-z_-]+)"')

#: The keys archivecite writes in ``custom`` (their presence marks archivecite's own items).
_OUR_CUSTOM = frozenset(
    "record_id original_languages signature doc_type url date_text source contributors "
    "participants credits funders subjects contents".split()
)
_DIGITAL_ARCHIVE = re.compile(r"digital\s+archive", re.I)


# --------------------------------------------------------------------------- writing


def short_title(title: str | None) -> str | None:
    """The first four words of ``title`` (a leading A/An/The does not count and is left
    out; trailing function words are dropped). ``None`` when that is the whole title."""
    if not title:
        return None
    words = title.split()
    if words and words[0].casefold() in _ARTICLES:
        words = words[1:]
    picked = words[:4]
    while picked and picked[-1].casefold().strip(",;:.") in _FUNCTION_WORDS:
        picked.pop()
    if not picked:
        return None
    short = " ".join(picked).rstrip(",;:")
    if short == " ".join(title.split()) or not short:
        return None
    return short


def _name_obj(n: Name) -> dict[str, Any]:
    if n.kind == "person" and n.family:
        obj: dict[str, Any] = {"family": n.family}
        if n.given:
            obj["given"] = n.given
        if n.family_first:
            obj["static-ordering"] = True
        return obj
    return {"literal": n.name}


def _date_obj(d: ArchivalDate) -> dict[str, Any]:
    def parts(p: DatePoint) -> list[int]:
        return [v for v in (p.year, p.month, p.day) if v is not None]

    obj: dict[str, Any] = {"date-parts": [parts(d.start)] + ([parts(d.end)] if d.end else [])}
    if d.approximate:
        obj["circa"] = True
    if d.uncertain:
        # CSL has no "uncertain" flag: the EDTF string keeps the "?".
        obj["raw"] = d.edtf
    return obj


def _numeric(record_id: str | None) -> bool:
    return bool(record_id) and re.fullmatch(r"[0-9]{1,12}", record_id or "") is not None


def _source_parts(src: Source) -> str:
    return ", ".join(p for p in (src.repository, src.locator) if p)


def record_to_item(record: Record, item_id: str | None = None) -> dict[str, Any]:
    """The CSL-JSON item for ``record``. ``item_id`` defaults to the record's citation key
    (the writer makes keys unique within one output)."""
    r = record
    if item_id is None:
        from ..keys import base_key

        item_id = base_key(r)
    item: dict[str, Any] = {"id": item_id}
    if r.is_letter_form:
        item["type"] = "personal_communication"
        item["genre"] = (r.doc_type or "letter").lower()
    else:
        item["type"] = "manuscript"
        if r.doc_type:
            item["genre"] = r.doc_type
    if r.authors:
        item["author"] = [_name_obj(n) for n in r.authors]
    if r.recipients:
        item["recipient"] = [_name_obj(n) for n in r.recipients]
    if r.translators:
        item["translator"] = [_name_obj(n) for n in r.translators]
    if r.title:
        item["title"] = r.title
        st = short_title(r.title)
        if st:
            item["title-short"] = st
    if r.date is not None:
        item["issued"] = _date_obj(r.date)
    src = r.source
    if src is not None:
        archive = src.repository or (None if src.locator else src.text)
        if archive:
            item["archive"] = archive
        if src.locator:
            item["archive_location"] = src.locator
    if r.collection:
        item["container-title"] = r.collection
        item["source"] = r.collection
    url = (
        r.canonical_url
        or (canonical_url(r.record_id) if r.record_id and _numeric(r.record_id) else None)
        or r.url
    )
    if url and not is_web_url(url):
        url = None  # processors (pandoc, citeproc-js) link URL: http(s) only, others in custom
    if url:
        item["URL"] = url
    lang = r.text_language
    if lang:
        item["language"] = lang
    if r.summary:
        item["abstract"] = r.summary
    notes = [s for s in (translated_from(r),) if s] + list(r.credits)
    if notes:
        item["note"] = "\n".join(notes)
    custom: dict[str, Any] = {}
    if r.record_id:
        custom["record_id"] = r.record_id
    if r.original_languages:
        custom["original_languages"] = list(r.original_languages)
    if r.signature:
        custom["signature"] = r.signature
    # What the standard variables cannot hold, kept for a faithful read-back.
    # (null when the record has no value but a standard variable got one: the genre
    # "letter" of letter form, the canonical URL of a record without a URL as given)
    if item.get("genre") != r.doc_type:
        custom["doc_type"] = r.doc_type
    if r.url != url:
        custom["url"] = r.url
    if r.date is not None and r.date.text is not None:
        custom["date_text"] = r.date.text
    if src is not None:
        if src.repository is None or src.text != _source_parts(src):
            custom["source"] = src.text
        if any(c.role != "translator" for c in src.contributors):  # all of them, in order
            custom["contributors"] = [{"role": c.role, **_name_obj(c.name)} for c in src.contributors]
    if r.participants:
        custom["participants"] = [_name_obj(n) for n in r.participants]
    if r.credits:
        custom["credits"] = list(r.credits)
    if r.funders:
        custom["funders"] = list(r.funders)
    if r.subjects:
        custom["subjects"] = list(r.subjects)
    if r.contents:
        custom["contents"] = [{"kind": c.kind, "language": c.language, "text": c.text} for c in r.contents]
    if custom:
        item["custom"] = custom
    return item


def _unique_ids(records: Iterable[Record], key_scheme: str) -> Iterator[tuple[Record, str]]:
    """Each record with its citation key: the same keys as the BibTeX writer makes
    (``khrushchev1962castro``, ``wcda114504``), unique within the output."""
    from ..keys import SCHEMES, KeyAllocator

    if key_scheme not in SCHEMES:
        raise FormatError(f"unknown key scheme {key_scheme!r}; choose one of {', '.join(SCHEMES)}")
    alloc = KeyAllocator(key_scheme)
    for rec in records:
        if isinstance(rec, FailedRecord):
            where = f" ({rec.file}:{rec.line})" if rec.file else f" (line {rec.line})"
            raise FormatError(f"a failed record{where} has no citation data to write as CSL-JSON")
        yield rec, alloc.key(rec)


_encode = json.JSONEncoder(ensure_ascii=False).encode
_encode_str: Any = json.encoder.encode_basestring


def _pretty(obj: dict[str, Any], indent: int, level: int) -> str:
    """One key per line; values compact (``"author": [{"family": …}]``), except that the
    ``custom`` object gets one key per line too. (The C encoder does the values: several
    times faster than ``json.dumps(indent=…)``.)"""
    pad = " " * (indent * (level + 1))
    lines = []
    for key, value in obj.items():
        if isinstance(value, dict) and key == "custom" and value:
            text = _pretty(value, indent, level + 1)
        else:
            text = _encode_str(value) if isinstance(value, str) else _encode(value)
        lines.append(f"{pad}{_encode_str(key)}: {text}")
    return "{\n" + ",\n".join(lines) + "\n" + " " * (indent * level) + "}"


class CSLJSONWriter:
    """Streams a JSON array of CSL items (one record at a time)."""

    name = "csl-json"
    extension = ".json"
    options: frozenset[str] = frozenset({"indent", "key_scheme"})

    def write(
        self, records: Iterable[Record], out: TextIO, *, indent: int | None = 2, key_scheme: str = "default"
    ) -> None:
        out.write("[")
        first = True
        sep = "\n" if indent is not None else ""
        for rec, item_id in _unique_ids(records, key_scheme):
            item = record_to_item(rec, item_id)
            if indent is None:
                text = _encode(item)
            else:
                text = " " * indent + _pretty(item, indent, 1)
            out.write(("" if first else ",") + sep + escape_surrogates(text))
            first = False
        out.write(sep + "]\n" if not first else "]\n")


# --------------------------------------------------------------------------- reading


class _Bad(ValueError):
    pass


def _str(item: dict[str, Any], key: str) -> str | None:
    value = item.get(key)
    if value is None:
        return None
    if isinstance(value, bool):
        raise _Bad(f"{key!r} must be a string")
    if isinstance(value, (int, float)):
        value = str(value)
    if not isinstance(value, str):
        raise _Bad(f"{key!r} must be a string, not {type(value).__name__}")
    return value or None


def _strlist(obj: dict[str, Any], key: str) -> tuple[str, ...]:
    value = obj.get(key)
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _Bad(f"custom {key!r} must be a list of strings")
    return tuple(value)


def name_from_obj(obj: Any) -> Name:
    """A :class:`Name` from a CSL name object (``{family, given}`` or ``{literal}``)."""
    if not isinstance(obj, dict):
        raise _Bad("names must be objects")
    literal = _str(obj, "literal")
    family = _str(obj, "family")
    given = _str(obj, "given")
    if family:
        particle = _str(obj, "non-dropping-particle")
        if particle:
            family = f"{particle} {family}"
        ordered = bool(obj.get("static-ordering"))
        if given:
            display = f"{family} {given}" if ordered else f"{given} {family}"
        else:
            display = family
        return Name(name=display, family=family, given=given, family_first=ordered and bool(given))
    if literal:  # an organization, or a name not split into parts: read as in page dumps
        from ..parsing.names import parse_name

        return parse_name(literal) or Name(name=literal, kind="organization")
    if given:  # a given name only: keep it as the display name, no family invented
        return Name(name=given)
    raise _Bad("a name needs 'family' or 'literal'")


def _names(item: dict[str, Any], key: str) -> tuple[Name, ...]:
    value = item.get(key)
    if value is None:
        return ()
    if not isinstance(value, list):
        raise _Bad(f"{key!r} must be a list of names")
    return tuple(name_from_obj(n) for n in value)


def _int(v: Any) -> int:
    if isinstance(v, bool):
        raise _Bad("date parts must be numbers")
    if isinstance(v, int):
        return v
    if isinstance(v, str) and re.fullmatch(r"-?\d{1,4}", v.strip()):
        return int(v)
    raise _Bad(f"date part {v!r} is not a number")


def _point(parts: Any) -> DatePoint:
    if not isinstance(parts, list) or not 1 <= len(parts) <= 3:
        raise _Bad("date-parts must hold 1 to 3 numbers")
    nums = [_int(v) for v in parts]
    year = nums[0]
    month = nums[1] if len(nums) > 1 and nums[1] else None
    day = nums[2] if len(nums) > 2 and nums[2] and month else None
    if month is not None and not 1 <= month <= 12:
        raise _Bad(f"month {month} out of range")
    if day is not None and not 1 <= day <= 31:
        raise _Bad(f"day {day} out of range")
    return DatePoint(year, month, day)


def _date(obj: Any, text: str | None) -> ArchivalDate | str | None:
    """The item's date; the date's text when it is only a ``literal``/``raw`` string that
    cannot be read (kept by the caller, never guessed)."""
    if obj is None:
        return None
    if not isinstance(obj, dict):
        raise _Bad("'issued' must be an object")
    from ..parsing.dates import parse_date, parse_edtf

    raw = obj.get("raw")
    parsed_raw = parse_edtf(raw) if isinstance(raw, str) else None
    dp = obj.get("date-parts")
    if isinstance(dp, list) and dp and not (len(dp) == 1 and dp[0] in ([], [None], [""])):
        start = _point(dp[0])
        end = _point(dp[1]) if len(dp) > 1 else None
        if end is not None and end == start:
            end = None
        uncertain = bool(parsed_raw and parsed_raw.uncertain and parsed_raw.start == start)
        return ArchivalDate(
            text=text, start=start, end=end, approximate=bool(obj.get("circa")), uncertain=uncertain
        )
    if parsed_raw is not None:
        return ArchivalDate(
            text=text,
            start=parsed_raw.start,
            end=parsed_raw.end,
            approximate=parsed_raw.approximate or bool(obj.get("circa")),
            uncertain=parsed_raw.uncertain,
        )
    for key in ("literal", "raw"):
        value = obj.get(key)
        if isinstance(value, str) and value.strip():
            found = parse_date(value)
            return found if found is not None else value
    return None


def _language_item(lang: str, originals: tuple[str, ...]) -> ContentItem:
    if lang in originals:
        return ContentItem("transcript", lang, f"Transcript - {lang}")
    return ContentItem("translation", lang, f"Translation - {lang}")


def _interpret_source(text: str, contributors: tuple[Contributor, ...]) -> Source:
    """The archive's own source string, read as archivecite reads it in page dumps."""
    from ..parsing.source import parse_source

    found = parse_source(text) or Source(text=text)
    if contributors and not found.contributors:
        found = Source(found.text, found.repository, found.locator, contributors)
    return found


def record_from_item(item: Any, *, file: str | None = None) -> Record:
    """A :class:`Record` from one CSL-JSON item. Raises ``ValueError`` on malformed items."""
    if not isinstance(item, dict):
        raise _Bad("each item must be a JSON object")
    custom = item.get("custom") or {}
    if not isinstance(custom, dict):
        custom = {}
    ours = any(k in custom for k in _OUR_CUSTOM)

    title = _str(item, "title")
    genre = _str(item, "genre")
    doc_type = _str(custom, "doc_type") if "doc_type" in custom else genre
    authors = _names(item, "author")
    recipients = _names(item, "recipient")
    translators = _names(item, "translator")

    archive = _str(item, "archive")
    location = _str(item, "archive_location")
    container = _str(item, "container-title") or _str(item, "source")
    collection = container
    extra: list[tuple[str, str]] = []
    wilson = bool(not ours and archive and _DIGITAL_ARCHIVE.search(archive) and container in (None, archive))
    if wilson:
        # Zotero / the archive's own export: archive = the digital archive,
        # archive location = the source string as given, language = the original's.
        collection, archive, source_text = archive, None, location
        location = None
    else:
        source_text = ", ".join(p for p in (archive, location) if p) or None
    custom_source = _str(custom, "source")
    if custom_source:
        source_text = custom_source
        if archive == custom_source and not location:
            archive = None  # the unparsed source text, written as the archive for CSL
    contributors = [Contributor(n, "translator") for n in translators]
    if isinstance(custom.get("contributors"), list):
        contributors = [
            Contributor(name_from_obj(c), c["role"])
            for c in custom["contributors"]
            if isinstance(c, dict) and isinstance(c.get("role"), str)
        ]
    source = None
    if wilson and source_text:
        source = _interpret_source(source_text, tuple(contributors))
    elif source_text or archive or location or contributors:
        source = Source(
            text=source_text or "",
            repository=archive,
            locator=location,
            contributors=tuple(contributors),
        )

    url = _str(item, "URL")
    record_id = _str(custom, "record_id")
    canonical = None
    if url:
        from ..parsing.urls import canonical_for

        rid, canon = canonical_for(url)
        record_id = record_id or rid
        if canon is not None and rid == record_id:
            canonical = canon
    if record_id and canonical is None:
        canonical = canonical_url(record_id) if _numeric(record_id) else None
    given_url = _str(custom, "url") if "url" in custom else url

    originals = _strlist(custom, "original_languages")
    lang = _str(item, "language")
    if wilson and lang and not originals:
        originals, lang = (lang,), None
    contents: list[ContentItem] = []
    for c in custom.get("contents") or []:
        if isinstance(c, dict) and isinstance(c.get("text"), str):
            lang = c.get("language")
            contents.append(
                ContentItem(str(c.get("kind") or "other"), lang if isinstance(lang, str) else None, c["text"])
            )
    if lang and not contents:
        contents.append(_language_item(lang, originals))

    credits = _strlist(custom, "credits")
    note = _str(item, "note")
    if note and not ours:
        extra.append(("Note", note))
    date = _date(item.get("issued"), _str(custom, "date_text"))
    diags: list[Diagnostic] = []
    if isinstance(date, str):
        extra.append(("Date", date))
        diags.append(Diagnostic("unparsed-date", "warning", f"CSL date {date!r} could not be read", file))
        date = None

    return Record(
        title=title,
        record_id=record_id,
        url=given_url,
        canonical_url=canonical,
        date=date,
        doc_type=doc_type,
        authors=authors,
        recipients=recipients,
        participants=tuple(name_from_obj(n) for n in custom.get("participants") or []),
        collection=collection,
        source=source,
        summary=_str(item, "abstract"),
        credits=credits,
        funders=_strlist(custom, "funders"),
        original_languages=originals,
        contents=tuple(contents),
        subjects=_strlist(custom, "subjects"),
        signature=_str(custom, "signature"),
        extra=tuple(extra),
        file=file,
        diagnostics=tuple(diags),
    )


class CSLJSONReader:
    name = "csl-json"

    def detect(self, head: str) -> bool:
        s = head.lstrip("\ufeff \t\r\n")
        if s[:1] not in ("[", "{"):
            return False
        window = head[:4096]
        if '"schema"' in window:  # archivecite's own JSON
            return False
        found = _TYPE_VALUE.search(window)
        return found is not None and found.group(1) in CSL_TYPES

    def read(
        self, text: str | TextIO, *, file: str | None = None, strict: bool = False
    ) -> Iterator[Record | FailedRecord]:
        raw = (text if isinstance(text, str) else text.read()).lstrip("\ufeff")
        data = load_json_list(raw, file, container="items", expected="a JSON array of CSL items")
        for rec in iter_json_items(
            data, raw, file, strict, convert=lambda obj: record_from_item(obj, file=file), noun="CSL item"
        ):
            if strict and rec.diagnostics:
                raise ParseError(rec.diagnostics[0].format(), rec.diagnostics)
            yield rec


def dumps(records: Iterable[Record], *, indent: int | None = 2, key_scheme: str = "default") -> str:
    import io

    buf = io.StringIO()
    CSLJSONWriter().write(records, buf, indent=indent, key_scheme=key_scheme)
    return buf.getvalue()


def loads(text: str, *, file: str | None = None, strict: bool = False) -> list[Record | FailedRecord]:
    return list(CSLJSONReader().read(text, file=file, strict=strict))


WRITERS = {"csl-json": CSLJSONWriter()}
READERS = {"csl-json": CSLJSONReader()}
