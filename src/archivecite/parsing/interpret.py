"""The interpret layer: a raw record's sections -> a :class:`~archivecite.model.Record`.

One small function per section; this module only wires them together and records
diagnostics. Nothing is dropped: unknown sections go to ``Record.extra``, the citation
and the body are kept verbatim.
"""

from __future__ import annotations

import re

from ..errors import Diagnostic
from ..model import ArchivalDate, ContentItem, FailedRecord, LineSpan, Name, Record, canonical_url
from ._cache import short_text_cache
from .citation import CitationParts, parse_citation
from .dates import is_date, parse_date
from .languages import canonical_language, split_languages
from .names import complete_from_signature, parse_name, split_people
from .sections import Layout, Section, layout
from .source import parse_source
from .splitter import RawRecord, last_nonblank
from .titles import read_title
from .urls import canonical_for, find_urls

_FUNDER = re.compile(r"(?:support|funding|grant|generosity)\s+(?:from|of)\s+(.+?)(?:\.\s|\.?$)", re.I | re.S)
_FUNDER_SPLIT = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+(?=the\s|[A-Z])")
_SIGNATURE_WORD = re.compile(r"^(?:[A-ZА-ЯЁ][\w’'.-]*|\[[^\]]*\]|\([^)]*\)|[A-Z]\.)$")
_CREDIT_LINES = re.compile(r"\n\s*\n|\n")
_LEADING_THE = re.compile(r"^the\s+", re.I)
_CONTENT_SPLIT = re.compile(r"^[^-–—:]+[-–—:]\s*(.+)$")
_FINAL_INITIAL = re.compile(r"\b[A-Z]\.$")
_LIST_SPLIT = re.compile(r"\s*[;\n]\s*|\s*,\s*")
_RECORD_ID = re.compile(r"\d{1,9}")
_OTHER_LINE_BREAK = re.compile("[\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")


# --- one function per section ----------------------------------------------------------------


