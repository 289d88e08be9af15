"""archivecite's own lossless JSON (``"schema": 1``).

A JSON array; each element is a record object (``"schema": 1``) or a failed record
(``"schema": 1, "failed": true``). Writing a record and reading it back gives an equal record.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TextIO

import attrs

from ..errors import Diagnostic, ParseError
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

SCHEMA = 1

_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89abcdefABCDEF]")


def escape_surrogates(text: str) -> str:
    """JSON text with any lone surrogate (which UTF-8 cannot encode) written as a
    ``\\uXXXX`` escape: valid JSON for any Python string, read back to the same string."""
    if _LONE_SURROGATE.search(text) is None:
        return text
    return _LONE_SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _has_surrogate_escape(raw: str) -> bool:
    """True when the JSON text has a ``\\uD800``-style escape (the only source of lone surrogates)."""
    return _SURROGATE_ESCAPE.search(raw) is not None


def replace_surrogates(raw: str, obj: Any) -> tuple[Any, int]:
    """``obj`` (decoded from the JSON text ``raw``) with every lone surrogate replaced by
    U+FFFD, and how many were replaced. Lone surrogates come only from ``\\uD800``-style
    escapes; no UTF-8 output could hold them."""
    if _SURROGATE_ESCAPE.search(raw) is None:
        return obj, 0
    count = 0

    def clean(value: Any) -> Any:
        nonlocal count
        if isinstance(value, str):
            found = len(_LONE_SURROGATE.findall(value))
            if found:
                count += found
                return _LONE_SURROGATE.sub("\ufffd", value)
            return value
        if isinstance(value, list):
            return [clean(v) for v in value]
        if isinstance(value, dict):
            return {clean(k): clean(v) for k, v in value.items()}
        return value

    return clean(obj), count


def surrogate_diagnostic(count: int, file: str | None) -> Diagnostic:
    return Diagnostic(
        "invalid-unicode",
        "warning",
        f"{count} lone surrogate escape{'s' if count != 1 else ''} (\\uD800-\\uDFFF) replaced by U+FFFD",
        file,
        None,
    )


def _point(p: DatePoint | None) -> list[int] | None:
    if p is None:
        return None
    return [v for v in (p.year, p.month, p.day) if v is not None]


def _name(n: Name) -> dict[str, Any]:
    return {
        "name": n.name,
        "family": n.family,
        "given": n.given,
        "kind": n.kind,
        "real_name": n.real_name,
        "family_first": n.family_first,
        "role": n.role,
    }


def _diag(d: Diagnostic) -> dict[str, Any]:
    return {"code": d.code, "severity": d.severity, "message": d.message, "file": d.file, "line": d.line}


def record_to_dict(record: Record | FailedRecord) -> dict[str, Any]:
    """The JSON object for one record (or failed record)."""
    if isinstance(record, FailedRecord):
        return {
            "schema": SCHEMA,
            "failed": True,
            "raw": record.raw,
            "lines": [record.span.start, record.span.end],
            "file": record.file,
            "diagnostics": [_diag(d) for d in record.diagnostics],
        }
    r = record
    date = None
    if r.date is not None:
        date = {
            "text": r.date.text,
            "edtf": r.date.edtf,
            "precision": r.date.precision,
            "start": _point(r.date.start),
            "end": _point(r.date.end),
            "approximate": r.date.approximate,
            "uncertain": r.date.uncertain,
        }
    source = None
    if r.source is not None:
        source = {
            "text": r.source.text,
            "repository": r.source.repository,
            "locator": r.source.locator,
            "contributors": [{"role": c.role, "person": _name(c.name)} for c in r.source.contributors],
        }
    return {
        "schema": SCHEMA,
        "record_id": r.record_id,
        "url": r.url,
        "canonical_url": r.canonical_url,
        "title": r.title,
        "date": date,
        "doc_type": r.doc_type,
        "authors": [_name(n) for n in r.authors],
        "recipients": [_name(n) for n in r.recipients],
        "participants": [_name(n) for n in r.participants],
        "collection": r.collection,
        "source": source,
        "summary": r.summary,
        "credits": list(r.credits),
        "funders": list(r.funders),
        "original_languages": list(r.original_languages),
        "contents": [{"kind": c.kind, "language": c.language, "text": c.text} for c in r.contents],
        "subjects": list(r.subjects),
        "body": r.body,
        "signature": r.signature,
        "extra": [{"label": k, "text": v} for k, v in r.extra],
        "citation": r.citation,
        "lines": [r.span.start, r.span.end] if r.span else None,
        "file": r.file,
        "diagnostics": [_diag(d) for d in r.diagnostics],
    }


def _req(obj: dict[str, Any], key: str, kind: type | tuple[type, ...], default: Any = None) -> Any:
    value = obj.get(key, default)
    if value is None:
        return default
    if not isinstance(value, kind):
        raise ValueError(
            f"field {key!r} must be {getattr(kind, '__name__', kind)}, not {type(value).__name__}"
        )
    return value


def _str_opt(obj: dict[str, Any], key: str) -> str | None:
    return _req(obj, key, str)  # type: ignore[no-any-return]


def _to_point(value: Any) -> DatePoint | None:
    if value is None:
        return None
    if (
        not isinstance(value, list)
        or not 1 <= len(value) <= 3
        or not all(isinstance(v, int) and not isinstance(v, bool) for v in value)
    ):
        raise ValueError("date points must be lists of 1 to 3 integers")
    return DatePoint(*value)


def _to_name(obj: Any) -> Name:
    if not isinstance(obj, dict):
        raise ValueError("names must be objects")
    name = _str_opt(obj, "name")
    if not name:
        raise ValueError("a name needs a non-empty 'name'")
    raw_kind = obj.get("kind") or "person"
    kind: NameKind
    if raw_kind == "person":
        kind = "person"
    elif raw_kind == "organization":
        kind = "organization"
    else:
        raise ValueError(f"name kind must be person or organization, not {raw_kind!r}")
    return Name(
        name=name,
        family=_str_opt(obj, "family"),
        given=_str_opt(obj, "given"),
        kind=kind,
        real_name=_str_opt(obj, "real_name"),
        family_first=bool(obj.get("family_first", False)),
        role=_str_opt(obj, "role"),
    )


def _to_diag(obj: Any) -> Diagnostic:
    if not isinstance(obj, dict):
        raise ValueError("diagnostics must be objects")
    sev = obj.get("severity", "warning")
    if sev not in ("error", "warning", "info"):
        sev = "warning"
    line = obj.get("line")
    return Diagnostic(
        code=str(obj.get("code", "")),
        severity=sev,
        message=str(obj.get("message", "")),
        file=_str_opt(obj, "file"),
        line=line if isinstance(line, int) else None,
    )


def _strs(obj: dict[str, Any], key: str) -> tuple[str, ...]:
    values = _req(obj, key, list, [])
    if not all(isinstance(v, str) for v in values):
        raise ValueError(f"field {key!r} must be a list of strings")
    return tuple(values)


def _span(value: Any) -> LineSpan | None:
    if value is None:
        return None
    if not (isinstance(value, list) and len(value) == 2 and all(isinstance(v, int) for v in value)):
        raise ValueError("'lines' must be [first, last]")
    return LineSpan(value[0], value[1])


def record_from_dict(obj: Any) -> Record | FailedRecord:
    """Inverse of :func:`record_to_dict`. Raises ``ValueError`` on a malformed object."""
    if not isinstance(obj, dict):
        raise ValueError("each record must be a JSON object")
    schema = obj.get("schema", SCHEMA)
    if schema != SCHEMA:
        raise ValueError(f"unsupported schema {schema!r} (this version reads schema {SCHEMA})")
    diags = tuple(_to_diag(d) for d in _req(obj, "diagnostics", list, []))
    if obj.get("failed"):
        span = _span(obj.get("lines")) or LineSpan(1, 1)
        return FailedRecord(
            raw=_str_opt(obj, "raw") or "", span=span, diagnostics=diags, file=_str_opt(obj, "file")
        )
    date = None
    d = _req(obj, "date", dict)
    if d is not None:
        start = _to_point(d.get("start"))
        if start is None:
            from ..parsing.dates import parse_edtf

            parsed = parse_edtf(_str_opt(d, "edtf") or "")
            if parsed is None:
                raise ValueError(f"date has neither 'start' nor a readable 'edtf': {d!r}")
            date = ArchivalDate(
                text=_str_opt(d, "text"),
                start=parsed.start,
                end=parsed.end,
                approximate=parsed.approximate,
                uncertain=parsed.uncertain,
            )
        else:
            date = ArchivalDate(
                text=_str_opt(d, "text"),
                start=start,
                end=_to_point(d.get("end")),
                approximate=bool(d.get("approximate", False)),
                uncertain=bool(d.get("uncertain", False)),
            )
    source = None
    s = _req(obj, "source", dict)
    if s is not None:
        contributors = []
        for c in _req(s, "contributors", list, []):
            role = c.get("role") if isinstance(c, dict) else None
            if not isinstance(role, str):
                raise ValueError("contributors need a 'role'")
            contributors.append(Contributor(name=_to_name(c.get("person")), role=role))
        source = Source(
            text=_str_opt(s, "text") or "",
            repository=_str_opt(s, "repository"),
            locator=_str_opt(s, "locator"),
            contributors=tuple(contributors),
        )
    contents = []
    for c in _req(obj, "contents", list, []):
        if not isinstance(c, dict):
            raise ValueError("contents items must be objects")
        contents.append(
            ContentItem(
                kind=_str_opt(c, "kind") or "other",
                language=_str_opt(c, "language"),
                text=_str_opt(c, "text") or "",
            )
        )
    extra = []
    for e in _req(obj, "extra", (list, dict), []):
        if isinstance(e, dict) and "label" in e:
            extra.append((str(e["label"]), str(e.get("text") or "")))
        else:
            raise ValueError("extra items must be {label, text} objects")
    return Record(
        title=_str_opt(obj, "title"),
        record_id=_str_opt(obj, "record_id"),
        url=_str_opt(obj, "url"),
        canonical_url=_str_opt(obj, "canonical_url"),
        date=date,
        doc_type=_str_opt(obj, "doc_type"),
        authors=tuple(_to_name(n) for n in _req(obj, "authors", list, [])),
        recipients=tuple(_to_name(n) for n in _req(obj, "recipients", list, [])),
        participants=tuple(_to_name(n) for n in _req(obj, "participants", list, [])),
        collection=_str_opt(obj, "collection"),
        source=source,
        summary=_str_opt(obj, "summary"),
        credits=_strs(obj, "credits"),
        funders=_strs(obj, "funders"),
        original_languages=_strs(obj, "original_languages"),
        contents=tuple(contents),
        subjects=_strs(obj, "subjects"),
        body=_str_opt(obj, "body"),
        signature=_str_opt(obj, "signature"),
        extra=tuple(extra),
        citation=_str_opt(obj, "citation"),
        span=_span(obj.get("lines")),
        file=_str_opt(obj, "file"),
        diagnostics=diags,
    )


class JSONWriter:
    name = "json"
    extension = ".json"
    options: frozenset[str] = frozenset({"indent"})

    def write(self, records: Iterable[Record | FailedRecord], out: TextIO, *, indent: int | None = 2) -> None:
        """Stream a JSON array: one record at a time, constant memory."""
        out.write("[")
        first = True
        sep = "\n" if indent is not None else ""
        for rec in records:
            text = escape_surrogates(json.dumps(record_to_dict(rec), ensure_ascii=False, indent=indent))
            if indent is not None:
                text = "\n".join(" " * indent + line for line in text.split("\n"))
            out.write(("" if first else ",") + sep + text)
            first = False
        out.write(sep + "]\n" if not first else "]\n")


class JSONReader:
    name = "json"

    def detect(self, head: str) -> bool:
        s = head.lstrip("\ufeff \t\r\n")
        return s[:1] in ("[", "{") and '"schema"' in head[:4096]

    def read(
        self, text: str | TextIO, *, file: str | None = None, strict: bool = False
    ) -> Iterator[Record | FailedRecord]:
        raw = text if isinstance(text, str) else text.read()
        data = load_json_list(raw, file, container="records", expected="a JSON array of records")
        yield from iter_json_items(data, raw, file, strict, convert=record_from_dict, noun="record")


def load_json_list(raw: str, file: str | None, *, container: str, expected: str) -> list[Any]:
    """The JSON array in ``raw`` (an object holding one under ``container``, or a single object,
    counts as a list). ``ParseError`` (``invalid-json``) for anything else."""
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        diag = Diagnostic("invalid-json", "error", f"not valid JSON: {exc.msg}", file, exc.lineno)
        raise ParseError(diag.format(), (diag,)) from None
    except RecursionError:
        diag = Diagnostic("invalid-json", "error", "JSON nested too deeply", file, 1)
        raise ParseError(diag.format(), (diag,)) from None
    if isinstance(data, dict):
        inner = data.get(container)
        data = inner if isinstance(inner, list) else [data]
    if not isinstance(data, list):
        diag = Diagnostic("invalid-json", "error", f"expected {expected}", file, 1)
        raise ParseError(diag.format(), (diag,))
    return data


def iter_json_items(
    data: list[Any],
    raw: str,
    file: str | None,
    strict: bool,
    *,
    convert: Callable[[Any], Record | FailedRecord],
    noun: str,
) -> Iterator[Record | FailedRecord]:
    """Convert each item of a JSON array: lone surrogates replaced (``invalid-unicode``), an
    item that cannot be read kept as a failed record (``invalid-record``), or ``ParseError``
    in strict mode. Shared by the JSON and CSL-JSON readers."""
    escapes = raw if _has_surrogate_escape(raw) else ""  # searched once, not per item
    for index, obj in enumerate(data):
        try:
            obj, bad = replace_surrogates(escapes, obj)
            rec = convert(obj)
        except RecursionError:
            diag = Diagnostic("invalid-json", "error", f"{noun} #{index + 1}: nested too deeply", file)
            raise ParseError(diag.format(), (diag,)) from None
        except (ValueError, TypeError) as exc:
            diag = Diagnostic("invalid-record", "error", f"{noun} #{index + 1}: {exc}", file, None)
            if strict:
                raise ParseError(diag.format(), (diag,)) from None
            yield FailedRecord(
                raw=json.dumps(obj, ensure_ascii=False),
                span=LineSpan(1, 1),
                diagnostics=(diag,),
                file=file,
            )
            continue
        if bad:
            diag = surrogate_diagnostic(bad, file)
            if strict:
                raise ParseError(diag.format(), (diag,))
            rec = attrs.evolve(rec, diagnostics=(*rec.diagnostics, diag))
        yield rec


def dumps(records: Iterable[Record | FailedRecord], *, indent: int | None = 2) -> str:
    import io

    buf = io.StringIO()
    JSONWriter().write(records, buf, indent=indent)
    return buf.getvalue()


def loads(text: str, *, strict: bool = False) -> list[Record | FailedRecord]:
    return list(JSONReader().read(text, strict=strict))


WRITERS = {"json": JSONWriter()}
READERS = {"json": JSONReader()}
