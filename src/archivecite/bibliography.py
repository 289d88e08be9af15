"""Collections of records: deduplication, citation keys, sorting, export.

A :class:`Bibliography` is what a historian hands to a writer: every document once, with
stable unique citation keys, in Chicago order when asked::

    from archivecite import Bibliography
    bib = Bibliography.from_paths(["export.txt", "old-notes.txt"])
    bib.sort()                              # Chicago bibliography order
    bib.write("refs.bib", "bibtex")
    for d in bib.diagnostics:               # nothing is merged or dropped silently
        print(d)

Deduplication (the rules are documented in ``docs/library.md``):

- Two records are the same archive document when they carry the same Wilson Center record
  id, whatever host (production, test host), site era (old HAPP site, new site) or URL form
  (``http``/``https``, ``.pdf?v=…``) they came from. Records without a record id are never
  merged: an equal title and date do not prove that two pages are the same document.
- The first copy is the base. An empty field of the base is filled from a later copy; list
  fields (credits, funders, languages, contents, subjects, unknown sections) gain the items
  they lack; a later copy's *differing* value is kept in ``extra`` under ``merged <field>``
  (``merged citation``, ``merged url``, ``merged collection`` …). Nothing is dropped.
- Each merge adds one ``duplicate-record`` warning, located at the later copy and naming the
  first copy's file and line, that says what was filled and what was kept.

:func:`merge` and :class:`StreamDeduplicator` expose the same rules for streaming use (the
``archivecite convert`` command).
"""

from __future__ import annotations

import html
import io
import os
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from .errors import Diagnostic, FormatError
from .model import ArchivalDate, ContentItem, FailedRecord, Name, Record, Source

__all__ = [
    "BIBLIOGRAPHY_STYLES",
    "Bibliography",
    "StreamDeduplicator",
    "csl_style_id",
    "identity",
    "merge",
    "repeated_ids",
    "standalone_html",
    "standalone_markdown",
]

#: archivecite's own bibliography styles. Any other style id is a CSL style; ``csl:<id>``
#: forces the CSL style of that id (``csl:chicago-author-date`` is the CSL repository's).
BIBLIOGRAPHY_STYLES: dict[str, str] = {
    "chicago": "notes",
    "chicago-author-date": "author-date",
}


def csl_style_id(style: str) -> str:
    """The CSL style id that ``style`` names (``csl:`` prefix removed)."""
    return style[4:] if style.startswith("csl:") else style


# Fields compared one value against the other (empty -> filled, different -> kept in extra).
_SCALARS = (
    "title",
    "url",
    "canonical_url",
    "doc_type",
    "collection",
    "summary",
    "body",
    "signature",
    "citation",
)
_NAMES = ("authors", "recipients", "participants")
# Fields whose items are unions: the later copy's missing items are appended.
_LISTS = ("credits", "funders", "original_languages", "subjects", "contents", "extra")
# Record fields in model order (the order of the merge diagnostic and of ``merged`` entries).
_ORDER = tuple(
    f.name
    for f in attrs.fields(Record)
    if f.name in (*_SCALARS, *_NAMES, *_LISTS, "date", "source") and f.name != "extra"
)
_LABEL = {
    "doc_type": "document type",
    "canonical_url": "canonical url",
    "original_languages": "original languages",
}


def identity(record: Record) -> str | None:
    """The key under which copies of one archive document are merged: the record id
    (stripped of surrounding space), or ``None`` when the record has none."""
    rid = record.record_id
    if rid is None:
        return None
    rid = rid.strip()
    return rid or None


def _where(record: Record) -> str:
    where = record.file if record.file is not None else "<input>"
    if record.span is not None:
        where += f":{record.span.start}"
    return where


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == ()


def _names_text(names: Sequence[Name]) -> str:
    return "; ".join(n.name for n in names)


def _date_text(date: ArchivalDate, other: ArchivalDate | None) -> str:
    text = date.text or date.edtf
    if other is not None and (other.text or other.edtf) == text:
        return f"{text} ({date.edtf})"
    return text


def _content_key(item: ContentItem) -> tuple[str, str | None] | str:
    """Content items are the same item when kind and language agree: the old site's
    "English Translation" is the new site's "Translation - English"."""
    if item.kind == "other" or item.language is None:
        return item.text
    return (item.kind, item.language.casefold())


