"""The whole text pipeline (split → layout → interpret) against archivecite 0.1.0's.

The parser was rewritten for speed; ``tests/legacy_parsing`` keeps the 0.1.0 modules. Every
record, failed record and diagnostic must come out the same: on the fixtures, on the
fixtures concatenated in several layouts, on the benchmark's generated records, on real
records with random edits, and on record-like and arbitrary text.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archivecite.model import FailedRecord, Record
from archivecite.parsing import read_text_records
from bench_records import bench_parse
from legacy_parsing import interpret_v010, splitter_v010
from mutations import apply_edit

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "fixtures" / "records"
TEXTS = [p.read_text(encoding="utf-8") for p in sorted(FIXTURES.glob("*.txt"))]
SETTINGS = settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def legacy(text: str, file: str | None = None) -> list[Record | FailedRecord]:
    return [interpret_v010.interpret(raw) for raw in splitter_v010.split_records(text, file)]


def current(text: str, file: str | None = None) -> list[Record | FailedRecord]:
    return list(read_text_records(text, file=file))


def same(text: str, file: str | None = None) -> None:
    assert current(text, file) == legacy(text, file)


@pytest.mark.parametrize("index", range(len(TEXTS)))
def test_each_fixture(index: int) -> None:
    same(TEXTS[index], "fixture.txt")


@pytest.mark.parametrize(
    "joiner", ["\n", "\n\n", "\n\n\n", "\n=====\n", "\n\n----\n\n", "\f", "\n\n\f\n\n", "\n****\n"]
)
@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_fixtures_concatenated(joiner: str, newline: str) -> None:
    same(joiner.join(TEXTS).replace("\n", newline))


def test_benchmark_records() -> None:
    texts, _ = bench_parse().generate(3000, seed=7)
    same("\n".join(texts))
    same("\n=====\n".join(texts[:500]))


PIECES = [
    "Citation:", "Summary:", "Credits:", "Original Language:", "Contents:", "Subjects:", "Record ID:",
    "Author(s):", "Date:", "Abstract:", "citation :", "Summary: inline", "Notes:", "Funny Label:",
    "October 28, 1962", "September, 1956", "1971", "28 October 1962", "Letter from Khrushchev to Fidel Castro",
    "Memorandum of Conversation between Mao Zedong and Kim Il Sung",
    '"Title," March 05, 1949, History and Public Policy Program Digital Archive, APRF, f. 5, op. 1.',
    '"Title", 1962, Wilson Center Digital Archive, X <https://digitalarchive.wilsoncenter.org/document/1>',
    "<https://digitalarchive.wilsoncenter.org/document/114504>", "https://digitalarchive.wilsoncenter.org/node/5",
    "This document was made possible with support from Leon Levy Foundation", "Translation - English",
    "Original Scan", "Russian", "Russian, English", "N. KHRUSHCHEV", "KHRUSHCHEV", "=====", "----", "\f", "\r",
    "\x00", "", " ", "\t", "“", "”", "[", "]", "Dear Comrade:", "Digital Archive", "Some body text.",
    "APRF, Fond 45, Opis 1, Delo 340, List 82. Translated by Gary Goldberg.",
]  # fmt: skip
LINES = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=30)), max_size=50)


@SETTINGS
@given(LINES, st.sampled_from(["\n", "\r\n"]))
def test_record_like_text(lines: list[str], newline: str) -> None:
    same(newline.join(lines))


@SETTINGS
@given(st.text(max_size=1500))
def test_arbitrary_text(text: str) -> None:
    same(text)


@SETTINGS
@given(
    st.sampled_from(range(len(TEXTS))),
    st.lists(
        st.tuples(
            st.sampled_from(["insert", "delete", "replace", "duplicate"]),
            st.integers(0, 4000),
            st.integers(0, 80),
            st.one_of(st.sampled_from(PIECES), st.text(max_size=20)),
        ),
        min_size=1,
        max_size=6,
    ),
)
def test_mutated_fixtures(index: int, edits: list[tuple[str, int, int, str]]) -> None:
    doc = TEXTS[index] + "\n\n" + TEXTS[(index + 1) % len(TEXTS)]
    for op, i, length, piece in edits:
        i = min(i, len(doc))
        doc = apply_edit(doc, op, i, min(len(doc), i + length), piece)
    same(doc)