@short_text_cache(maxsize=1024)
def read_credits(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(sentences, funder names) of a credits section. Cached: credit lines repeat."""
    sentences = tuple(" ".join(p.split()) for p in _CREDIT_LINES.split(text) if p.strip())
    funders: list[str] = []
    for sentence in sentences:
        for m in _FUNDER.finditer(sentence):
            for part in _FUNDER_SPLIT.split(m.group(1).strip()):
                part = _LEADING_THE.sub("", part.strip(" ."))
                if part and part not in funders:
                    funders.append(part)
    return sentences, tuple(funders)


@short_text_cache(maxsize=1024)
def read_languages(text: str) -> tuple[str, ...]:
    out: list[str] = []
    for line in text.splitlines():
        for name in split_languages(line):
            canon = canonical_language(name) or name
            if canon not in out:
                out.append(canon)
    return tuple(out)


_CONTENT_KINDS = (
    ("original scan", "original-scan"),
    ("scan", "original-scan"),
    ("translation", "translation"),
    ("transcription", "transcript"),
    ("transcript", "transcript"),
    ("html", "html"),
    ("pdf", "pdf"),
    ("original", "original"),
)


def read_content_item(line: str) -> ContentItem:
    """``Translation - English`` -> (translation, English); ``English HTML`` -> (html, English)."""
    s = " ".join(line.split())
    low = s.casefold()
    kind = "other"
    for key, value in _CONTENT_KINDS:
        if key in low:
            kind = value
            break
    language = None
    m = _CONTENT_SPLIT.match(s)
    candidates = [m.group(1)] if m else []
    candidates += s.replace("-", " ").split()
    for cand in candidates:
        canon = canonical_language(cand.strip())
        if canon:
            language = canon
            break
    return ContentItem(kind=kind, language=language, text=s)


@short_text_cache(maxsize=1024)
def read_contents(text: str) -> tuple[ContentItem, ...]:
    """The contents items of a Contents section. Cached: contents lists repeat; items are
    immutable."""
    return tuple(read_content_item(line) for line in text.splitlines() if line.strip())


_ASCII_LINE_BREAKS = ("\r", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e")


def _has_other_line_break(lines: list[str], text: str, start: int) -> bool:
    """Same as ``_OTHER_LINE_BREAK.search(text, start) is not None``, where ``lines`` are
    ``text[start:]`` split at "\n"; faster on ASCII text (the usual case)."""
    region = text[start:]
    if region.isascii():
        return any(c in region for c in _ASCII_LINE_BREAKS)
    # those line breaks are not printable: printable lines need no search
    return not all(map(str.isprintable, lines)) and _OTHER_LINE_BREAK.search(region) is not None


def find_signature(body: str | None) -> str | None:
    """The signature at the end of a body ("N. KHRUSHCHEV"), skipping a closing date line."""
    if not body:
        return None
    # the last six lines of body.rstrip(), found without copying or splitting the whole body:
    # (what text.rsplit("\n", 6)[-6:] gives, with ``start`` where the first of them begins)
    end = len(body)
    while end and body[end - 1].isspace():
        end -= 1
    start = end
    for _ in range(6):
        start = body.rfind("\n", 0, start)
        if start < 0:
            break
    start += 1  # after the sixth newline from the end; 0 when there are fewer
    region = body[start:end]
    tail = region.split("\n")
    # lines may also end at the line breaks other than "\n" that splitlines() knows; ASCII
    # text (the usual case) can only hold the six ASCII ones, found without a regex
    if _has_other_line_break(tail, region, 0):
        tail = body[:end].splitlines()[-6:]
    lines = [ln.strip() for ln in tail]
    while lines and not lines[-1]:
        lines.pop()
    if lines and is_date(lines[-1].rstrip(".")):
        lines.pop()
        while lines and not lines[-1]:
            lines.pop()
    if not lines:
        return None
    cand = lines[-1]
    words = cand.split()
    if not 1 <= len(words) <= 5 or len(cand) > 50 or cand.endswith((":", ",", ";")):
        return None
    if cand.endswith(".") and not _FINAL_INITIAL.search(cand):
        return None
    if not all(map(_SIGNATURE_WORD.match, words)):
        return None
    if len(words) == 1:
        letters = [c for c in cand if c.isalpha()]
        if sum(c.isupper() for c in letters) < len(letters):
            return None  # one capitalised word alone ("Sincerely") is not a signature
    if is_date(cand):
        return None
    return cand


def _extra_get(extra: list[tuple[str, str]], labels: tuple[str, ...]) -> str | None:
    """The first non-blank value in ``extra`` under one of ``labels`` (casefolded), stripped."""
    for key, value in extra:
        if key.casefold() in labels and value.strip():
            return value.strip()
    return None


def _split_list(text: str) -> tuple[str, ...]:
    return tuple(p.strip() for p in _LIST_SPLIT.split(text) if p.strip())


# --- wiring ------------------------------------------------------------------------------------


def interpret(raw: RawRecord) -> Record | FailedRecord:
    """Turn one raw record into a record, or a failed record with the reasons."""
    file = raw.file
    diags: list[Diagnostic] = list(raw.diagnostics)
    lines = raw.lines
    start = raw.start
    span = LineSpan(start, raw.first_line + last_nonblank(lines))  # raw.end, from these lines
    if not raw.text or raw.text.isspace():  # no non-blank line
        if not diags:
            diags.append(Diagnostic("empty-record", "error", "no text in this record", file, start))
        return FailedRecord(raw=raw.text, span=span, diagnostics=tuple(diags), file=file)

    lay: Layout
    citation_text: str | None = None
    citation_line = start
    if raw.bare:
        lay = Layout()
        citation_text = "\n".join(ln for ln in lines if ln.strip()).strip()
    else:
        lay = layout(lines)
    title_text = lines[lay.title_line].strip() if lay.title_line is not None else None
    date_text = lines[lay.date_line].strip() if lay.date_line is not None else None

    summary = None
    credits: tuple[str, ...] = ()
    funders: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    contents: tuple[ContentItem, ...] = ()
    extra: list[tuple[str, str]] = []
    if lay.preamble:
        extra.append(("preamble", "\n".join(lines[i].strip() for i in lay.preamble)))
    sections_seen: dict[str, Section] = {}
    for sec in lay.sections:
        key = sec.key
        if key in sections_seen and key in (
            "citation",
            "summary",
            "credits",
            "original language",
            "contents",
        ):
            diags.append(
                Diagnostic(
                    "duplicate-section",
                    "warning",
                    f"second {sec.label!r} section kept in extra",
                    file,
                    raw.first_line + sec.line,
                )
            )
            extra.append((sec.label, sec.text))
            continue
        sections_seen[key] = sec
        if key == "citation":
            citation_text = sec.text
            citation_line = raw.first_line + sec.line
        elif key == "summary":
            summary = sec.text or None
        elif key == "credits":
            credits, funders = read_credits(sec.text)
        elif key == "original language":
            languages = read_languages(sec.text)
        elif key == "contents":
            contents = read_contents(sec.text)
        else:
            extra.append((sec.label, sec.text))
            from .labels import EXTRA_LABELS

            if key not in EXTRA_LABELS:
                diags.append(
                    Diagnostic(
                        "unknown-section",
                        "info",
                        f"unknown section {sec.label!r} kept as is",
                        file,
                        raw.first_line + sec.line,
                    )
                )

    cit: CitationParts | None = None
    if citation_text:
        cit = parse_citation(citation_text)
        if cit is None or cit.title is None:
            diags.append(
                Diagnostic(
                    "unparsed-citation",
                    "warning",
                    "citation not in a known shape; kept as given",
                    file,
                    citation_line,
                )
            )
    elif "citation" in sections_seen:
        diags.append(
            Diagnostic("empty-citation", "warning", "the Citation section is empty", file, citation_line)
        )

    title = title_text or (cit.title if cit else None) or _extra_get(extra, ("title",))
    has_structure = (
        bool(lay.sections) or lay.date_line is not None or (cit is not None and cit.title is not None)
    )
    if not title or not has_structure:
        code, msg = (
            ("missing-title", "no title line and no readable citation")
            if not title
            else ("unrecognised-record", "no date line, citation or labelled section: not an archive record")
        )
        diags.append(Diagnostic(code, "error", msg, file, start))
        return FailedRecord(raw=raw.text, span=span, diagnostics=tuple(diags), file=file)
    if (
        title_text
        and cit
        and cit.title
        and cit.title != title_text
        and " ".join(cit.title.split()) != " ".join(title_text.split())
    ):
        diags.append(
            Diagnostic(
                "title-mismatch",
                "info",
                f"citation title differs from page title: {cit.title!r}",
                file,
                citation_line,
            )
        )

    # date: the page's date line, else the citation's, else a Date section
    date: ArchivalDate | None = None
    given_date = date_text or (cit.date_text if cit else None) or _extra_get(extra, ("date",))
    if given_date:
        date = parse_date(given_date)
        if date is None:
            diags.append(
                Diagnostic("unparsed-date", "warning", f"date not understood: {given_date!r}", file, start)
            )
    if date is not None and date_text and cit and cit.date_text:
        other = parse_date(cit.date_text)
        if other is not None and other is not date and other.edtf != date.edtf:
            diags.append(
                Diagnostic(
                    "date-mismatch",
                    "warning",
                    f"citation date {cit.date_text!r} differs from the date line",
                    file,
                    citation_line,
                )
            )

    url = cit.url if cit else None
    if not url:
        for label in ("url", "citation url"):
            found = _extra_get(extra, (label,))
            if found:
                urls = find_urls(found)
                url = urls[0] if urls else None
                break
    record_id, canon = canonical_for(url)
    if record_id is None:
        rid = _extra_get(extra, ("record id",))
        if rid and _RECORD_ID.fullmatch(rid):
            record_id, canon = rid, canonical_url(rid)

    reading = read_title(title)
    if (
        not (reading.authors or reading.recipients or reading.participants)
        and cit
        and cit.title
        and cit.title != title
    ):
        reading = read_title(cit.title)
    doc_type = reading.doc_type
    if doc_type is None:
        t = _extra_get(extra, ("type",))
        doc_type = t.casefold() if t else None
    authors: tuple[Name, ...] = reading.authors
    if not authors:
        a = _extra_get(extra, ("author(s)", "authors", "author"))
        if a:
            authors = tuple(n for p in split_people(a) if (n := parse_name(p)) is not None)

    body = lay.body_text(lines)
    signature = find_signature(body)
    if signature and authors:
        authors = (complete_from_signature(authors[0], signature), *authors[1:])

    source = parse_source(cit.source if cit else None) or parse_source(_extra_get(extra, ("source",)))
    subjects: tuple[str, ...] = ()
    for label in ("subjects", "subject", "keywords"):
        val = _extra_get(extra, (label,))
        if val:
            subjects += tuple(s for s in _split_list(val) if s not in subjects)

    # positional, in the order of Record's fields (a fifth cheaper than its 24 keywords; the
    # gold tests check every field of every fixture)
    return Record(
        title,
        record_id,
        url,
        canon,
        date,
        doc_type,
        authors,
        reading.recipients,
        reading.participants,
        cit.collection if cit else None,
        source,
        summary,
        credits,
        funders,
        languages,
        contents,
        subjects,
        body,
        signature,
        tuple(extra),
        citation_text,
        span,
        file,
        tuple(diags),
    )
