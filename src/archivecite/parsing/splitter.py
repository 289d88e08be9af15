"""The read layer: bytes or text -> lines -> raw records (with line numbers).

Interprets nothing beyond what is needed to find record boundaries:

- a separator line (``====``, ``----``, ``****``, ``____`` of 3 or more, or a form feed);
- a ``Citation:`` (or other header) label that the current record already has: the new record
  starts at the title line before it, and at the date line before the title if there is one;
- a bare citation line (``"Title," Date, … Digital Archive, …``) standing on its own: one
  record per citation (a URL on the next line belongs to it).

Memory is bounded by the largest record, not by the input.
"""

from __future__ import annotations

import codecs
import io
import re
from collections.abc import Iterable, Iterator
from typing import BinaryIO, TextIO

import attrs

from ..errors import Diagnostic
from .dates import looks_like_date_line
from .labels import HEADER_SPLIT_KEYS, label_key

_SEPARATOR = re.compile(r"^\s*(?:={3,}|-{3,}|\*{3,}|_{3,}|~{3,}|#{3,})\s*$")
_URL_ONLY = re.compile(r"^\s*<?https?://\S+>?\.?\s*$", re.I)
_BARE_CITATION = re.compile(r"^\s*[\"“].{3,}?(?:[\"”],|,[\"”]).*?\bDigital Archive\b", re.I)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


@attrs.define
class RawRecord:
    """One record's lines as read (no line terminators), its first line number and the
    file it came from. ``numbers[i]`` is the physical line number of ``lines[i]``."""

    lines: list[str]
    numbers: list[int]
    file: str | None = None
    diagnostics: list[Diagnostic] = attrs.Factory(list)
    bare: bool = False

    @property
    def start(self) -> int:
        """Line number of the first non-blank line."""
        for i, line in enumerate(self.lines):
            if line.strip():
                return self.numbers[i]
        return self.numbers[0] if self.numbers else 1

    @property
    def end(self) -> int:
        for i in range(len(self.lines) - 1, -1, -1):
            if self.lines[i].strip():
                return self.numbers[i]
        return self.start

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


# --- decoding ------------------------------------------------------------------------------


def _decode_line(raw: bytes, lineno: int, offset: int, file: str | None, diags: list[Diagnostic]) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        diags.append(
            Diagnostic(
                "invalid-utf8",
                "warning",
                f"byte {exc.start + offset} (0x{raw[exc.start]:02x}) is not valid UTF-8; "
                "line decoded as Windows-1252",
                file,
                lineno,
            )
        )
        return raw.decode("cp1252", errors="replace")


