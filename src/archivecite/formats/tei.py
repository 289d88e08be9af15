"""TEI P5 output (``tei-bibl``, ``tei``, ``cmif``) and a reader for all three kinds.

- ``tei-bibl``: a ``listBibl`` of ``biblStruct`` elements, one per record, inside a minimal
  TEI document (``standalone=False`` writes the bare ``listBibl``);
- ``tei``: one full TEI document per record (several records to one stream: a
  ``teiCorpus``); :meth:`TEIWriter.write_dir` writes one file per record;
- ``cmif``: one Correspondence Metadata Interchange Format file for a collection.

All output is built with lxml and validates against TEI P5 ``tei_all.rng``. Characters
that XML 1.0 cannot hold (C0 controls, lone surrogates, U+FFFE/U+FFFF) are replaced with
U+FFFD REPLACEMENT CHARACTER (``errors="strict"`` raises :class:`FormatError` instead).
Authority URIs (``@ref`` on ``persName``/``orgName``) come only from a user-supplied table.
See docs/formats/tei.md for the element mapping and what each kind keeps and loses.
"""

from __future__ import annotations

import csv
import datetime as _dt
import itertools
import json
import re
import urllib.parse
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, TextIO

from lxml import etree  # type: ignore[import-untyped]  # no stubs installed

from ..errors import Diagnostic, FormatError, ParseError
from ..model import (
    ArchivalDate,
    ContentItem,
    Contributor,
    DatePoint,
    FailedRecord,
    LineSpan,
    Name,
    NameKind,
    Record,
    Source,
)
from ..xmlsafe import parse_xml
from ._body import is_dateline, split_body
from ._markup import is_web_url

__all__ = [
    "LANGUAGE_CODES",
    "READERS",
    "WRITERS",
    "CMIFWriter",
    "TEIBiblWriter",
    "TEIReader",
    "TEIWriter",
    "language_code",
    "load_authority",
]

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
CC_BY = "https://creativecommons.org/licenses/by/4.0/"
XML_DECL = '<?xml version="1.0" encoding="UTF-8"?>\n'

#: Language names as archives write them -> ISO 639-1 codes. Names not listed get no code.
LANGUAGE_CODES: dict[str, str] = {
    "albanian": "sq",
    "amharic": "am",
    "arabic": "ar",
    "armenian": "hy",
    "azerbaijani": "az",
    "belarusian": "be",
    "bengali": "bn",
    "bulgarian": "bg",
    "burmese": "my",
    "chinese": "zh",
    "croatian": "hr",
    "czech": "cs",
    "danish": "da",
    "dutch": "nl",
    "english": "en",
    "estonian": "et",
    "farsi": "fa",
    "finnish": "fi",
    "french": "fr",
    "georgian": "ka",
    "german": "de",
    "greek": "el",
    "hebrew": "he",
    "hindi": "hi",
    "hungarian": "hu",
    "indonesian": "id",
    "italian": "it",
    "japanese": "ja",
    "kazakh": "kk",
    "khmer": "km",
    "korean": "ko",
    "lao": "lo",
    "latvian": "lv",
    "lithuanian": "lt",
    "macedonian": "mk",
    "mongolian": "mn",
    "norwegian": "no",
    "pashto": "ps",
    "persian": "fa",
    "polish": "pl",
    "portuguese": "pt",
    "romanian": "ro",
    "russian": "ru",
    "serbian": "sr",
    "slovak": "sk",
    "slovenian": "sl",
    "spanish": "es",
    "swahili": "sw",
    "swedish": "sv",
    "tamil": "ta",
    "thai": "th",
    "turkish": "tr",
    "ukrainian": "uk",
    "urdu": "ur",
    "uzbek": "uz",
    "vietnamese": "vi",
}


def language_code(name: str | None) -> str | None:
    """The ISO 639-1 code for a language name ("Russian" -> "ru"); ``None`` when unknown."""
    if not name:
        return None
    return LANGUAGE_CODES.get(" ".join(name.split()).casefold())


# ---------------------------------------------------------------------------- text hygiene

_ILLEGAL = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_NCNAME_SAFE = re.compile(r"[^A-Za-z0-9._-]")
_URI_SAFE = "!$%&'()*+,/:;=?@~-._"
_BAD_PERCENT = re.compile("%(?![0-9A-Fa-f]{2})")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")


class _Ctx:
    """Per-call settings: character policy and the authority table."""

    __slots__ = ("authority", "strict")

    def __init__(self, errors: str = "replace", authority: Mapping[str, str] | None = None) -> None:
        if errors not in ("strict", "replace"):
            raise FormatError(f"errors must be 'strict' or 'replace', not {errors!r}")
        self.strict = errors == "strict"
        self.authority = authority or {}

    def t(self, value: str, field: str) -> str:
        """``value`` with XML-illegal characters replaced (or a FormatError in strict mode)."""
        m = _ILLEGAL.search(value)
        if m is None:
            return value
        if self.strict:
            raise FormatError(
                f"{field}: character U+{ord(m.group(0)):04X} cannot be written in XML "
                "(use errors='replace' to write U+FFFD instead)"
            )
        return _ILLEGAL.sub("\ufffd", value)

    def uri(self, value: str, field: str) -> str:
        """A value for an ``anyURI`` attribute: cleaned and percent-encoded where needed."""
        base, hash_, fragment = self.t(value, field).partition("#")
        head = re.match(r"[^/?]*?:", base)
        if head and not _SCHEME.fullmatch(head.group(0)):
            base = base.replace(":", "%3A", 1)  # no valid scheme: the colon is not a delimiter
        parts = [_BAD_PERCENT.sub("%25", x) for x in (base, fragment)]
        quoted = [urllib.parse.quote(x, safe=_URI_SAFE) for x in parts]
        return quoted[0] + (hash_ + quoted[1] if hash_ else "")

    def ref(self, name: Name) -> str | None:
        if not self.authority:
            return None
        uri = self.authority.get(name.name)
        if uri is None:
            uri = self.authority.get(name.name.casefold())
        return uri


