"""The read layer: bytes or text -> normalised text blocks -> raw records with line numbers.

Interprets nothing beyond what is needed to find record boundaries:

- a separator line (``====``, ``----``, ``****``, ``____``, ``~~~~``, ``####``: three or more) or
  a form feed;
- a header label (``Citation:``, ``Summary:``, ``Credits:``, ``Original Language:``,
  ``Contents:``) that the current record already has: the new record starts at the title line
  before it, and at the page date line before the title if there is one;
- a bare citation line (``"Title," Date, … Digital Archive, …``) standing on its own: one
  record per citation (a URL on the next line belongs to it).

Each block of text is split into lines once (the records are handed their lines, which the
next layer reads); only lines that start with a character a separator, a label or a
quotation mark can start with are matched against a regular expression. Streams are read in
blocks of about 256 KiB, and memory is bounded by the block size plus the largest record.
"""

from __future__ import annotations

import codecs
import io
import re
from collections.abc import Callable, Iterable, Iterator
from typing import IO, Any

import attrs

from ..errors import Diagnostic
from .dates import looks_like_date_line
from .labels import label_key

#: Input is decoded, checked and scanned in blocks of this many characters (ending at a line
#: end). 256 KiB rather than 1 MiB: each pass over a block (decoding, the control-character
#: check, the scan, the copies) then reads it from the processor's cache, not from memory,
#: which halves the cost of those passes (``python bench/bench_parse.py``).
BLOCK = 1 << 18

#: A line that ends a record or starts one (``_EVENT`` matches its start): a separator line,
#: a header label, or a quoted (bare) citation.
_EVENT = re.compile(
    r"[ \t]*(?:"
    r"(?P<sep>(?:={3,}|-{3,}|\*{3,}|_{3,}|~{3,}|\#{3,}))[ \t]*$"
    r"|(?P<label>citation|summary|abstract|credits?|original[ \t]+languages?|contents)[ \t]*:"
    r"|(?P<quote>[\"“]))",
    re.I,
)
#: The characters such a line can start with (after spaces or tabs, which ``_EVENT`` takes):
#: a quotation mark (a quote line needs no more reading), a label's first letter in either
#: case (and 'ſ', which ``re.I`` matches for 's'; a label line has a colon), a separator's.
#: Lines starting otherwise (most of a record) are not matched against ``_EVENT``.
_QUOTE_START = '"“'
_LABEL_START = "CcSsAaOoſ"
_OTHER_START = " \t=-*_~#"
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
#: Label lines as usually written, and their keys (what ``_EVENT`` and the rules below give).
_USUAL_LABEL_LINES = {label + ":": key for label, key in _LABEL_AS_WRITTEN.items()}
_URL_ONLY = re.compile(r"^[ \t]*<?https?://\S+>?\.?[ \t]*$", re.I)
_BARE_CITATION = re.compile(r"^\s*[\"“].{3,}?(?:[\"”],|,[\"”]).*?\bDigital Archive\b", re.I)
# what _normalise removes or replaces: control characters, and lone surrogates (text passed as
# ``str`` can hold them; no encoding can write them)
_UNREADABLE = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f\ud800-\udfff]")
# (built with chr(): mypyc, which compiles this module, takes no surrogate in a string literal)
_FIRST_SURROGATE = chr(0xD800)
_CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0B, *range(0x0E, 0x20), 0x7F])
_CHECK_PIECE = 1 << 15
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
    #: ``text.split("\n")``, when the splitter has the lines already (it hands each record
    #: the lines it read); shared, not to be modified.
    split_lines: list[str] | None = attrs.field(default=None, eq=False, repr=False)

    @property
    def lines(self) -> list[str]:
        """The text's lines (``text.split("\n")``)."""
        found = self.split_lines
        return found if found is not None else self.text.split("\n")

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
        return self.first_line + last_nonblank(self.lines)


def last_nonblank(lines: list[str]) -> int:
    """Index of the last line that is not blank (0 when all are)."""
    last = len(lines) - 1
    while last > 0 and (not lines[last] or lines[last].isspace()):
        last -= 1
    return last


# --- decoding into normalised blocks ---------------------------------------------------------


def _has_control(text: str) -> bool:
    """Same as ``_UNREADABLE.search(text)``, several times faster: the control characters are
    single bytes in UTF-8 that never occur inside a multi-byte sequence, and a lone surrogate
    makes the (strict) encoding fail.

    Checked in pieces of :data:`_CHECK_PIECE` characters: the copies (encoded, translated) are
    then small, reuse the same memory and stay in the processor's cache, where one copy of a
    whole block would be a fresh large allocation (page faults) each time."""
    n = len(text)
    pos = 0
    while pos < n:
        piece = text[pos : pos + _CHECK_PIECE] if pos or n > _CHECK_PIECE else text
        try:
            data = piece.encode("utf-8")
        except UnicodeEncodeError:
            return True  # a lone surrogate
        if len(data.translate(None, _CONTROL_BYTES)) != len(data):
            return True
        pos += _CHECK_PIECE
    return False


