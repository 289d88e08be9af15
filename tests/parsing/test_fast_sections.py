"""sections.layout against archivecite 0.1.0's (tests/legacy_parsing/sections_v010.py).

Equal layouts (date line, title, preamble, sections with label, key, text, line and inline,
body ranges) on every fixture record, on the benchmark's generated records, and with
hypothesis on arbitrary lists of lines (newlines inside included), on record-like lists of
lines built from pieces, on sections of 0-8 paragraphs around the limits of how far a section
reaches, and on real and generated records with lines inserted, removed or replaced. The
tables the fast paths rely on are checked against the rules they stand for, over every
character.
"""

from __future__ import annotations

import re
import sys
from functools import cache
from pathlib import Path
from typing import Any

from hypothesis import example, given, settings
from hypothesis import strategies as st

from archivecite.parsing import sections
from bench_records import bench_parse
from legacy_parsing import sections_v010

ROOT = Path(__file__).resolve().parents[2]


def _fields(lay: Any) -> tuple[Any, ...]:
    # two classes (the frozen copy has its own Layout and Section): compare the fields
    return (
        lay.date_line,
        lay.title_line,
        lay.preamble,
        [(s.label, s.key, s.text, s.line, s.inline) for s in lay.sections],
        lay.body,
    )


def _same(lines: list[str]) -> None:
    new = _fields(sections.layout(list(lines)))
    assert new == _fields(sections_v010.layout(list(lines))), lines
    # a second reading (label lines now cached) is the same
    assert _fields(sections.layout(list(lines))) == new, lines


def _lines(text: str) -> list[str]:
    return text.replace("\r\n", "\n").split("\n")


@cache
def _fixture_lines() -> tuple[tuple[str, ...], ...]:
    paths = sorted((ROOT / "fixtures" / "records").glob("*.txt"))
    assert len(paths) >= 9
    return tuple(tuple(_lines(p.read_text(encoding="utf-8"))) for p in paths)


def test_fixtures() -> None:
    for lines in _fixture_lines():
        _same(list(lines))
        lay = sections.layout(list(lines))
        assert lay.sections and lay.title_line is not None


def test_benchmark_records() -> None:
    texts, _ = bench_parse().generate(3000)
    for text in texts:
        _same(_lines(text))
    # the benchmark's shape: date, title, five sections, then the body from the letter on
    lay = sections.layout(_lines(texts[0]))
    assert [s.key for s in lay.sections] == [
        "citation",
        "summary",
        "credits",
        "original language",
        "contents",
    ]
    assert lay.date_line == 0 and lay.title_line == 2 and len(lay.body) == 1


PIECES = [
    "", "", "", " ", "\t", "  \t ", "\x0c", "\x1f", "\u3000", "\xa0", "\x85", "\u2028", "\r",
    "October 28, 1962", "1956", "September, 1956", "November 1967", "28 October 1962", "1962-10-28",
    "Letter from A to B", "Letter from Khrushchev to Fidel Castro",
    "Citation:", "citation :", "CITATION:", " Citation: ", "Citation:\r", "Citation: inline citation",
    "Summary:", "Summary: inline text", "summary:  ", "Abstract:", "Abstract: a", "Summary:x",
    "Credits:", "Credit:", "Credits: inline credit", "Original Language:", "Original Languages:",
    "original language: Russian", "Russian", "Russian, English", "English", "Russian and Chinese",
    "Rusian", "Contents:", "Contents: Translation - English", "Translation - English", "Original Scan",
    "English HTML", "English Translation", "Transcript", "PDF", "Scan",
    "Author(s):", "Author(s): A B", "Date:", "Date: 1962", "Subjects:", "Subjects: Cuba", "Source:",
    "url:https://x.org", "URL: https://x.org", "Type: Letter", "Rights:", "Notes:", "Random Heading:",
    "Some Other Heading (Part 1):", "Dear Comrade Castro:", "To:", "From:", "My dear premier:", "Re:",
    "N. KHRUSHCHEV", "TOP SECRET", "Copy No. 1",
    "<https://digitalarchive.wilsoncenter.org/document/114504>", "https://x.org/a.", "http://x.org/a b",
    '"Letter", October 28, 1962, Wilson Center Digital Archive, APRF.',
    "This document was made possible with support from Leon Levy Foundation",
    "Grant from the Foundation", "courtesy of the archive", "made\u00a0possible",
    "Digital Archive", "digital archive", "DIGITAL ARCHIVE digitalarchive.wilsoncenter.org",
    "International History Declassified", "Wilson Center Digital Archive", " Digital Archive ",
    "digitalarchive.wilsoncenter.org", "İnternational History Declassified",
    "Some body text.", "Another paragraph: with a colon", "KHRUSHCHEV: We agree.", "a: b: c:",
    "x" * 60 + ": after a long prefix", "  indented: line", "ſummary:", "Summary\u00a0:", "Credits\t:",
    ":", "::", ": leading colon", "A:", "Ab:", "The End:", "Translated by: Gary Goldberg",
    "Minutes of Conversation:", "One two three four five six seven:",
]  # fmt: skip

RECORD_LINES = st.lists(st.sampled_from(PIECES), max_size=40)


