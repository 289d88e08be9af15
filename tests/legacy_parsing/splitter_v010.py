"""The read layer: bytes or text -> normalised text blocks -> raw records with line numbers.

Interprets nothing beyond what is needed to find record boundaries:

- a separator line (``====``, ``----``, ``****``, ``____``, ``~~~~``, ``####``: three or more) or
  a form feed;
- a header label (``Citation:``, ``Summary:``, ``Credits:``, ``Original Language:``,
  ``Contents:``) that the current record already has: the new record starts at the title line
  before it, and at the page date line before the title if there is one;
- a bare citation line (``"Title," Date, … Digital Archive, …``) standing on its own: one
  record per citation (a URL on the next line belongs to it).

The scan works on whole blocks of text with one regular expression, so that body lines
cost nothing; streams are read in blocks of about 1 MiB, and memory is bounded by the block
size plus the largest record.
"""

from __future__ import annotations

import codecs
import io
import re
from collections.abc import Iterable, Iterator
from typing import IO, Any

import attrs

from archivecite.errors import Diagnostic
from archivecite.parsing.dates import looks_like_date_line
from legacy_parsing.labels_v010 import label_key

BLOCK = 1 << 20

# Events are found at line starts only ("\n" is a literal prefix: the regex engine jumps from
# newline to newline); the scanned text gets a leading "\n" so that its first line counts.
_EVENTS = re.compile(
    r"\n(?=[ \t]*[=\-*_~#CcSsAaOo\"“])[ \t]*(?:"
    r"(?P<sep>(?:={3,}|-{3,}|\*{3,}|_{3,}|~{3,}|\#{3,}))[ \t]*(?=\n|$)"
    r"|(?P<label>citation|summary|abstract|credits?|original[ \t]+languages?|contents)[ \t]*:"
    r"|(?P<quote>[\"“]))",
    re.I,
)
_LABEL_KEYS = {
    "citation": "citation",
    "summary": "summary",
    "abstract": "summary",
    "credits": "credits",
    "credit": "credits",
    "contents": "contents",
}
_LABEL_AS_WRITTEN = {
    "Citation": "citation",
    "Summary": "summary",
    "Abstract": "summary",
    "Credits": "credits",
    "Credit": "credits",
    "Original Language": "original language",
    "Original Languages": "original language",
    "Contents": "contents",
}
_URL_ONLY = re.compile(r"^[ \t]*<?https?://\S+>?\.?[ \t]*$", re.I)
_BARE_CITATION = re.compile(r"^\s*[\"“].{3,}?(?:[\"”],|,[\"”]).*?\bDigital Archive\b", re.I)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
# what _normalise removes or replaces: control characters, and lone surrogates (text passed as
# ``str`` can hold them; no encoding can write them)
_UNREADABLE = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f\ud800-\udfff]")
_CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0B, *range(0x0E, 0x20), 0x7F])
_NONBLANK = re.compile(r"\S")
_SEPARATOR_LINE = re.compile(r"^[ \t]*(?:={3,}|-{3,}|\*{3,}|_{3,}|~{3,}|#{3,})[ \t]*$")
_ISO_DATE_LINE = re.compile(r"^\d{4}(-\d{2}){0,2}$")


@attrs.define
class RawRecord:
    """One record's text as read (``\\n`` line ends, no trailing newline handling), the
    physical line number of its first line, and the file it came from."""

    text: str
    first_line: int = 1
    file: str | None = None
    diagnostics: list[Diagnostic] = attrs.Factory(list)
    bare: bool = False

    @property
    def lines(self) -> list[str]:
        return self.text.split("\n")

    def line_number(self, index: int) -> int:
        return self.first_line + index

    @property
    def start(self) -> int:
        """Line number of the first non-blank line."""
        m = _NONBLANK.search(self.text)
        if m is None:
            return self.first_line
        return self.first_line + self.text.count("\n", 0, m.start())

    @property
    def end(self) -> int:
        """Line number of the last non-blank line."""
        text = self.text
        if text[-1:].isspace():  # (rstrip() copies the text: only when there is something to strip)
            text = text.rstrip()
        return self.first_line + text.count("\n")


# --- decoding into normalised blocks ---------------------------------------------------------