def _merge_source(base: Source, later: Source) -> tuple[Source, bool]:
    """Same source text: fill the parts the base lacks. Returns (source, filled?)."""
    changes: dict[str, Any] = {}
    for field in ("repository", "locator"):
        if getattr(base, field) is None and getattr(later, field) is not None:
            changes[field] = getattr(later, field)
    if not base.contributors and later.contributors:
        changes["contributors"] = later.contributors
    if not changes:
        return base, False
    return attrs.evolve(base, **changes), True


def merge(base: Record, later: Record) -> tuple[Record, Diagnostic]:
    """Merge ``later`` (another copy of the same document) into ``base``.

    Returns the merged record and the ``duplicate-record`` diagnostic that describes the
    merge. The merged record keeps the base's position, file and line span; its
    diagnostics are the base's, the later copy's and the new one.
    """
    changes: dict[str, Any] = {}
    filled: list[str] = []
    kept: list[str] = []
    extra = list(base.extra)

    def keep(field: str, text: str) -> None:
        pair = (f"merged {_LABEL.get(field, field)}", text)
        if pair not in extra:
            extra.append(pair)
        if field not in kept:
            kept.append(field)

    for field in _ORDER:
        mine, theirs = getattr(base, field), getattr(later, field)
        if _empty(theirs) or mine == theirs:
            continue
        if field in _LISTS:
            if field == "contents":
                have = {_content_key(c) for c in mine}
                missing = tuple(c for c in theirs if _content_key(c) not in have)
            else:
                missing = tuple(item for item in theirs if item not in mine)
            if missing:
                changes[field] = mine + missing
                filled.append(field)
        elif _empty(mine):
            changes[field] = theirs
            filled.append(field)
        elif field == "source" and theirs.text == mine.text:
            source, did = _merge_source(mine, theirs)
            if did:
                changes[field] = source
                filled.append(field)
        elif field == "source":
            keep(field, theirs.text)
        elif field == "date":
            keep(field, _date_text(theirs, mine))
        elif field in _NAMES:
            keep(field, _names_text(theirs))
        else:
            keep(field, theirs)

    added_extra = [pair for pair in later.extra if pair not in extra]
    if added_extra:
        extra.extend(added_extra)
        filled.append("extra")
    if tuple(extra) != base.extra:
        changes["extra"] = tuple(extra)

    rid = identity(base) or "?"
    parts = [f"record {rid} repeats the copy at {_where(base)}; merged into that one"]
    if filled:
        parts.append("filled from this copy: " + ", ".join(_LABEL.get(f, f) for f in filled))
    if kept:
        labels = ", ".join(f"'merged {_LABEL.get(f, f)}'" for f in kept)
        parts.append(f"this copy's differing values kept in extra as {labels}")
    if not filled and not kept:
        parts.append("nothing new in this copy")
    diag = Diagnostic(
        "duplicate-record",
        "warning",
        "; ".join(parts),
        later.file,
        later.span.start if later.span is not None else None,
    )
    changes["diagnostics"] = base.diagnostics + later.diagnostics + (diag,)
    return attrs.evolve(base, **changes), diag


def repeated_ids(items: Iterable[Record | FailedRecord]) -> dict[str, int]:
    """How many copies each record id has in ``items``, for the ids that repeat."""
    counts: dict[str, int] = {}
    for item in items:
        if isinstance(item, Record):
            rid = identity(item)
            if rid is not None:
                counts[rid] = counts.get(rid, 0) + 1
    return {rid: n for rid, n in counts.items() if n > 1}


class StreamDeduplicator:
    """Streaming deduplication with bounded memory.

    ``repeated`` maps each repeating record id to its number of copies (from a first pass,
    see :func:`repeated_ids`). Records with any other id, records without an id and failed
    records pass straight through; copies of a repeating id are held, merged as they
    arrive, and the merged record is emitted **where its last copy is read** (so memory
    holds only the documents whose copies are still to come). Copies still held at the end
    (the input changed between the two passes) are emitted last, in first-copy order.
    """

    def __init__(self, repeated: Mapping[str, int]) -> None:
        self.repeated = dict(repeated)
        self.merged = 0
        self._pending: dict[str, tuple[Record, int]] = {}

    def __call__(self, items: Iterable[Record | FailedRecord]) -> Iterator[Record | FailedRecord]:
        for item in items:
            rid = identity(item) if isinstance(item, Record) else None
            if rid is None or rid not in self.repeated:
                yield item
                continue
            assert isinstance(item, Record)
            held = self._pending.get(rid)
            if held is None:
                current, seen = item, 1
            else:
                current, _ = merge(held[0], item)
                seen = held[1] + 1
                self.merged += 1
            if seen >= self.repeated[rid]:
                self._pending.pop(rid, None)
                yield current
            else:
                self._pending[rid] = (current, seen)
        leftovers = list(self._pending.values())
        self._pending.clear()
        for rec, _ in leftovers:
            yield rec