def load_authority(path: str | Path) -> dict[str, str]:
    """Read a user-supplied name -> URI table: a JSON object or a two-column CSV file.

    Keys are matched against a name as the record writes it (exactly, then
    case-insensitively). Raises :class:`FormatError` for an unreadable table.
    """
    p = Path(path)
    try:
        raw = p.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise FormatError(f"cannot read authority table {str(p)!r}: {exc}") from None
    table: dict[str, str] = {}
    if raw.lstrip().startswith(("{", "[")):
        try:
            data = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise FormatError(f"authority table {str(p)!r} is not valid JSON: {exc.msg}") from None
        if not isinstance(data, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in data.items()
        ):
            raise FormatError(f"authority table {str(p)!r} must be a JSON object of name: URI strings")
        items: Iterable[tuple[str, str]] = data.items()
    else:
        rows = []
        for n, row in enumerate(csv.reader(raw.splitlines()), 1):
            if not row or all(not c.strip() for c in row):
                continue
            if len(row) != 2:
                raise FormatError(f"authority table {str(p)!r} line {n}: expected 2 columns, got {len(row)}")
            rows.append((row[0].strip(), row[1].strip()))
        if rows and rows[0][0].casefold() == "name" and not re.match(r"^[a-z][a-z0-9+.-]*:", rows[0][1]):
            rows = rows[1:]  # header row
        items = rows
    for name, uri in items:
        if not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:\S+$", uri):
            raise FormatError(f"authority table {str(p)!r}: {uri!r} (for {name!r}) is not an absolute URI")
        table.setdefault(name, uri)
        table.setdefault(name.casefold(), uri)
    return table


def _make_ctx(errors: str, authority: str | Path | Mapping[str, str] | None) -> _Ctx:
    if authority is None or isinstance(authority, Mapping):
        return _Ctx(errors, authority)
    return _Ctx(errors, load_authority(authority))


# ---------------------------------------------------------------------------- element helpers


def _sub(parent: etree._Element, tag: str, text: str | None = None, **attrib: str) -> etree._Element:
    el = etree.SubElement(parent, tag, attrib) if attrib else etree.SubElement(parent, tag)
    if text:
        el.text = text
    return el


def _fill_lines(el: etree._Element, text: str) -> None:
    """Text with each newline marked by ``<lb/>`` (the newline itself is kept after it)."""
    lines = text.split("\n")
    el.text = lines[0]
    for line in lines[1:]:
        lb = etree.SubElement(el, "lb")
        lb.tail = "\n" + line


def _wrap_parts(
    el: etree._Element, text: str, parts: list[tuple[str, str | None, dict[str, str]]], notes: bool = True
) -> None:
    """Write ``text`` into ``el``, wrapping each part value found in it (in order, without
    overlap) in its element. A part that the text does not contain goes into a nested
    ``<note type=...>`` so that nothing is lost (readers leave nested notes out of the text)."""
    spans: list[tuple[int, int, str, dict[str, str]]] = []
    missing: list[tuple[str, str]] = []
    for tag, value, attrib in parts:
        if not value:
            continue
        start = 0
        found = -1
        while True:
            i = text.find(value, start)
            if i < 0:
                break
            if all(i + len(value) <= s or i >= e for s, e, _, _ in spans):
                found = i
                break
            start = i + 1
        if found >= 0:
            spans.append((found, found + len(value), tag, attrib))
        else:
            missing.append((attrib.get("type") or tag, value))
    spans.sort()
    pos = 0
    prev: etree._Element | None = None
    for s, e, tag, attrib in spans:
        chunk = text[pos:s]
        if prev is None:
            el.text = chunk  # always a text node: keeps pretty-printing out of mixed content
        else:
            prev.tail = chunk or None
        prev = etree.SubElement(el, tag, attrib) if attrib else etree.SubElement(el, tag)
        prev.text = text[s:e]
        pos = e
    if prev is None:
        el.text = text
    else:
        prev.tail = text[pos:] or None
    if notes:
        for kind, value in missing:
            _sub(el, "note", value, type=kind)


_NAME_NOTE = {"forename": "given", "surname": "family", "real": "real-name", "roleName": "role"}


def _name_el(parent: etree._Element, name: Name, ctx: _Ctx, *, plain: bool = False) -> etree._Element:
    tag = "orgName" if name.kind == "organization" else "persName"
    el = etree.SubElement(parent, tag)
    ref = ctx.ref(name)
    if ref:
        el.set("ref", ctx.uri(ref, "authority URI"))
    text = ctx.t(name.name, "name")
    if plain or not (name.family or name.given or name.real_name or name.role):
        el.text = text
        if name.family_first and not plain:
            el.set("type", "family-first")
        return el
    c = ctx.t
    parts: list[tuple[str, str | None, dict[str, str]]] = []
    if name.kind == "person":
        parts.append(("forename", c(name.given, "name") if name.given else None, {}))
        parts.append(("surname", c(name.family, "name") if name.family else None, {}))
    elif name.family or name.given:
        parts.append(("surname", c(name.family, "name") if name.family else None, {}))
        parts.append(("forename", c(name.given, "name") if name.given else None, {}))
    parts.append(("addName", c(name.real_name, "name") if name.real_name else None, {"type": "real"}))
    parts.append(("roleName", c(name.role, "name") if name.role else None, {}))
    _wrap_parts(el, text, parts)
    # rename the missing-part notes to stable types
    for note in el.findall("note"):
        note.set("type", _NAME_NOTE.get(note.get("type", ""), note.get("type", "")))
    if name.family_first:
        el.set("type", "family-first")
    return el


def _valid_point(p: DatePoint) -> bool:
    if not 1 <= p.year <= 9999:
        return False
    if p.month is None:
        return p.day is None
    if not 1 <= p.month <= 12:
        return False
    if p.day is None:
        return True
    try:
        _dt.date(p.year, p.month, p.day)
    except ValueError:
        return False
    return True