def _has_control(text: str) -> bool:
    """Same as ``_UNREADABLE.search(text)``, several times faster: the control characters are
    single bytes in UTF-8 that never occur inside a multi-byte sequence, and a lone surrogate
    makes the (strict) encoding fail."""
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError:
        return True  # a lone surrogate
    return len(data.translate(None, _CONTROL_BYTES)) != len(data)


def _normalise(text: str, first_line: int, file: str | None, diags: list[Diagnostic]) -> str:
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _has_control(text):
        seen: set[tuple[int, bool]] = set()
        line, counted = first_line, 0  # newlines counted from the previous match: linear
        for m in _UNREADABLE.finditer(text):
            line += text.count("\n", counted, m.start())
            counted = m.start()
            code = ord(m.group())
            surrogate = code >= 0xD800
            if (line, surrogate) not in seen:
                seen.add((line, surrogate))
                diags.append(
                    Diagnostic(
                        "invalid-unicode",
                        "warning",
                        f"lone surrogate U+{code:04X} (no encoding can hold it) replaced by U+FFFD",
                        file,
                        line,
                    )
                    if surrogate
                    else Diagnostic(
                        "control-characters",
                        "warning",
                        f"control character U+{code:04X} removed",
                        file,
                        line,
                    )
                )
        text = _UNREADABLE.sub(lambda m: "\ufffd" if m.group() >= "\ud800" else "", text)
    return text


def _decode(data: bytes, first_line: int, offset: int, file: str | None, diags: list[Diagnostic]) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    out: list[str] = []
    pos = offset
    for i, raw in enumerate(data.split(b"\n")):
        try:
            out.append(raw.decode("utf-8"))
        except UnicodeDecodeError as exc:
            diags.append(
                Diagnostic(
                    "invalid-utf8",
                    "warning",
                    f"byte {pos + exc.start} (0x{raw[exc.start]:02x}) is not valid UTF-8; "
                    "line decoded as Windows-1252",
                    file,
                    first_line + i,
                )
            )
            out.append(raw.decode("cp1252", errors="replace"))
        pos += len(raw) + 1
    return "\n".join(out)