# --------------------------------------------------------------------------------------------
# Standalone pages

_PAGE_CSS = """\
    body { font-family: Georgia, "Times New Roman", serif; line-height: 1.5; color: #1b1b1b;
           background: #fff; max-width: 46em; margin: 2.5em auto; padding: 0 1.25em; }
    h1 { font-weight: normal; font-size: 1.7em; margin-bottom: 1.2em; }
    .csl-bib-body { margin: 0; }
    .csl-entry { padding-left: 2em; text-indent: -2em; margin: 0 0 0.75em; }
    a { color: #1a4a8a; overflow-wrap: anywhere; }
    footer { margin-top: 2.5em; font-size: 0.85em; color: #555; border-top: 1px solid #ddd;
             padding-top: 0.6em; }
    @media print { a { color: inherit; text-decoration: none; } footer { display: none; } }"""


def standalone_html(entries: Sequence[str], title: str = "Bibliography", *, note: str | None = None) -> str:
    """A complete HTML5 page around bibliography ``entries`` (HTML fragments, already
    escaped): a title, the entries in the given order with hanging indents, and a footer.
    ``title`` and ``note`` are plain text (escaped here)."""
    from ._version import __version__

    t = html.escape(title, quote=True)
    lines = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '  <meta charset="utf-8">',
        '  <meta name="viewport" content="width=device-width, initial-scale=1">',
        f'  <meta name="generator" content="archivecite {html.escape(__version__)}">',
        f"  <title>{t}</title>",
        "  <style>",
        _PAGE_CSS,
        "  </style>",
        "</head>",
        "<body>",
        "<main>",
        f"  <h1>{t}</h1>",
        '  <div class="csl-bib-body">',
    ]
    lines += [f'    <div class="csl-entry">{_one_line(e)}</div>' for e in entries]
    lines += ["  </div>", "</main>"]
    count = f"{len(entries)} {'entry' if len(entries) == 1 else 'entries'}"
    footer = count if note is None else f"{count}. {note}"
    lines += [f"<footer><p>{html.escape(footer)}</p></footer>", "</body>", "</html>"]
    return "\n".join(lines) + "\n"


def standalone_markdown(entries: Sequence[str], title: str = "Bibliography") -> str:
    """A Markdown document: a level-1 heading and one paragraph per entry."""
    from .formats._markup import MarkdownMarkup

    md = MarkdownMarkup()
    heading = md.text(_one_line(title)) or "Bibliography"
    return "\n\n".join([f"# {heading}", *(_one_line(e) for e in entries)]) + "\n"


_BREAKS = re.compile(r"[\r\n\v\f\x1c-\x1e\x85\u2028\u2029]+")


def _one_line(text: str) -> str:
    return _BREAKS.sub(" ", text).strip()


_CSL_URL = re.compile(r"https?://[^\s<>\"']+?(?=[.,;:)\]]*(?:\s|<|$))")


def _link_html(entry: str) -> str:
    """Make the bare web URLs of citeproc's escaped HTML into links (text outside tags only)."""
    out = []
    for part in re.split(r"(<[^>]*>)", entry):
        if part.startswith("<"):
            out.append(part)
        else:
            out.append(_CSL_URL.sub(lambda m: f'<a href="{m.group(0)}">{m.group(0)}</a>', part))
    return "".join(out)


def _markdown_from_text(entry: str) -> str:
    """Plain-text entry -> CommonMark: text escaped, web URLs as autolinks."""
    from .formats._markup import MarkdownMarkup

    md = MarkdownMarkup()
    out, pos = [], 0
    for m in re.finditer(r"https?://[^\s<>]+?(?=[.,;:)\]]*(?:\s|$))", entry):
        out.append(md.text(entry[pos : m.start()]))
        out.append(md.link(m.group(0)))
        pos = m.end()
    out.append(md.text(entry[pos:]))
    return md.line("".join(out))


# --------------------------------------------------------------------------------------------
# The collection


