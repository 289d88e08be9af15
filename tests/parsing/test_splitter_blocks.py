"""The splitter reads its input in blocks; where the blocks end must not change a single record.

Blocks are made tiny here (``splitter.BLOCK``), so that every record, label, separator, bare
citation and CR LF pair in the inputs is cut by a block end somewhere, and every kind of input
(text, bytes, text and binary streams, a stream without ``readline`` whose blocks end in the
middle of a line, an iterable of lines) must give what one block gives: the same records,
failed records, diagnostics and line numbers.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archivecite.model import FailedRecord, Record
from archivecite.parsing import read_text_records, splitter

ROOT = Path(__file__).resolve().parents[2]
TEXTS = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "fixtures" / "records").glob("*.txt"))]
BARE = (
    '"Letter from Mao Zedong to Stalin," January 01, 1950, Wilson Center Digital Archive, APRF, f. 45.\n'
    "<https://digitalarchive.wilsoncenter.org/document/111111>\n"
)


class ReadOnly:
    """A binary stream with ``read`` only: its blocks may end in the middle of a line."""

    def __init__(self, data: bytes) -> None:
        self._data = io.BytesIO(data)

    def read(self, n: int = -1) -> bytes:
        return self._data.read(n)


def _lines(text: str) -> Iterator[str]:
    yield from io.StringIO(text)


SOURCES: dict[str, Callable[[str], Any]] = {
    "text": lambda t: t,
    "bytes": lambda t: t.encode("utf-8"),
    "binary stream": lambda t: io.BytesIO(t.encode("utf-8")),
    "text stream": lambda t: io.StringIO(t, newline=""),
    "read-only stream": lambda t: ReadOnly(t.encode("utf-8")),
    "lines": _lines,
}


def everything(records: list[Record | FailedRecord]) -> list[Any]:
    """Records with the fields their equality leaves out (diagnostics, file)."""
    return [(r, r.diagnostics, r.span) for r in records]


def read_with_block(source: Any, block: int, file: str | None = None) -> list[Any]:
    """:func:`everything` read from ``source`` in blocks of ``block`` characters."""
    with pytest.MonkeyPatch.context() as m:
        m.setattr(splitter, "BLOCK", block)
        return everything(list(read_text_records(source, file=file)))


EXPORT = (
    "\n\n".join(TEXTS[:3])
    + "\n=====\n"
    + BARE
    + BARE
    + "\f"
    + TEXTS[3]
    + "\n\n\f\n\n"
    + TEXTS[4].replace("Citation:", "Citation:\x00", 1)
    + "\n----\n"
    + TEXTS[5]
)


@pytest.mark.parametrize("kind", sorted(SOURCES))
@pytest.mark.parametrize("block", [1, 7, 64, 1000])
@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_block_ends_change_nothing(kind: str, block: int, newline: str) -> None:
    text = EXPORT.replace("\n", newline)
    whole = everything(list(read_text_records(text, file="in.txt")))
    assert len(whole) == 8 and all(isinstance(r, Record) for r, _, _ in whole)
    assert read_with_block(SOURCES[kind](text), block, "in.txt") == whole


PIECES = st.sampled_from(
    ["Citation:", "Summary:", "Credits:", "=====", "\f", "\r", "\x00", "", "  ", "Title line", BARE.strip(),
     "<https://digitalarchive.wilsoncenter.org/document/5>", "October 28, 1962", *TEXTS[0].split("\n")[:12]]
)  # fmt: skip


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.one_of(PIECES, st.text(max_size=20)), max_size=40),
    st.integers(1, 40),
    st.sampled_from(sorted(SOURCES)),
)
def test_block_ends_change_nothing_on_record_like_text(lines: list[str], block: int, kind: str) -> None:
    text = "\n".join(lines)
    assert read_with_block(SOURCES[kind](text), block) == everything(list(read_text_records(text)))


def test_diagnostic_on_a_title_line_goes_to_that_record() -> None:
    """A control character in the second record's title line is reported with the second record
    (archivecite 0.1.0 handed it to the record before)."""
    first, second = TEXTS[0], TEXTS[1]
    title = second.split("\n")[2]
    assert title.strip() and title in second
    text = first + "\n\n" + second.replace(title, title + "\x00", 1)
    one, two = list(read_text_records(text, file="in.txt"))
    assert isinstance(one, Record) and isinstance(two, Record)
    assert [d.code for d in one.diagnostics if d.code == "control-characters"] == []
    (diag,) = [d for d in two.diagnostics if d.code == "control-characters"]
    assert diag.line == first.count("\n") + 3 + 2
    assert two.span is not None and two.span.start <= diag.line <= two.span.end


def test_diagnostic_on_a_separator_line_goes_to_the_next_record() -> None:
    text = TEXTS[0] + "\n=====\x00\n" + TEXTS[1]
    one, two = list(read_text_records(text))
    sep_line = TEXTS[0].count("\n") + 2
    assert [d.line for d in two.diagnostics if d.code == "control-characters"] == [sep_line]
    assert not [d for d in one.diagnostics if d.code == "control-characters"]


def test_records_carry_their_lines() -> None:
    raws = list(splitter.split_records("\n\n".join(TEXTS[:2]) + "\n\n\n"))
    assert len(raws) == 2
    for raw in raws:
        assert raw.split_lines is not None
        assert raw.lines == raw.text.split("\n")
        assert not raw.text.endswith("\n")


@pytest.mark.parametrize(
    "label",
    ["CITATION:", "ſummary:", " Citation:", "\tCredits :", "Original  Languages:", "original\tlanguage :",
     "cıtation:", "Abstract:", "Credit:", "contents:\tX", "Summary: inline", "Citations:", "Sum mary:"],
)  # fmt: skip
def test_label_spellings_split_as_in_0_1_0(label: str) -> None:
    """Lines are matched against the label pattern only when their first character allows it;
    every spelling the pattern takes must still split records as archivecite 0.1.0 did."""
    from legacy_parsing import interpret_v010, splitter_v010

    record = f'October 28, 1962\n\nTitle of a letter\n\n{label}\n\nText\n\nCitation:\n\n"T," 1962, Digital Archive, X\n'
    text = record + "\n" + record.replace("Title of", "Another title of") + label + "\n"
    legacy = [interpret_v010.interpret(raw) for raw in splitter_v010.split_records(text)]
    current = list(read_text_records(text))
    assert len(current) >= 2
    assert current == legacy
    assert [r.diagnostics for r in current] == [r.diagnostics for r in legacy]