def _date_attrs(date: ArchivalDate, *, qualifiers: bool = True) -> dict[str, str]:
    """``@when``; ranges ``@from/@to``; approximate or uncertain ranges ``@notBefore/@notAfter``;
    approximate ``@precision="low"``; uncertain ``@cert="low"``."""
    points = [date.start] + ([date.end] if date.end is not None else [])
    for p in points:
        if not _valid_point(p):
            raise FormatError(f"date {p.iso!r} is not a calendar date TEI can hold (years 1-9999)")
    attrs: dict[str, str] = {}
    if date.end is None:
        attrs["when"] = date.start.iso
    elif date.approximate or date.uncertain:
        attrs["notBefore"] = date.start.iso
        attrs["notAfter"] = date.end.iso
    else:
        attrs["from"] = date.start.iso
        attrs["to"] = date.end.iso
    if qualifiers:
        if date.approximate:
            attrs["precision"] = "low"
        if date.uncertain:
            attrs["cert"] = "low"
    return attrs


def _date_el(parent: etree._Element, date: ArchivalDate, ctx: _Ctx, *, text: bool = True) -> etree._Element:
    el = etree.SubElement(parent, "date", _date_attrs(date, qualifiers=text))
    if text and date.text is not None:
        el.text = ctx.t(date.text, "date")
        if date.text == "":
            el.set("type", "empty-text")
    return el


def _tostring(el: etree._Element) -> str:
    """Serialise with libxml2's indentation. It only indents elements without text nodes;
    every mixed-content element archivecite writes (names, notes, the body, opener,
    closer, textLang) holds a text node, possibly empty, so its content is never altered."""
    s = str(etree.tostring(el, encoding="unicode", pretty_print=True))
    return s[:-1] if s.endswith("\n") else s


_DOUBLE_HYPHEN = re.compile(r"-(?=-)")


def _comment(text: str) -> str:
    # "-" before "-" gets a space ("----" becomes "- - - -"): no "--" survives
    safe = _DOUBLE_HYPHEN.sub("- ", _ILLEGAL.sub("\ufffd", text)).rstrip("-")
    return f"<!-- {safe} -->"


# ---------------------------------------------------------------------------- biblStruct


def _bibl_struct(rec: Record, ctx: _Ctx, *, type_: str | None = None) -> etree._Element:
    """The record as a ``biblStruct`` (what ``tei-bibl`` writes; also the online edition
    in a full TEI document)."""
    c = ctx.t
    bs = etree.Element("biblStruct", {"type": type_} if type_ else {})
    an = _sub(bs, "analytic")
    for n in rec.authors:
        _name_el(_sub(an, "author"), n, ctx)
    if rec.title is not None:
        t = _sub(an, "title", c(rec.title, "title"), level="a")
        if rec.title == "":
            t.set("type", "empty")
    for n in rec.recipients:
        rs = _sub(an, "respStmt")
        _sub(rs, "resp", "recipient", key="recipient")
        _name_el(rs, n, ctx)
    for n in rec.participants:
        rs = _sub(an, "respStmt")
        _sub(rs, "resp", "participant", key="participant")
        _name_el(rs, n, ctx)
    if rec.source is not None:
        for contrib in rec.source.contributors:
            rs = _sub(an, "respStmt")
            _sub(rs, "resp", c(contrib.role, "contributor role"))
            _name_el(rs, contrib.name, ctx)
    if rec.date is not None:
        _date_el(an, rec.date, ctx)
    if rec.canonical_url is not None:
        _sub(an, "idno", c(rec.canonical_url, "canonical URL"), type="URI", subtype="canonical")
    if rec.url is not None:
        _sub(an, "idno", c(rec.url, "URL"), type="URI", subtype="as-given")
    if rec.record_id is not None:
        _sub(an, "idno", c(rec.record_id, "record id"), type="WCDA")
    mo = _sub(bs, "monogr")
    if rec.collection is not None:
        _sub(mo, "title", c(rec.collection, "collection"), level="m")
    im = _sub(mo, "imprint")
    _sub(im, "date")  # the archive pages give no publication date
    if rec.source is not None:
        note = _sub(bs, "note", type="repository")
        _wrap_parts(
            note,
            c(rec.source.text, "source"),
            [
                (
                    "orgName",
                    c(rec.source.repository, "repository") if rec.source.repository else None,
                    {"type": "repository"},
                ),
                (
                    "idno",
                    c(rec.source.locator, "locator") if rec.source.locator else None,
                    {"type": "shelfmark"},
                ),
            ],
        )
    if rec.doc_type is not None:
        _sub(bs, "note", c(rec.doc_type, "document type"), type="genre")
    if rec.summary is not None:
        _sub(bs, "note", c(rec.summary, "summary"), type="abstract")
    for lang in rec.original_languages:
        _sub(bs, "note", c(lang, "original language"), type="original-language")
    for item in rec.contents:
        subtype = _NCNAME_SAFE.sub("-", item.kind) or "other"
        note = _sub(bs, "note", type="contents", subtype=subtype)
        _wrap_parts(
            note,
            c(item.text, "contents"),
            [("lang", c(item.language, "contents language") if item.language else None, {})],
        )
        _fix_lang_notes(note)
        if subtype != item.kind:
            _sub(note, "note", c(item.kind, "contents kind"), type="kind")
    if rec.subjects:
        tags = _sub(bs, "note", type="tags")
        for subject in rec.subjects:
            _sub(tags, "note", c(subject, "subject"), type="tag")
    for credit in rec.credits:
        _sub(bs, "note", c(credit, "credits"), type="credits")
    for funder in rec.funders:
        _sub(bs, "note", c(funder, "funder"), type="funder")
    if rec.signature is not None:
        _sub(bs, "note", c(rec.signature, "signature"), type="signature")
    return bs


def _fix_lang_notes(note: etree._Element) -> None:
    """``lang`` is not a TEI element: a found language becomes ``<name type="language">``;
    a missing one a nested ``<note type="language">``."""
    for el in note.findall("lang"):
        el.tag = "name"
        el.set("type", "language")
    for el in note.findall("note[@type='lang']"):
        el.set("type", "language")


# ---------------------------------------------------------------------------- full document