def text_blocks(
    source: str | bytes | IO[Any] | Iterable[str], file: str | None, diags: list[Diagnostic]
) -> Iterator[str]:
    """Normalised text in blocks that end at line ends (``\\r\\n`` and ``\\r`` become ``\\n``).

    Bytes are UTF-8 (a BOM is dropped; UTF-16 with a BOM is decoded; bytes that are not UTF-8
    are decoded as Windows-1252 for that line, with an ``invalid-utf8`` diagnostic giving the
    byte offset). Control characters other than tab, newline and form feed are removed with a
    ``control-characters`` diagnostic.
    """
    line = 1
    if isinstance(source, bytes):
        source = io.BytesIO(source)
    if isinstance(source, str):
        if source.startswith("\ufeff"):
            source = source[1:]
        # normalise in blocks too, so that a huge string is not copied whole more than once
        pos = 0
        n = len(source)
        while pos < n:
            end = source.find("\n", min(pos + BLOCK, n))
            end = n if end < 0 else end + 1
            block = _normalise(source[pos:end], line, file, diags)
            line += block.count("\n")
            pos = end
            yield block
        return
    read = getattr(source, "read", None)
    if read is None:  # an iterable of lines
        buf: list[str] = []
        size = 0
        first = True
        for item in source:
            if first and isinstance(item, str) and item.startswith("\ufeff"):
                item = item[1:]
            first = False
            piece = item if isinstance(item, str) else bytes(item).decode("utf-8", "replace")
            if not piece.endswith("\n"):
                piece += "\n"
            buf.append(piece)
            size += len(piece)
            if size >= BLOCK:
                block = _normalise("".join(buf), line, file, diags)
                line += block.count("\n")
                buf, size = [], 0
                yield block
        if buf:
            yield _normalise("".join(buf), line, file, diags)
        return
    readline = getattr(source, "readline", None)
    head = read(4)
    if isinstance(head, str):  # a text stream
        if head.startswith("\ufeff"):
            head = head[1:]
        pending = head
        while True:
            chunk = read(BLOCK)
            if chunk and readline is not None:
                chunk += readline()
            if not chunk:
                if pending:
                    yield _normalise(pending, line, file, diags)
                return
            block = _normalise(pending + chunk, line, file, diags)
            pending = ""
            line += block.count("\n")
            yield block
    # a binary stream
    if head[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        data = head + read()
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            diags.append(
                Diagnostic(
                    "invalid-utf16", "warning", f"byte {exc.start} is not valid UTF-16; replaced", file, 1
                )
            )
            text = data.decode("utf-16", errors="replace")
        yield from text_blocks(text, file, diags)
        return
    offset = 0
    if head.startswith(codecs.BOM_UTF8):
        head = head[3:]
        offset = 3
    pending_b = head
    while True:
        chunk_b = read(BLOCK)
        if chunk_b and readline is not None:
            chunk_b += readline()
        data = pending_b + chunk_b
        pending_b = b""
        if not data:
            return
        if chunk_b and not data.endswith(b"\n") and readline is None:
            cut = data.rfind(b"\n") + 1
            if cut > 0:
                data, pending_b = data[:cut], data[cut:]
        text = _normalise(_decode(data, line, offset, file, diags), line, file, diags)
        offset += len(data)
        line += text.count("\n")
        yield text
        if not chunk_b:
            if pending_b:
                yield _normalise(_decode(pending_b, line, offset, file, diags), line, file, diags)
            return


# --- splitting -------------------------------------------------------------------------------


def is_separator(line: str) -> bool:
    return line == "\f" or bool(_SEPARATOR_LINE.match(line))


def is_bare_citation(line: str) -> bool:
    return bool(_BARE_CITATION.match(line))


def _prev_nonblank_line(buf: str, before: int, floor: int) -> tuple[int, int] | None:
    """The last non-blank line that ends before offset ``before`` (and starts at or after ``floor``)."""
    end = before - 1  # the newline before ``before``
    while end > floor:
        start = buf.rfind("\n", floor, end) + 1
        if start < floor:
            start = floor
        if buf[start:end].strip():
            return start, end
        end = start - 1
    return None


def is_record_date_line(line: str) -> bool:
    """A page's date line (``October 28, 1962``, ``November 1967``, ``1971``) as opposed to a
    letter's closing date (``28 October 1962``), which starts with the day."""
    s = line.strip()
    if not s:
        return False
    if s[0].isdigit() and not (len(s) == 4 and s.isdigit()):
        return bool(_ISO_DATE_LINE.match(s))
    return looks_like_date_line(s)


def _scan(buf: str, final: bool) -> tuple[list[tuple[int, int, bool]], int]:
    """Record spans ``(start, end, bare)`` found in ``buf``; and where the unfinished last
    record starts (``len(buf)`` when ``final`` and everything was emitted)."""
    if "\f" not in buf:
        return _scan_segment(buf, final)
    spans: list[tuple[int, int, bool]] = []
    base = 0
    parts = buf.split("\f")
    for i, part in enumerate(parts):
        last = i == len(parts) - 1
        found, keep = _scan_segment(part, final or not last)
        spans.extend((a + base, b + base, bare) for a, b, bare in found)
        if last:
            return spans, keep + base
        base += len(part) + 1
    raise AssertionError("unreachable")


def _scan_segment(text: str, final: bool) -> tuple[list[tuple[int, int, bool]], int]:
    buf = "\n" + text  # offsets below are in buf; spans are returned in text (minus 1)
    out: list[tuple[int, int, bool]] = []
    rec_start = 1
    seen: set[str] = set()
    citation_label_end = -1
    pos = 0
    n = len(buf)
    while True:
        m = _EVENTS.search(buf, pos)
        if m is None:
            break
        kind = m.lastgroup
        ls = m.start() + 1
        le = buf.find("\n", ls)
        if le < 0:
            le = n
        if kind == "sep":
            out.append((rec_start, ls, False))
            rec_start = min(le + 1, n)
            pos = le
            seen.clear()
            continue
        if kind == "label":
            label = m.group("label")
            key = _LABEL_AS_WRITTEN.get(label)  # the usual spellings, without normalising
            if key is None:
                name = " ".join(label.casefold().split())
                key = _LABEL_KEYS.get(name, "original language" if name.startswith("original") else name)
            if key in seen:
                prev = _prev_nonblank_line(buf, ls, rec_start)
                if prev is not None and label_key(buf[prev[0] : prev[1]].strip()) is None:
                    cut = prev[0]
                    before = _prev_nonblank_line(buf, prev[0], rec_start)
                    if before is not None and is_record_date_line(buf[before[0] : before[1]]):
                        cut = before[0]
                    out.append((rec_start, cut, False))
                    rec_start = cut
                    seen.clear()
            seen.add(key)
            citation_label_end = le if key == "citation" else -1
            pos = le
            continue
        # a line starting with a quotation mark
        pos = le
        if citation_label_end >= 0 and not buf[citation_label_end:ls].strip():
            citation_label_end = -1
            continue  # the citation of this record
        citation_label_end = -1
        if buf[rec_start:ls].strip() or not is_bare_citation(buf[ls:le]):
            continue
        # a bare citation: it and a following URL-only line form one record
        end = le
        nxt = _NONBLANK.search(buf, le)
        if nxt is None and not final:
            return [(a - 1, b - 1, bare) for a, b, bare in out], rec_start - 1
        if nxt is not None:
            ns = buf.rfind("\n", 0, nxt.start()) + 1
            ne = buf.find("\n", nxt.start())
            ne = n if ne < 0 else ne
            if _URL_ONLY.match(buf[ns:ne]):
                end = ne
        if rec_start < ls:
            out.append((rec_start, ls, False))
        out.append((ls, end, True))
        rec_start = min(end + 1, n)
        pos = end
        seen.clear()
    shifted = [(a - 1, b - 1, bare) for a, b, bare in out]
    if final:
        shifted.append((rec_start - 1, n - 1, False))
        return shifted, n - 1
    return shifted, rec_start - 1


def split_records(
    source: str | bytes | IO[Any] | Iterable[str], file: str | None = None
) -> Iterator[RawRecord]:
    """Split input into raw records, in order, streaming.

    Decoding diagnostics go to the record whose lines they concern (those on blank or
    separator lines between records, to the next record); ``text_blocks`` appends them to one
    list, read here with a moving index, so the cost is linear in their number.
    """
    diags: list[Diagnostic] = []
    taken = 0  # diags[:taken] were handed to records
    ordered = 0  # diags[:ordered] are sorted by line
    buf = ""
    buf_line = 1
    blocks = text_blocks(source, file, diags)
    final = False
    # blocks read since the last scan, joined to ``buf`` only when scanning; a scan that leaves
    # a long unfinished record waits until the buffer has doubled, so that one huge record is
    # scanned and copied a bounded number of times per byte (linear), not once per block
    pending: list[str] = []
    pending_len = 0
    scan_at = BLOCK // 2
    while not final:
        block = next(blocks, None)
        if block is None:
            final = True
        else:
            pending.append(block)
            pending_len += len(block)
            if len(buf) + pending_len < scan_at:
                continue
        if pending:
            buf = buf + "".join(pending) if buf else "".join(pending)
            pending, pending_len = [], 0
        if ordered < len(diags):  # one block's decoding and control-character findings, by line
            diags[ordered:] = sorted(diags[ordered:], key=lambda d: d.line or 0)
            ordered = len(diags)
        spans, keep = _scan(buf, final)
        line = buf_line
        counted = 0
        for start, end, bare in spans:
            text = buf[start:end]
            if not text or text.isspace():
                continue
            line += buf.count("\n", counted, start)
            counted = start
            first = line
            rec_diags: list[Diagnostic] = []
            if taken < len(diags):
                # fixed after 0.1.0: the span's own last line, not the line after it (a span
                # that ends at the start of a line ends with the newline before it)
                ends_at_line_start = end < len(buf) and buf[end] != "\f" and text.endswith("\n")
                last = first + text.count("\n") - ends_at_line_start
                begin = taken
                while taken < len(diags) and (diags[taken].line or 0) <= last:
                    taken += 1
                rec_diags = diags[begin:taken]
            yield RawRecord(text.rstrip("\n") if not bare else text, first, file, rec_diags, bare)
        if taken:
            del diags[:taken]  # in place: text_blocks keeps appending to this list
            ordered -= taken
            taken = 0
        buf_line = line + buf.count("\n", counted, keep)
        buf = buf[keep:]
        scan_at = max(BLOCK // 2, 2 * len(buf))
    if diags:  # problems on lines that belong to no record (trailing blank lines, separators)
        yield RawRecord("", diags[0].line or 1, file, list(diags), False)