def _needs_normalising(text: str) -> bool:
    """Whether :func:`_normalise` changes ``text`` (CR line ends, control characters)."""
    return "\r" in text or _has_control(text)


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
        text = _UNREADABLE.sub(lambda m: "\ufffd" if m.group() >= _FIRST_SURROGATE else "", text)
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


def _to_line_end(data: Any, read: Callable[[int], Any], newline: Any) -> tuple[Any, Any, bool]:
    """A block of a stream without ``readline`` made to end at a line end, as every block does:
    ``data`` up to its last ``newline``, the rest (kept for the next block), and whether the
    stream ended. A line longer than the block is read on to its end (joined once: linear).
    (``str`` or ``bytes`` alike: typed ``Any``, as mypyc takes no ``AnyStr`` here.)"""
    cut = data.rfind(newline) + 1
    if cut > 0:
        return data[:cut], data[cut:], False
    parts = [data]
    more = data
    while more and newline not in more:
        more = read(BLOCK)
        parts.append(more)
    whole = data[:0].join(parts)
    if not more:
        return whole, data[:0], True
    cut = whole.rfind(newline) + 1
    return whole[:cut], whole[cut:], False


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
        # normalise in blocks too, so that a huge string is not copied whole more than once.
        # A block's first line number only matters when _normalise reports something in it;
        # the blocks it leaves as they are (the usual case) are not counted one by one: their
        # newlines are counted in ``source`` (from ``counted``) when a later block needs them.
        pos = 0
        n = len(source)
        counted = 0
        while pos < n:
            end = source.find("\n", min(pos + BLOCK, n))
            end = n if end < 0 else end + 1
            block = source[pos:end]
            if _needs_normalising(block):
                line += source.count("\n", counted, pos)
                block = _normalise(block, line, file, diags)
                line += block.count("\n")
                counted = end
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
            chunk = pending + chunk
            pending = ""
            if readline is None:
                chunk, pending, _ = _to_line_end(chunk, read, "\n")
            block = _normalise(chunk, line, file, diags)
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
        if chunk_b and readline is None:
            data, pending_b, ended = _to_line_end(data, read, b"\n")
            if ended:
                chunk_b = b""
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


def is_record_date_line(line: str) -> bool:
    """A page's date line (``October 28, 1962``, ``November 1967``, ``1971``) as opposed to a
    letter's closing date (``28 October 1962``), which starts with the day."""
    s = line.strip()
    if not s:
        return False
    if s[0].isdigit() and not (len(s) == 4 and s.isdigit()):
        return bool(_ISO_DATE_LINE.match(s))
    return looks_like_date_line(s)


def _label_key_of(label: str) -> str:
    """The key of a header label as ``_EVENT`` found it ("Citation", "original  languages")."""
    key = _LABEL_AS_WRITTEN.get(label)  # the usual spellings, without normalising
    if key is None:
        name = " ".join(label.casefold().split())
        key = _LABEL_KEYS.get(name, "original language" if name.startswith("original") else name)
    return key


def _prev_nonblank(lines: list[str], before: int, floor: int) -> int:
    """The index of the last non-blank line in ``lines[floor:before]``; -1 when there is none."""
    i = before - 1
    while i >= floor:
        line = lines[i]
        if line and not line.isspace():
            return i
        i -= 1
    return -1


class _Scan:
    """Where the scan of the unfinished record stopped, and what it had read of it.

    The next scan goes on from there rather than reading the record again from its first line,
    which would read that line without what came before it (a citation line that followed the
    previous record's Citation label would become a bare citation): so where the blocks end
    changes nothing."""

    def __init__(self) -> None:
        self.resume = 0  # the index of the first line not read yet
        self.seen: set[str] = set()  # the header labels of the record so far
        self.citation_label = -1  # the index of a Citation label line whose citation may follow