def _tei_doc(rec: Record, ctx: _Ctx, options: Mapping[str, Any]) -> etree._Element:
    c = ctx.t
    tei = etree.Element("TEI")
    header = _sub(tei, "teiHeader")
    fd = _sub(header, "fileDesc")
    ts = _sub(fd, "titleStmt")
    _sub(ts, "title", c(rec.title, "title") if rec.title else None)
    for n in rec.authors:
        _name_el(_sub(ts, "author"), n, ctx)
    if options.get("editor"):
        _sub(ts, "editor", c(str(options["editor"]), "editor"))
    for funder in rec.funders:
        _sub(ts, "funder", c(funder, "funder"))
    if rec.source is not None:
        for contrib in rec.source.contributors:
            rs = _sub(ts, "respStmt")
            _sub(rs, "resp", c(contrib.role, "contributor role"))
            _name_el(rs, contrib.name, ctx)
    ps = _sub(fd, "publicationStmt")
    publisher = options.get("publisher") or rec.collection or "Unknown"
    _sub(ps, "publisher", c(str(publisher), "publisher"))
    if rec.record_id is not None:
        _sub(ps, "idno", c(rec.record_id, "record id"), type="WCDA")
    if rec.canonical_url is not None:
        _sub(ps, "idno", c(rec.canonical_url, "canonical URL"), type="URI", subtype="canonical")
    if rec.url is not None:
        _sub(ps, "idno", c(rec.url, "URL"), type="URI", subtype="as-given")
    if rec.credits or rec.extra or rec.citation is not None:
        ns = _sub(fd, "notesStmt")
        for credit in rec.credits:
            _sub(ns, "note", c(credit, "credits"), type="credits")
        for label, value in rec.extra:
            note = _sub(ns, "note", type="section")
            _sub(note, "label", c(label, "section label"))
            _sub(note, "p", c(value, "section text"))
        if rec.citation is not None:
            _sub(ns, "note", c(rec.citation, "citation"), type="citation")
    sd = _sub(fd, "sourceDesc")
    if rec.source is not None or rec.original_languages:
        ms = _sub(sd, "msDesc")
        mi = _sub(ms, "msIdentifier")
        if rec.source is not None and rec.source.repository:
            _sub(mi, "repository", c(rec.source.repository, "repository"))
        if rec.source is not None and rec.source.locator:
            _sub(mi, "idno", c(rec.source.locator, "locator"), type="shelfmark")
        if rec.original_languages:
            mc = _sub(ms, "msContents")
            codes = [language_code(lang) for lang in rec.original_languages]
            tl = _sub(mc, "textLang")
            tl.text = ""
            if codes[0]:
                tl.set("mainLang", codes[0])
            others = " ".join(dict.fromkeys(x for x in codes[1:] if x and x != codes[0]))
            if others:
                tl.set("otherLangs", others)
            for i, lang in enumerate(rec.original_languages):
                seg = _sub(tl, "seg", c(lang, "original language"))
                if i < len(rec.original_languages) - 1:
                    seg.tail = ", "
        if rec.source is not None:
            adm = _sub(_sub(ms, "additional"), "adminInfo")
            _sub(adm, "note", c(rec.source.text, "source"), type="source")
    sd.append(_bibl_struct(rec, ctx, type_="online"))
    pd = _sub(header, "profileDesc")
    if rec.date is not None:
        _date_el(_sub(pd, "creation"), rec.date, ctx)
    text_lang = language_code(rec.text_language)
    langs: dict[str, str] = {}
    for name in (rec.text_language, *rec.original_languages):
        code = language_code(name)
        if code and name and code not in langs:
            langs[code] = name
    if langs:
        lu = _sub(pd, "langUsage")
        for code, name in langs.items():
            _sub(lu, "language", c(name, "language"), ident=code)
    if rec.summary is not None:
        _sub(_sub(pd, "abstract"), "p", c(rec.summary, "summary"))
    if rec.doc_type or rec.subjects:
        kw = _sub(_sub(pd, "textClass"), "keywords")
        if rec.doc_type:
            _sub(kw, "term", c(rec.doc_type, "document type"), type="genre")
        for subject in rec.subjects:
            _sub(kw, "term", c(subject, "subject"))
    if rec.recipients:
        cd = _sub(pd, "correspDesc")
        sent = _sub(cd, "correspAction", type="sent")
        for n in rec.authors:
            _name_el(sent, n, ctx, plain=True)
        if rec.date is not None:
            _date_el(sent, rec.date, ctx, text=False)
        if len(sent) == 0:
            cd.remove(sent)
        recv = _sub(cd, "correspAction", type="received")
        for n in rec.recipients:
            _name_el(recv, n, ctx, plain=True)
    if rec.participants:
        pl = _sub(_sub(pd, "particDesc"), "listPerson")
        for n in rec.participants:
            holder = _sub(pl, "org" if n.kind == "organization" else "person")
            _name_el(holder, n, ctx)
    text = _sub(tei, "text")
    if text_lang:
        text.set(XML_LANG, text_lang)
    body = _sub(text, "body")
    body.text = ""
    _body_el(body, rec, ctx)
    return tei


def _body_el(body: etree._Element, rec: Record, ctx: _Ctx) -> None:
    if rec.body is None:
        _sub(body, "gap", reason="no-body")
        _sub(body, "p")
        return
    raw = ctx.t(rec.body, "body")
    sig = ctx.t(rec.signature, "signature") if rec.signature else None
    parts = split_body(raw, sig)
    body.text = parts.leading
    if not parts.blocks:
        _sub(body, "p")
        return
    opener, closer = parts.opener, parts.closer
    if opener:
        op = _sub(body, "opener")
        op.text = ""
        for b in opener:
            tag = "salute" if b.kind == "salute" else "dateline" if is_dateline(b.text) else "seg"
            el = _sub(op, tag)
            _fill_lines(el, b.text)
            el.tail = b.sep or None
        op.tail, el.tail = el.tail, None  # the separator after the opener
    for b in parts.paragraphs:
        el = _sub(body, "p")
        _fill_lines(el, b.text)
        el.tail = b.sep or None
    if closer:
        cl = _sub(body, "closer")
        cl.text = ""
        for b in closer:
            el = _sub(cl, b.kind)
            _fill_lines(el, b.text)
            el.tail = b.sep or None
        cl.tail, el.tail = el.tail, None