class Bibliography:
    """An ordered collection of records, each archive document once.

    ``records`` are kept in the order of their first copy (until :meth:`sort`);
    ``failed`` holds the input blocks that could not be read; ``diagnostics`` every
    diagnostic of every item added, in order, plus one ``duplicate-record`` warning per
    merged copy. ``dedupe=False`` keeps every copy.
    """

    def __init__(
        self,
        items: Iterable[Record | FailedRecord] = (),
        *,
        dedupe: bool = True,
        key_scheme: str = "default",
    ) -> None:
        from .keys import SCHEMES

        if key_scheme not in SCHEMES:
            raise FormatError(f"unknown key scheme {key_scheme!r}; choose one of {', '.join(SCHEMES)}")
        self.dedupe = dedupe
        self.key_scheme = key_scheme
        self._records: list[Record] = []
        self._failed: list[FailedRecord] = []
        self._diagnostics: list[Diagnostic] = []
        self._index: dict[str, int] = {}
        self._merged = 0
        self.extend(items)

    # -- building

    @classmethod
    def from_paths(
        cls,
        paths: Iterable[str | os.PathLike[str]] | str | os.PathLike[str],
        *,
        format: str | None = None,
        strict: bool = False,
        dedupe: bool = True,
        key_scheme: str = "default",
    ) -> Bibliography:
        """Read every file of ``paths`` (page dumps, archivecite JSON, BibTeX, CSL-JSON, RIS,
        TEI: detected from the content unless ``format`` names it), in order."""
        from .parsing import read

        if isinstance(paths, str | os.PathLike):
            paths = [paths]
        bib = cls(dedupe=dedupe, key_scheme=key_scheme)
        for path in paths:
            bib.extend(read(Path(path), format=format, strict=strict))
        return bib

    @classmethod
    def from_text(
        cls,
        text: str,
        *,
        format: str | None = None,
        file: str | None = None,
        strict: bool = False,
        dedupe: bool = True,
        key_scheme: str = "default",
    ) -> Bibliography:
        """Read records from ``text`` (any readable format)."""
        from .parsing import read

        return cls(read(text, format=format, file=file, strict=strict), dedupe=dedupe, key_scheme=key_scheme)

    def add(self, item: Record | FailedRecord) -> Record | FailedRecord:
        """Add one parse result. Returns what the collection now holds for it: the record,
        the merged record (when it repeats a document already present) or the failed record."""
        if isinstance(item, FailedRecord):
            self._failed.append(item)
            self._diagnostics.extend(item.diagnostics)
            return item
        if not isinstance(item, Record):
            raise TypeError(f"expected a Record or FailedRecord, not {type(item).__name__}")
        self._diagnostics.extend(item.diagnostics)
        rid = identity(item)
        if self.dedupe and rid is not None and rid in self._index:
            pos = self._index[rid]
            merged, diag = merge(self._records[pos], item)
            self._records[pos] = merged
            self._diagnostics.append(diag)
            self._merged += 1
            return merged
        if rid is not None:
            self._index.setdefault(rid, len(self._records))
        self._records.append(item)
        return item

    def extend(self, items: Iterable[Record | FailedRecord]) -> None:
        """Add every item of ``items`` in order."""
        for item in items:
            self.add(item)

    # -- reading

    @property
    def records(self) -> tuple[Record, ...]:
        return tuple(self._records)

    @property
    def failed(self) -> tuple[FailedRecord, ...]:
        return tuple(self._failed)

    @property
    def diagnostics(self) -> tuple[Diagnostic, ...]:
        return tuple(self._diagnostics)

    @property
    def merged_count(self) -> int:
        """How many copies were merged into records already present."""
        return self._merged

    def __len__(self) -> int:
        return len(self._records)

    def __iter__(self) -> Iterator[Record]:
        return iter(tuple(self._records))

    def __contains__(self, item: object) -> bool:
        if isinstance(item, str):
            return item.strip() in self._index
        return item in self._records

    def get(self, record_id: str) -> Record | None:
        """The record with ``record_id``, or ``None``."""
        pos = self._index.get(record_id.strip())
        return None if pos is None else self._records[pos]

    def __repr__(self) -> str:
        return f"<Bibliography: {len(self._records)} records, {len(self._failed)} failed>"

    # -- order and keys

    def sort(self, key: Callable[[Record], Any] | None = None, *, reverse: bool = False) -> None:
        """Sort in place; by default in Chicago bibliography order (CMOS: first element
        word by word, case- and accent-insensitive, then date, undated last)."""
        if key is None:
            from .formats.chicago import sort_key

            key = sort_key
        self._records.sort(key=key, reverse=reverse)
        self._index = {}
        for pos, rec in enumerate(self._records):
            rid = identity(rec)
            if rid is not None:
                self._index.setdefault(rid, pos)

    def keys(self, scheme: str | None = None) -> dict[str, Record]:
        """Unique citation keys for the records in their current order (key → record),
        made by :class:`archivecite.keys.KeyAllocator` as the BibTeX writer makes them:
        the same records in the same order always get the same keys. Sort first for keys
        that do not depend on the order of the inputs."""
        from .keys import KeyAllocator

        alloc = KeyAllocator(scheme or self.key_scheme)
        return {alloc.key(rec): rec for rec in self._records}

    def key(self, record: Record | str, scheme: str | None = None) -> str:
        """The citation key of ``record`` (a record of this collection or its record id)."""
        for k, rec in self.keys(scheme).items():
            if rec is record or (isinstance(record, str) and identity(rec) == record.strip()):
                return k
        for k, rec in self.keys(scheme).items():
            if rec == record:
                return k
        raise KeyError(record)

    # -- output

    def dumps(self, format: str, **options: Any) -> str:
        """All records, in the current order, in ``format`` (any registered writer)."""
        from .formats import get_writer

        buf = io.StringIO()
        get_writer(format).write(self.records, buf, **options)
        return buf.getvalue()

    def write(self, path: str | os.PathLike[str], format: str, **options: Any) -> None:
        """Write all records to ``path`` in ``format`` (UTF-8, ``\\n`` line endings)."""
        from .formats import get_writer

        writer = get_writer(format)
        with open(path, "w", encoding="utf-8", newline="\n") as out:
            writer.write(self.records, out, **options)

    def render(self, style: str = "chicago", markup: str = "text", **options: Any) -> list[str]:
        """The bibliography as a list of entries (one string each), sorted as the style
        sorts: ``chicago`` (notes-bibliography), ``chicago-author-date`` (reference list
        with 1962a/1962b) or any CSL style id (needs ``archivecite[csl]``; ``csl:<id>``
        forces the CSL style even for ``csl:chicago-author-date``). ``options`` are
        the Chicago options (``archive_order``, ``url_as_given``, ``quoted_titles``)."""
        from .formats._markup import get_markup

        get_markup(markup)
        form = BIBLIOGRAPHY_STYLES.get(style)
        if form is not None:
            from .formats import chicago

            return chicago.bibliography(self._records, form, markup=markup, **options)
        if options:
            raise FormatError(f"option(s) {', '.join(sorted(options))} apply only to the Chicago styles")
        from .formats import csl
        from .formats.chicago import sort_key

        style = csl_style_id(style)

        # Author, then date: what most CSL styles sort by. A style's own sort order, where
        # the renderer applies it, takes precedence; numeric styles number in this order.
        ordered = sorted(self._records, key=sort_key)
        if markup == "markdown":
            return [_markdown_from_text(e) for e in csl.render_bibliography(ordered, style, "text")]
        entries = [_one_line(e) for e in csl.render_bibliography(ordered, style, markup)]
        return [_link_html(e) for e in entries] if markup == "html" else entries

    def render_document(
        self,
        style: str = "chicago",
        markup: str = "html",
        *,
        standalone: bool = True,
        title: str | None = None,
        **options: Any,
    ) -> str:
        """The bibliography as one text: one entry per line (``standalone=False``), or a
        complete document: an HTML page or a Markdown file with a heading. Plain text has no
        standalone form beyond one entry per line."""
        entries = self.render(style, markup, **options)
        if title is None:
            title = "References" if BIBLIOGRAPHY_STYLES.get(style) == "author-date" else "Bibliography"
        if standalone and markup == "html":
            return standalone_html(entries, title, note=f"Style: {style}. Made with archivecite.")
        if standalone and markup == "markdown":
            return standalone_markdown(entries, title)
        if markup == "html":
            return "".join(f'<div class="csl-entry">{_one_line(e)}</div>\n' for e in entries)
        if markup == "markdown":
            return "\n\n".join(_one_line(e) for e in entries) + ("\n" if entries else "")
        return "".join(_one_line(e) + "\n" for e in entries)