def iter_lines(
    source: str | bytes | TextIO | BinaryIO | Iterable[str], file: str | None, diags: list[Diagnostic]
) -> Iterator[tuple[int, str]]:
    """Yield ``(line_number, text)`` with line endings removed (``\\r\\n``, ``\\r``, ``\\n``).

    Byte input is decoded as UTF-8 (a UTF-8 BOM is dropped, UTF-16 with a BOM is decoded,
    invalid bytes fall back to Windows-1252 for that line with an ``invalid-utf8``
    diagnostic). Form feeds become separator lines (``\\f``) on the same line number.
    NUL and other control characters are removed with a ``control-characters`` diagnostic.
    """
    if isinstance(source, bytes):
        source = io.BytesIO(source)
    if isinstance(source, str):
        lines: Iterable[str] | None = source.split("\n")
        binary: BinaryIO | None = None
    elif isinstance(source, io.TextIOBase) or (hasattr(source, "read") and isinstance(getattr(source, "encoding", None), str)):
        lines = source  # type: ignore[assignment]
        binary = None
    elif hasattr(source, "read"):
        binary = source  # type: ignore[assignment]
        lines = None
    else:
        lines = source  # an iterable of str
        binary = None

    if binary is not None:
        head = binary.read(4)
        if head[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
            enc = "utf-16"
            data = head + binary.read()
            try:
                text = data.decode(enc)
            except UnicodeDecodeError as exc:
                diags.append(Diagnostic("invalid-utf16", "warning", f"byte {exc.start} is not valid UTF-16; replaced", file, 1))
                text = data.decode(enc, errors="replace")
            yield from iter_lines(text, file, diags)
            return
        rest: Iterable[bytes] = binary
        first = head
        if first.startswith(codecs.BOM_UTF8):
            first = first[3:]
        yield from _iter_binary(first, rest, file, diags)
        return

    assert lines is not None
    n = 0
    first_line = True
    for line in lines:
        n += 1
        if first_line:
            first_line = False
            if line.startswith("\ufeff"):
                line = line[1:]
        if line.endswith("\n"):
            line = line[:-1]
        yield from _split_physical(line, n, file, diags)


def _iter_binary(first: bytes, rest: Iterable[bytes], file: str | None, diags: list[Diagnostic]) -> Iterator[tuple[int, str]]:
    # Read line by line; the first 4 bytes were already consumed.
    buf = first
    n = 0
    offset = 0
    it = iter(rest)
    pending = buf
    while True:
        nl = pending.find(b"\n")
        if nl < 0:
            chunk = next(it, None)
            if chunk is None:
                break
            pending += chunk
            continue
        raw, pending = pending[: nl + 1], pending[nl + 1 :]
        n += 1
        text = _decode_line(raw[:-1], n, offset, file, diags)
        offset += len(raw)
        yield from _split_physical(text, n, file, diags)
    if pending:
        n += 1
        yield from _split_physical(_decode_line(pending, n, offset, file, diags), n, file, diags)


def _split_physical(line: str, n: int, file: str | None, diags: list[Diagnostic]) -> Iterator[tuple[int, str]]:
    if line.endswith("\r"):
        line = line[:-1]
    if "\r" in line or "\f" in line or _CONTROL.search(line):
        if _CONTROL.search(line):
            diags.append(Diagnostic("control-characters", "warning", "control characters (such as NUL) removed", file, n))
            line = _CONTROL.sub("", line)
        for part in re.split(r"(\f)|\r", line):
            if part is None:
                continue
            yield n, part
        return
    yield n, line


# --- splitting -----------------------------------------------------------------------------


def is_separator(line: str) -> bool:
    return line == "\f" or bool(_SEPARATOR.match(line))


def is_bare_citation(line: str) -> bool:
    return bool(_BARE_CITATION.match(line))


def split_records(
    source: str | bytes | TextIO | BinaryIO | Iterable[str], file: str | None = None
) -> Iterator[RawRecord]:
    """Split input into raw records, in order, streaming."""
    diags: list[Diagnostic] = []
    lines: list[str] = []
    nums: list[int] = []
    seen: set[str] = set()
    bare = False
    after_citation_label = False

    def emit(upto: int | None = None) -> Iterator[RawRecord]:
        nonlocal lines, nums, diags
        if upto is None:
            upto = len(lines)
        chunk_lines, chunk_nums = lines[:upto], nums[:upto]
        lines, nums = lines[upto:], nums[upto:]
        if any(s.strip() for s in chunk_lines) or diags:
            rec = RawRecord(chunk_lines, chunk_nums, file, diags, bare)
            diags = []
            if not any(s.strip() for s in chunk_lines):
                # only diagnostics (e.g. a decoding problem on a blank line): keep them for the next
                diags = rec.diagnostics
                return
            yield rec

    for n, line in iter_lines(source, file, diags):
        stripped = line.strip()
        if not stripped:
            if line == "\f":
                yield from emit()
                seen.clear()
                bare = after_citation_label = False
                continue
            lines.append(line)
            nums.append(n)
            continue
        if _SEPARATOR.match(stripped):
            yield from emit()
            seen.clear()
            bare = after_citation_label = False
            continue
        if bare:
            if _URL_ONLY.match(stripped):
                lines.append(line)
                nums.append(n)
                continue
            yield from emit()
            seen.clear()
            bare = False
        key = label_key(stripped) if ":" in stripped else None
        if key is not None:
            if key in seen and key in HEADER_SPLIT_KEYS:
                cut = _record_start(lines)
                if cut is not None:
                    yield from emit(cut)
                    seen.clear()
            seen.add(key)
            after_citation_label = key == "citation"
            lines.append(line)
            nums.append(n)
            continue
        if not after_citation_label and stripped[0] in "\"“" and is_bare_citation(stripped):
            if not any(s.strip() for s in lines):
                yield from emit()
                bare = True
                lines.append(line)
                nums.append(n)
                continue
        after_citation_label = False
        lines.append(line)
        nums.append(n)
    yield from emit()
    if diags:  # diagnostics with no record left to carry them
        yield RawRecord([], [], file, diags, False)


def _record_start(lines: list[str]) -> int | None:
    """Index where a new record begins, looking back from a repeated header label:
    the title line, or the date line before it."""
    i = len(lines) - 1
    while i >= 0 and not lines[i].strip():
        i -= 1
    if i < 0:
        return None
    title = i
    if label_key(lines[title].strip()) is not None:
        return None
    j = title - 1
    while j >= 0 and not lines[j].strip():
        j -= 1
    if j >= 0 and is_record_date_line(lines[j]):
        return j
    return title


def is_record_date_line(line: str) -> bool:
    """A page's date line (``October 28, 1962``, ``November 1967``, ``1971``) as opposed to a
    letter's closing date (``28 October 1962``), which starts with the day."""
    s = line.strip()
    if not s:
        return False
    if s[0].isdigit() and not (len(s) == 4 and s.isdigit()):
        # ISO dates are page dates too
        return bool(re.match(r"^\d{4}(-\d{2}){0,2}$", s))
    return looks_like_date_line(s)