def _corpus_header(ctx: _Ctx, options: Mapping[str, Any]) -> etree._Element:
    header = etree.Element("teiHeader")
    fd = _sub(header, "fileDesc")
    ts = _sub(fd, "titleStmt")
    _sub(ts, "title", "Documents converted by archivecite")
    if options.get("editor"):
        _sub(ts, "editor", ctx.t(str(options["editor"]), "editor"))
    ps = _sub(fd, "publicationStmt")
    if options.get("publisher"):
        _sub(ps, "publisher", ctx.t(str(options["publisher"]), "publisher"))
    else:
        _sub(ps, "p", "Unpublished.")
    _sub(_sub(fd, "sourceDesc"), "p", "Each TEI document below describes its own source.")
    return header


# ---------------------------------------------------------------------------- writers


def _records(records: Iterable[Record | FailedRecord]) -> Iterator[tuple[Record | None, str | None]]:
    for rec in records:
        if isinstance(rec, FailedRecord):
            yield (
                None,
                f"failed record (input line {rec.line}) not written: "
                + "; ".join(d.message for d in rec.diagnostics),
            )
        else:
            yield rec, None


class TEIBiblWriter:
    """``tei-bibl``: one ``biblStruct`` per record in a ``listBibl``."""

    name = "tei-bibl"
    extension = ".xml"
    options: frozenset[str] = frozenset({"errors", "authority", "standalone"})

    def write(
        self,
        records: Iterable[Record | FailedRecord],
        out: TextIO,
        *,
        errors: str = "replace",
        authority: str | Path | Mapping[str, str] | None = None,
        standalone: bool = True,
    ) -> None:
        ctx = _make_ctx(errors, authority)
        if standalone:
            out.write(XML_DECL)
            out.write(
                f'<TEI xmlns="{TEI_NS}">\n  <teiHeader>\n    <fileDesc>\n      <titleStmt>\n'
                "        <title>Bibliography written by archivecite</title>\n      </titleStmt>\n"
                "      <publicationStmt>\n        <p>Unpublished.</p>\n      </publicationStmt>\n"
                "      <sourceDesc>\n        <p>Wilson Center Digital Archive records.</p>\n"
                "      </sourceDesc>\n    </fileDesc>\n  </teiHeader>\n  <text>\n    <body>\n"
                "      <listBibl>\n"
            )
        else:
            out.write(f'<listBibl xmlns="{TEI_NS}">\n')
        count = 0
        for rec, note in _records(records):
            if rec is None:
                out.write(_comment(note or "") + "\n")
                continue
            out.write(_tostring(_bibl_struct(rec, ctx)) + "\n")
            count += 1
        if standalone:
            if count == 0:  # listBibl needs at least one entry
                out.write("<bibl/>\n")
            out.write("      </listBibl>\n    </body>\n  </text>\n</TEI>\n")
        else:
            out.write("</listBibl>\n")


class TEIWriter:
    """``tei``: one full TEI document per record (a ``teiCorpus`` for several in one stream)."""

    name = "tei"
    extension = ".xml"
    options: frozenset[str] = frozenset({"errors", "authority", "editor", "publisher"})

    def document(self, record: Record, **options: Any) -> str:
        """One record as a complete TEI document (with the XML declaration)."""
        ctx = _make_ctx(options.get("errors", "replace"), options.get("authority"))
        return XML_DECL + _tei_root(record, ctx, options) + "\n"

    def write(self, records: Iterable[Record | FailedRecord], out: TextIO, **options: Any) -> None:
        _check_options(options, self.options, self.name)
        ctx = _make_ctx(options.get("errors", "replace"), options.get("authority"))
        items = _records(records)
        head = list(itertools.islice(items, 2))
        if len(head) == 1 and head[0][0] is not None:
            out.write(XML_DECL + _tei_root(head[0][0], ctx, options) + "\n")
            return
        count = 0
        waiting: list[str] = []  # failed records before the first document
        for rec, note in itertools.chain(head, items):
            if rec is None:
                if count:
                    out.write(_comment(note or "") + "\n")
                else:
                    waiting.append(note or "")
                continue
            if count == 0:
                out.write(XML_DECL + f'<teiCorpus xmlns="{TEI_NS}">\n')
                out.write(_tostring(_corpus_header(ctx, options)) + "\n")
                out.writelines(_comment(w) + "\n" for w in waiting)
            out.write(_tostring(_tei_doc(rec, ctx, options)) + "\n")
            count += 1
        if count == 0:
            raise FormatError("tei: no record to write (a TEI document needs one)")
        out.write("</teiCorpus>\n")

    def write_dir(
        self, records: Iterable[Record | FailedRecord], directory: Path, **options: Any
    ) -> list[Path]:
        """Write one ``.xml`` file per record into ``directory``; return the paths in order.

        File names come from the record id (``114504.xml``); records without an id use a
        slug of the title and the position (``letter-from-khrushchev-3.xml``). Names are
        unique within one call (``-2``, ``-3`` … appended). Failed records are skipped with
        a :class:`FormatError` listing them after the other files are written.
        """
        _check_options(options, self.options, self.name)
        ctx = _make_ctx(options.get("errors", "replace"), options.get("authority"))
        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        used: set[str] = set()
        paths: list[Path] = []
        failed: list[str] = []
        for position, (rec, note) in enumerate(_records(records), 1):
            if rec is None:
                failed.append(note or "")
                continue
            stem = _file_stem(rec, position)
            candidate, n = stem, 1
            while candidate.casefold() in used:
                n += 1
                candidate = f"{stem}-{n}"
            used.add(candidate.casefold())
            path = directory / f"{candidate}.xml"
            with open(path, "w", encoding="utf-8", newline="\n") as fh:
                fh.write(XML_DECL + _tei_root(rec, ctx, options) + "\n")
            paths.append(path)
        if failed:
            raise FormatError(f"{len(failed)} failed record(s) not written: " + " | ".join(failed))
        return paths