@settings(max_examples=3000, deadline=None)
@given(RECORD_LINES)
@example(["Citation:", "", "A", "", "B", "", "C", "", "Summary:", "x"])
@example(["Contents:", "", "Translation - English", "", "Dear Comrade Castro:", "", "Summary:", "", "text"])
@example(["Original Language:", "Russian", "Some body text.", "", "Russian"])
@example(["T", "Credits:", "", "c", "", "Grant from the Foundation", "", "body", "", "Notes:", "n"])
@example(["T", "Citation:", "c", "", "<https://a.org/b>", "", "body", "Random Heading:", "", "more"])
@example(["Summary:", "a", "", "b", "", "c", "", "d", "", "e", "", "f", "", "g", "", "Credits:"])
def test_record_like_lines(lines: list[str]) -> None:
    _same(lines)


LABEL_LINES = [p for p in PIECES if p.rstrip().endswith(":") or ": " in p]
PARA_LINES = [p for p in PIECES if p.strip() and p not in LABEL_LINES]
BLANK_LINES = ["", "", "", " ", "\t", "\u3000"]


@st.composite
def _sectioned(draw: st.DrawFn) -> list[str]:
    """Records as sections are written: labels, each followed by 0-8 paragraphs of 1-3 lines
    (around the thresholds where a section stops taking paragraphs)."""
    lines = draw(st.lists(st.sampled_from(PIECES), max_size=4))
    for _ in range(draw(st.integers(0, 5))):
        lines.append(draw(st.sampled_from(LABEL_LINES)))
        for n in range(draw(st.integers(0, 8))):
            lines.extend(draw(st.lists(st.sampled_from(BLANK_LINES), min_size=int(n > 0), max_size=2)))
            lines.extend(draw(st.lists(st.sampled_from(PARA_LINES), min_size=1, max_size=3)))
        lines.extend(draw(st.lists(st.sampled_from(BLANK_LINES), max_size=2)))
    return lines


@settings(max_examples=600, deadline=None)
@given(_sectioned())
def test_sectioned_lines(lines: list[str]) -> None:
    _same(lines)


SECTION_LABELS = ["Citation:", "Summary:", "Credits:", "Original Language:", "Contents:", "Notes:", "Date:"]
SECTION_LINES = [
    "<https://a.org/b>", "https://x.org/a.", "Some body text.", "with support", "from the Foundation",
    "This was made possible", "Russian", "Russian, English", "Translation - English", "English HTML",
]  # fmt: skip


@st.composite
def _one_section(draw: st.DrawFn) -> list[str]:
    """One section's label and 0-8 paragraphs from a few telling lines, then maybe a label: how
    far the section reaches, right at its limits (``dense``: one-line paragraphs one blank line
    apart, the fewest lines for so many paragraphs)."""
    lines = ["Title", "", draw(st.sampled_from(SECTION_LABELS))]
    dense = draw(st.booleans())
    for n in range(draw(st.integers(0, 8))):
        lines.extend([""] * (int(n > 0) if dense else draw(st.integers(int(n > 0), 2))))
        lines.extend(draw(st.lists(st.sampled_from(SECTION_LINES), min_size=1, max_size=1 if dense else 3)))
    lines.extend([""] * (0 if dense else draw(st.integers(0, 2))))
    lines.extend(draw(st.lists(st.sampled_from(SECTION_LABELS), max_size=1)))
    return lines


@settings(max_examples=2000, deadline=None)
@given(_one_section())
def test_one_section_at_its_limits(lines: list[str]) -> None:
    _same(lines)


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.text(max_size=12), max_size=20))
def test_arbitrary_lines(lines: list[str]) -> None:
    _same(lines)


@settings(max_examples=1500, deadline=None)
@given(
    st.lists(st.text(alphabet=st.sampled_from("Ab :\n\t\r\x0c\u3000ſK()&/.-'’"), max_size=12), max_size=20)
)
def test_lines_from_a_label_alphabet(lines: list[str]) -> None:
    _same(lines)


@settings(max_examples=1500, deadline=None)
@given(st.data())
def test_real_records_changed(data: st.DataObject) -> None:
    lines = list(data.draw(st.sampled_from(_fixture_lines())))
    for _ in range(data.draw(st.integers(1, 4))):
        i = data.draw(st.integers(0, len(lines)))
        action = data.draw(st.sampled_from(["insert", "remove", "replace"]))
        if action == "insert" or not lines:
            lines.insert(i, data.draw(st.sampled_from(PIECES)))
        elif action == "remove":
            del lines[min(i, len(lines) - 1) : i + data.draw(st.integers(1, 6))]
        else:
            lines[min(i, len(lines) - 1)] = data.draw(st.sampled_from(PIECES))
    _same(lines)


@settings(max_examples=1000, deadline=None)
@given(st.data())
def test_benchmark_like_records_changed(data: st.DataObject) -> None:
    import random

    lines = _lines(bench_parse().make_record(data.draw(st.integers(0, 99)), random.Random(0))[0])
    i = data.draw(st.integers(0, len(lines)))
    lines[i:i] = data.draw(st.lists(st.sampled_from(PIECES), max_size=3))
    _same(lines)


# --- the tables of the fast paths against what they stand for ------------------------------------


def _chars() -> list[str]:
    return [chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c < 0xE000]


def test_boilerplate_start() -> None:
    """Every character a boilerplate line can start with is in ``_BOILERPLATE_START``."""
    first = re.compile(r"[diw]", re.I)
    assert {c for c in _chars() if first.fullmatch(c)} == set(sections._BOILERPLATE_START)


def test_labels_start_with_a_letter() -> None:
    """A label's name folds to a word of ASCII letters; only letters fold to one."""
    for c in _chars():
        folded = c.casefold()
        if folded[:1].isascii() and folded[:1].isalpha():
            assert c.isalpha(), hex(ord(c))