def _scan_lines(lines: list[str], final: bool, state: _Scan) -> tuple[list[tuple[int, int, bool]], int]:
    """Record spans ``(first, end, bare)`` in ``lines`` (line indexes, ``end`` not included), and
    the index where the unfinished last record starts (``len(lines)`` when ``final``: every
    line was handed out). ``lines`` start with the unfinished record of the last scan, and the
    scan goes on from where that one stopped (``state``, updated for ``lines[keep:]``).

    Unless ``final``, the last line is unfinished (it goes on in the next block) and is not
    read yet."""
    out: list[tuple[int, int, bool]] = []
    rec_start = 0
    seen = state.seen
    citation_label = state.citation_label
    count = len(lines)
    n = count if final else count - 1
    i = state.resume - 1
    while True:
        i += 1
        if i >= n:
            break
        line = lines[i]
        if not line:
            continue
        c = line[0]
        if c in _QUOTE_START:
            kind, key = "quote", ""
        elif c in _LABEL_START:
            if ":" not in line:
                continue
            found = _USUAL_LABEL_LINES.get(line)
            if found is None:
                m = _EVENT.match(line)
                if m is None:
                    continue
                found = _label_key_of(m.group("label"))
            key = found
            kind = "label"
        elif c in _OTHER_START:
            m = _EVENT.match(line)
            if m is None:
                continue
            kind = m.lastgroup or ""
            key = _label_key_of(m.group("label")) if kind == "label" else ""
        else:
            continue
        if kind == "label":
            if key in seen:
                # a label this record has already: a new record starts at the title before it
                # (and at the page date line before the title, if there is one)
                prev = _prev_nonblank(lines, i, rec_start)
                if prev >= 0 and label_key(lines[prev].strip()) is None:
                    cut = prev
                    before = _prev_nonblank(lines, prev, rec_start)
                    if before >= 0 and is_record_date_line(lines[before]):
                        cut = before
                    out.append((rec_start, cut, False))
                    rec_start = cut
                    seen.clear()
            seen.add(key)
            citation_label = i if key == "citation" else -1
            continue
        if kind == "sep":
            out.append((rec_start, i, False))
            rec_start = i + 1
            seen.clear()
            continue
        # a line starting with a quotation mark
        if citation_label >= 0 and _prev_nonblank(lines, i, citation_label + 1) < 0:
            citation_label = -1
            continue  # the citation of this record
        citation_label = -1
        if _prev_nonblank(lines, i, rec_start) >= 0 or not is_bare_citation(line):
            continue
        # a bare citation: it and a following URL-only line form one record
        end = i
        nxt = i + 1
        while nxt < n and (not (following := lines[nxt]) or following.isspace()):
            nxt += 1
        if nxt == n and not final:  # what follows it is not read yet: read it again then
            _keep_state(state, i - rec_start, seen, citation_label - rec_start)
            return out, rec_start
        if nxt < n and _URL_ONLY.match(lines[nxt]):
            end = nxt
        if rec_start < i:
            out.append((rec_start, i, False))
        out.append((i, end + 1, True))
        rec_start = end + 1
        i = end
        seen.clear()
    if final:
        out.append((rec_start, count, False))
        return out, count
    _keep_state(state, n - rec_start, seen, citation_label - rec_start)
    return out, rec_start


def _keep_state(state: _Scan, resume: int, seen: set[str], citation_label: int) -> None:
    """``state`` for the lines kept (indexes from the unfinished record's first line). A
    Citation label before that line (a separator came after it) counts as none: the separator
    line stands between it and any later line, as its blank-lines test finds."""
    state.resume = resume
    state.seen = seen
    state.citation_label = citation_label if citation_label >= 0 else -1


def split_records(
    source: str | bytes | IO[Any] | Iterable[str], file: str | None = None
) -> Iterator[RawRecord]:
    """Split input into raw records, in order, streaming.

    Each block of text is split into lines once; a record's lines are handed to it
    (:attr:`RawRecord.lines`) with its text. Decoding diagnostics go to the record whose lines
    they concern (those on blank or separator lines between records, to the next record);
    ``text_blocks`` appends them to one list, read here with a moving index, so the cost is
    linear in their number.
    """
    diags: list[Diagnostic] = []
    taken = 0  # diags[:taken] were handed to records
    ordered = 0  # diags[:ordered] are sorted by line
    lines: list[str] = [""]  # the lines not yet handed out; the last one is unfinished
    state = _Scan()  # how far the unfinished record in ``lines`` was read
    first = 1  # the physical line number of lines[0]
    blocks = text_blocks(source, file, diags)
    final = False
    while not final:
        # each block is scanned as it comes: a scan goes on where the last one stopped (_Scan),
        # so a record spanning many blocks is still read once, line by line
        block = next(blocks, None)
        final = block is None
        text = block or ""
        if ordered < len(diags):  # one block's decoding and control-character findings, by line
            diags[ordered:] = sorted(diags[ordered:], key=lambda d: d.line or 0)
            ordered = len(diags)
        # a form feed ends the records before it; the text after it goes on on the same line
        pieces = text.split("\f") if "\f" in text else [text]
        last_piece = len(pieces) - 1
        for p, piece in enumerate(pieces):
            new = piece.split("\n")
            new[0] = lines.pop() + new[0]
            if lines:
                lines.extend(new)
            else:
                lines = new
            done = final or p < last_piece
            spans, keep = _scan_lines(lines, done, state)
            for a, b, bare in spans:
                rec = lines[a:b]
                if not bare:
                    while rec and not rec[-1]:
                        rec.pop()  # (the text without its trailing newlines)
                if not rec:
                    continue
                rec_text = rec[0] if len(rec) == 1 else "\n".join(rec)
                if rec_text.isspace():
                    continue
                rec_diags: list[Diagnostic] = []
                if taken < len(diags):
                    last = first + b - 1  # the span's last line (blank lines included)
                    begin = taken
                    while taken < len(diags) and (diags[taken].line or 0) <= last:
                        taken += 1
                    rec_diags = diags[begin:taken]
                yield RawRecord(rec_text, first + a, file, rec_diags, bare, rec)
            if taken:
                del diags[:taken]  # in place: text_blocks keeps appending to this list
                ordered -= taken
                taken = 0
            if done:
                first += len(lines) - 1
                lines = [""]
                state = _Scan()
            elif keep:
                first += keep
                lines = lines[keep:]
    if diags:  # problems on lines that belong to no record (trailing blank lines, separators)
        yield RawRecord("", diags[0].line or 1, file, list(diags), False)