def _tei_root(rec: Record, ctx: _Ctx, options: Mapping[str, Any]) -> str:
    s = _tostring(_tei_doc(rec, ctx, options))
    return s.replace("<TEI>", f'<TEI xmlns="{TEI_NS}">', 1)


def _check_options(options: Mapping[str, Any], allowed: frozenset[str], name: str) -> None:
    unknown = set(options) - allowed
    if unknown:
        raise FormatError(f"{name}: unknown option(s) {', '.join(sorted(unknown))}")


def _file_stem(rec: Record, position: int) -> str:
    if rec.record_id:
        stem = _NCNAME_SAFE.sub("-", rec.record_id).strip("-.")[:100]
        if stem:
            return stem
    title = rec.title or "record"
    slug = re.sub(r"[^a-z0-9]+", "-", title.casefold()).strip("-")[:60].strip("-") or "record"
    return f"{slug}-{position}"


class CMIFWriter:
    """``cmif``: Correspondence Metadata Interchange Format (correspSearch)."""

    name = "cmif"
    extension = ".xml"
    options: frozenset[str] = frozenset({"errors", "authority", "editor", "publisher", "file_url"})

    def write(
        self,
        records: Iterable[Record | FailedRecord],
        out: TextIO,
        *,
        errors: str = "replace",
        authority: str | Path | Mapping[str, str] | None = None,
        editor: str | None = None,
        publisher: str | None = None,
        file_url: str | None = None,
        today: _dt.date | None = None,
    ) -> None:
        ctx = _make_ctx(errors, authority)
        c = ctx.t
        sources = etree.Element("sourceDesc")
        profile = etree.Element("profileDesc")
        collections: dict[str, None] = {}
        count = 0
        for rec, note in _records(records):
            if rec is None:
                profile.append(etree.Comment(_comment(note or "")[4:-3]))
                continue
            if not rec.authors and not rec.recipients:
                label = rec.record_id or rec.title or "record"
                profile.append(
                    etree.Comment(
                        _comment(f"{label}: no sender or recipient, not correspondence; skipped")[4:-3]
                    )
                )
                continue
            count += 1
            if rec.collection:
                collections[rec.collection] = None
            bid = f"b{count}"
            bibl = _sub(sources, "bibl", type="online")
            bibl.set(XML_ID, bid)
            if rec.title is not None:
                _sub(bibl, "title", c(rec.title, "title"))
            if rec.record_id is not None:
                _sub(bibl, "idno", c(rec.record_id, "record id"), type="WCDA")
            url = rec.best_url
            # only http(s) URLs become link targets; any other scheme (javascript:, data:)
            # is kept as the text of a target-less <ref>
            web = bool(url) and is_web_url(url or "")
            if url:
                ref_el = _sub(bibl, "ref", c(url, "URL"))
                if web:
                    ref_el.set("target", ctx.uri(url, "URL"))
            cd = _sub(profile, "correspDesc", source="#" + bid)
            if url and web:
                cd.set("ref", ctx.uri(url, "URL"))
            sent = _sub(cd, "correspAction", type="sent")
            for n in rec.authors or (Name("Unknown"),):
                _name_el(sent, n, ctx, plain=True)
            if rec.date is not None:
                _date_el(sent, rec.date, ctx, text=False)
            recv = _sub(cd, "correspAction", type="received")
            for n in rec.recipients or (Name("Unknown"),):
                _name_el(recv, n, ctx, plain=True)
        if count == 0:
            raise FormatError("cmif: no record with a sender or recipient to write")
        tei = etree.Element("TEI")
        header = _sub(tei, "teiHeader")
        fd = _sub(header, "fileDesc")
        ts = _sub(fd, "titleStmt")
        title = "; ".join(collections) or "Correspondence"
        _sub(
            ts,
            "title",
            c(f"{title}: correspondence metadata ({count} letter{'s' if count != 1 else ''})", "title"),
        )
        if editor:
            m = re.match(r"^\s*(.*?)\s*<([^<>@\s]+@[^<>\s]+)>\s*$", editor)
            ed = _sub(ts, "editor", c(m.group(1) if m else editor.strip(), "editor"))
            if m:
                _sub(ed, "email", c(m.group(2), "editor"))
        ps = _sub(fd, "publicationStmt")
        pub = _sub(ps, "publisher")
        m = re.match(r"^\s*(.*?)\s*<([A-Za-z][A-Za-z0-9+.-]*:[^<>\s]+)>\s*$", publisher or "")
        if m:  # "Name <https://…>"
            _sub(pub, "ref", c(m.group(1), "publisher"), target=ctx.uri(m.group(2), "publisher"))
        else:
            pub.text = c(publisher or "Unknown", "publisher")
        if file_url:
            _sub(ps, "idno", c(file_url, "file URL"), type="url")
        _sub(ps, "date", when=(today or _dt.date.today()).isoformat())
        av = _sub(ps, "availability")
        _sub(
            av,
            "licence",
            "This file is licensed under the terms of the Creative-Commons-License CC-BY 4.0",
            target=CC_BY,
        )
        fd.append(sources)
        header.append(profile)
        body = _sub(_sub(tei, "text"), "body")
        _sub(body, "p")
        s = _tostring(tei).replace("<TEI>", f'<TEI xmlns="{TEI_NS}">', 1)
        out.write(XML_DECL + s + "\n")


# ---------------------------------------------------------------------------- reader


def _q(tag: str) -> str:
    return f"{{{TEI_NS}}}{tag}"


def _local(el: etree._Element) -> str:
    tag = el.tag
    if not isinstance(tag, str):
        return ""
    return tag.rpartition("}")[2]


def _text(el: etree._Element) -> str:
    """The text of ``el``: nested notes, comments and processing instructions left out;
    ``lb`` contributes nothing (the newline after it is in the text)."""
    out = [el.text or ""]
    for child in el:
        if isinstance(child.tag, str) and _local(child) != "note" and _local(child) != "lb":
            out.append(_text(child))
        out.append(child.tail or "")
    return "".join(out)


def _child(el: etree._Element | None, tag: str, **attrib: str) -> etree._Element | None:
    if el is None:
        return None
    for child in el.iterchildren(_q(tag)):
        if all(child.get(k) == v for k, v in attrib.items()):
            return child
    return None


def _children(el: etree._Element | None, tag: str, **attrib: str) -> list[etree._Element]:
    if el is None:
        return []
    return [c for c in el.iterchildren(_q(tag)) if all(c.get(k) == v for k, v in attrib.items())]


class _Bad(Exception):
    def __init__(self, message: str, el: etree._Element | None = None) -> None:
        super().__init__(message)
        self.line = el.sourceline if el is not None else None


def _read_name(el: etree._Element) -> Name:
    kind: NameKind = "organization" if _local(el) == "orgName" else "person"
    text = _text(el)
    if not text:
        raise _Bad(f"empty <{_local(el)}>", el)
    notes = {n.get("type"): _text(n) for n in _children(el, "note")}
    fore, sur = _child(el, "forename"), _child(el, "surname")
    given = _text(fore) if fore is not None else notes.get("given")
    family = _text(sur) if sur is not None else notes.get("family")
    real = _child(el, "addName", type="real")
    role = _child(el, "roleName")
    family_first = el.get("type") == "family-first"
    return Name(
        name=text,
        family=family,
        given=given,
        kind=kind,
        real_name=_text(real) if real is not None else notes.get("real-name"),
        family_first=family_first,
        role=_text(role) if role is not None else notes.get("role"),
    )


def _names_in(el: etree._Element | None) -> tuple[Name, ...]:
    if el is None:
        return ()
    return tuple(_read_name(c) for c in el if _local(c) in ("persName", "orgName"))


def _read_point(value: str, el: etree._Element) -> DatePoint:
    m = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", value)
    if not m:
        raise _Bad(f"unreadable date value {value!r}", el)
    y, mo, d = m.groups()
    return DatePoint(int(y), int(mo) if mo else None, int(d) if d else None)


def _read_date(el: etree._Element | None, *, with_text: bool = True) -> ArchivalDate | None:
    if el is None:
        return None
    if el.get("when"):
        start, end = _read_point(el.get("when", ""), el), None
    elif el.get("from") or el.get("notBefore"):
        start = _read_point(el.get("from") or el.get("notBefore") or "", el)
        hi = el.get("to") or el.get("notAfter")
        end = _read_point(hi, el) if hi else None
    else:
        raise _Bad("<date> without @when, @from or @notBefore", el)
    text: str | None = None
    if with_text:
        text = _text(el) or ("" if el.get("type") == "empty-text" else None)
    return ArchivalDate(
        text=text,
        start=start,
        end=end,
        approximate=el.get("precision") == "low",
        uncertain=el.get("cert") == "low",
    )


def _record_from_bibl(bs: etree._Element) -> Record:
    an = _child(bs, "analytic")
    mo = _child(bs, "monogr")
    authors = tuple(
        _read_name(n) for a in _children(an, "author") for n in a if _local(n) in ("persName", "orgName")
    )
    title_el = _child(an, "title")
    title = _text(title_el) if title_el is not None else None
    recipients: list[Name] = []
    participants: list[Name] = []
    contributors: list[Contributor] = []
    for rs in _children(an, "respStmt"):
        resp_el = _child(rs, "resp")
        resp = _text(resp_el) if resp_el is not None else ""
        names = _names_in(rs)
        key = resp_el.get("key") if resp_el is not None else None
        if key == "recipient":
            recipients.extend(names)
        elif key == "participant":
            participants.extend(names)
        else:
            contributors.extend(Contributor(n, resp) for n in names)
    date = _read_date(_child(an, "date"))

    def idno(**attrib: str) -> str | None:
        el = _child(an, "idno", **attrib)
        return _text(el) if el is not None else None

    coll_el = _child(mo, "title", level="m")
    source = None
    rep = _child(bs, "note", type="repository")
    if rep is not None:
        notes = {n.get("type"): _text(n) for n in _children(rep, "note")}
        org = _child(rep, "orgName", type="repository")
        loc = _child(rep, "idno", type="shelfmark")
        source = Source(
            text=_text(rep),
            repository=_text(org) if org is not None else notes.get("repository"),
            locator=_text(loc) if loc is not None else notes.get("shelfmark"),
            contributors=tuple(contributors),
        )
    contents = []
    for note in _children(bs, "note", type="contents"):
        kind_note = _child(note, "note", type="kind")
        lang_el = _child(note, "name", type="language")
        lang_note = _child(note, "note", type="language")
        lang = (
            _text(lang_el) if lang_el is not None else (_text(lang_note) if lang_note is not None else None)
        )
        kind = _text(kind_note) if kind_note is not None else note.get("subtype", "other")
        contents.append(ContentItem(kind=kind, language=lang, text=_text(note)))

    def one(type_: str) -> str | None:
        el = _child(bs, "note", type=type_)
        return _text(el) if el is not None else None

    def many(type_: str) -> tuple[str, ...]:
        return tuple(_text(n) for n in _children(bs, "note", type=type_))

    tags = _child(bs, "note", type="tags")
    return Record(
        title=title if title or title_el is None or title_el.get("type") == "empty" else None,
        record_id=idno(type="WCDA"),
        url=idno(type="URI", subtype="as-given"),
        canonical_url=idno(type="URI", subtype="canonical"),
        date=date,
        doc_type=one("genre"),
        authors=authors,
        recipients=tuple(recipients),
        participants=tuple(participants),
        collection=_text(coll_el) if coll_el is not None else None,
        source=source,
        summary=one("abstract"),
        credits=many("credits"),
        funders=many("funder"),
        original_languages=many("original-language"),
        contents=tuple(contents),
        subjects=tuple(_text(n) for n in _children(tags, "note", type="tag")),
        signature=one("signature"),
    )


def _read_body(body: etree._Element | None) -> str | None:
    if body is None or _child(body, "gap", reason="no-body") is not None:
        return None
    out = [body.text or ""]
    for child in body:
        name = _local(child)
        if name in ("opener", "closer"):
            out.append(child.text or "")
            for block in child:
                if isinstance(block.tag, str):
                    out.append(_text(block))
                out.append(block.tail or "")
        elif name == "p":
            out.append(_text(child))
        out.append(child.tail or "")
    return "".join(out)


def _record_from_doc(tei: etree._Element) -> Record:
    header = _child(tei, "teiHeader")
    fd = _child(header, "fileDesc")
    sd = _child(fd, "sourceDesc")
    bs = _child(sd, "biblStruct", type="online")
    if bs is None:
        raise _Bad(
            "no sourceDesc/biblStruct[@type='online'] (not a TEI document written by archivecite)", tei
        )
    rec = _record_from_bibl(bs)
    ns = _child(fd, "notesStmt")
    extra = []
    for note in _children(ns, "note", type="section"):
        label, p = _child(note, "label"), _child(note, "p")
        extra.append((_text(label) if label is not None else "", _text(p) if p is not None else ""))
    cit = _child(ns, "note", type="citation")
    text = _child(tei, "text")
    body = _read_body(_child(text, "body"))
    return _evolve(
        rec,
        body=body,
        extra=tuple(extra),
        citation=_text(cit) if cit is not None else None,
    )


def _evolve(rec: Record, **changes: Any) -> Record:
    import attrs

    return attrs.evolve(rec, **changes)


def _records_from_cmif(tei: etree._Element) -> Iterator[tuple[etree._Element, Record]]:
    header = _child(tei, "teiHeader")
    fd = _child(header, "fileDesc")
    sd = _child(fd, "sourceDesc")
    bibls = {b.get(XML_ID): b for b in _children(sd, "bibl")}
    for cd in _children(_child(header, "profileDesc"), "correspDesc"):
        try:
            bibl = bibls.get((cd.get("source") or "").lstrip("#"))
            title = record_id = None
            if bibl is not None:
                t, i = _child(bibl, "title"), _child(bibl, "idno", type="WCDA")
                title = _text(t) if t is not None else None
                record_id = _text(i) if i is not None else None
            ref_el = _child(bibl, "ref")
            url = ref_el.get("target") if ref_el is not None else cd.get("ref")
            if ref_el is not None and _text(ref_el):
                url = _text(ref_el)
            sent = _child(cd, "correspAction", type="sent")
            recv = _child(cd, "correspAction", type="received")
            authors = tuple(n for n in _names_in(sent) if n.name != "Unknown")
            recipients = tuple(n for n in _names_in(recv) if n.name != "Unknown")
            date = _read_date(_child(sent, "date"), with_text=False)
            canonical = None
            if (
                url
                and record_id
                and url.endswith("/document/" + record_id)
                and "digitalarchive.wilsoncenter.org" in url
            ):
                canonical, url = url, None
            yield (
                cd,
                Record(
                    title=title,
                    record_id=record_id,
                    url=url,
                    canonical_url=canonical,
                    date=date,
                    authors=authors,
                    recipients=recipients,
                ),
            )
        except _Bad:
            raise
        except (ValueError, TypeError) as exc:
            raise _Bad(str(exc), cd) from None


class TEIReader:
    """Reads TEI written by archivecite (``tei-bibl``, ``tei``, ``cmif``) back into records."""

    name = "tei"

    def detect(self, head: str) -> bool:
        s = head.lstrip("\ufeff \t\r\n")
        return s.startswith("<") and TEI_NS in head[:4096]

    def read(
        self, text: str | TextIO, *, file: str | None = None, strict: bool = False
    ) -> Iterator[Record | FailedRecord]:
        raw = text if isinstance(text, str) else text.read()
        root = parse_xml(raw, file=file)
        if _local(root) not in ("TEI", "teiCorpus", "listBibl") or not str(root.tag).startswith(
            f"{{{TEI_NS}}}"
        ):
            diag = Diagnostic(
                "not-tei", "error", f"root element <{root.tag}> is not TEI", file, root.sourceline
            )
            raise ParseError(diag.format(), (diag,))
        for el, result in self._items(root):
            if isinstance(result, _Bad):
                line = result.line or el.sourceline or 1
                diag = Diagnostic("invalid-tei", "error", str(result), file, line)
                if strict:
                    raise ParseError(diag.format(), (diag,))
                raw_el = etree.tostring(el, encoding="unicode")
                yield FailedRecord(raw=raw_el, span=LineSpan(line, line), diagnostics=(diag,), file=file)
            else:
                line = el.sourceline or 1
                yield _evolve(result, span=LineSpan(line, line), file=file)

    def _items(self, root: etree._Element) -> Iterator[tuple[etree._Element, Record | _Bad]]:
        kind = _local(root)
        if kind == "teiCorpus":
            for tei in _children(root, "TEI"):
                yield from self._items(tei)
            return
        if kind == "listBibl":
            yield from self._bibls(root)
            return
        header = _child(root, "teiHeader")
        if _child(_child(header, "profileDesc"), "correspDesc") is not None and any(
            cd.get("source") for cd in _children(_child(header, "profileDesc"), "correspDesc")
        ):
            try:
                yield from _records_from_cmif(root)
            except _Bad as exc:
                yield root, exc
            return
        sd = _child(_child(header, "fileDesc"), "sourceDesc")
        if _child(sd, "biblStruct", type="online") is None:
            lb = root.find(f"{_q('text')}/{_q('body')}/{_q('listBibl')}")
            if lb is not None:
                yield from self._bibls(lb)
                return
        try:
            yield root, _record_from_doc(root)
        except _Bad as exc:
            yield root, exc
        except (ValueError, TypeError) as exc:
            yield root, _Bad(str(exc), root)

    def _bibls(self, lb: etree._Element) -> Iterator[tuple[etree._Element, Record | _Bad]]:
        for bs in _children(lb, "biblStruct"):
            try:
                yield bs, _record_from_bibl(bs)
            except _Bad as exc:
                yield bs, exc
            except (ValueError, TypeError) as exc:
                yield bs, _Bad(str(exc), bs)


WRITERS = {"tei-bibl": TEIBiblWriter(), "tei": TEIWriter(), "cmif": CMIFWriter()}
READERS = {"tei": TEIReader()}
