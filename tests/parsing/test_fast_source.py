"""The rewritten source parser gives exactly what archivecite 0.1.0's gives.

``archivecite.parsing.source`` was rewritten for speed; ``tests/legacy_parsing/source_v010.py``
is the 0.1.0 module, frozen. They are compared on every bundled fixture (source field, citation
source, every line), on every source string of the benchmark's generated records, and with
hypothesis on arbitrary text and on text built from the pieces real source strings are made of.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import archivecite
from archivecite import Record
from archivecite.parsing import source
from archivecite.parsing.citation import parse_citation
from bench_records import bench_parse
from legacy_parsing import source_v010 as legacy

ROOT = Path(__file__).resolve().parents[2]


def assert_same(text: str) -> None:
    """parse_source and contributors_of give what 0.1.0's give (Source is compared field by
    field: text, repository, locator, and the contributors in order)."""
    assert source.parse_source(text) == legacy.parse_source(text), text
    assert source.contributors_of(text) == legacy.contributors_of(text), text
    assert source._sentence_end(text) == legacy._sentence_end(text), text


# --- fixtures and the benchmark's records -------------------------------------------------------


def fixture_sources() -> list[str]:
    texts: list[str] = []
    for path in sorted((ROOT / "fixtures" / "records").glob("*.txt")):
        raw = path.read_text(encoding="utf-8")
        rec = archivecite.parse(raw, file=path.name)
        assert isinstance(rec, Record), rec
        if rec.source is not None:
            texts.append(rec.source.text)
        if rec.citation is not None:
            parts = parse_citation(rec.citation)
            if parts is not None and parts.source is not None:
                texts.append(parts.source)
        texts.extend(raw.splitlines())  # every line too: more real text, no harm
    return texts


def test_fixture_sources() -> None:
    texts = fixture_sources()
    assert len(texts) > 100
    assert sum(source.parse_source(t) is not None for t in texts) > 50
    for text in texts:
        assert_same(text)


def test_bench_sources() -> None:
    """Every source string of the benchmark's records (as make_record writes them)."""
    _, fields = bench_parse().generate(3000)
    texts = [f["src"] for f in fields]
    assert any(source.contributors_of(t) for t in texts)
    for text in texts:
        assert_same(text)


def test_bench_sources_in_records() -> None:
    """The sources as the parser finds them in the generated records (some of them)."""
    texts, _ = bench_parse().generate(200)
    for text in texts:
        rec = archivecite.parse(text)
        assert isinstance(rec, Record) and rec.source is not None
        assert_same(rec.source.text)


# --- the facts about case-insensitive matching that the fast paths rely on ------------------------

EVERY_CHARACTER = "".join(map(chr, range(sys.maxunicode + 1)))


def test_role_word_class_covers_the_first_letters() -> None:
    """_ROLE_WORD's lookahead class admits every character that can start a role word."""
    cls = set(re.findall(r"[acoet]", EVERY_CHARACTER, re.I))
    for letter in "acoet":
        assert set(re.findall(letter, EVERY_CHARACTER, re.I)) <= cls, letter


@pytest.mark.parametrize("letter", ["b", "y"])
def test_by_is_found_in_lowered_text(letter: str) -> None:
    """Whatever matches "b" ("y") case-insensitively lowers to "b" ("y"), so a _BY match implies
    ``"by" in text.lower()``."""
    assert {c.lower() for c in re.findall(letter, EVERY_CHARACTER, re.I)} == {letter}


# --- hypothesis -----------------------------------------------------------------------------------

FRAGMENTS = [
    # locators
    "f.", "op.", "d.", "l.", "ll.", "Fond", "Opis", "Delo", "List", "Listy", "No.", "no.", "Op.", "F.",
    "per.", "dok.", "papka", "p.", "pp.", "file no.", "File", "folder", "box", "vol.", "Volume", "reel",
    "frame", "dossier", "Signatur", "sig.", "inv.", "microfilm", "record group", "RG ", "rg ", "b.",
    "k.", "t.", "razdel", "fols.", "FOL.", "art.", "str.", "ch.", "eds.", "Nr.", "r.",
    # numbers and punctuation
    "12", "5", "0104", "193-194", "82.", "1.", ",", ";", ".", "..", ":", " ", "  ", "\n", "\t",
    "\u00a0", "(", ")", "&", '"', "“", "_", "x_y.", "-",
    # repositories
    "AVP RF", "APRF", "RGANI", "Archive of Foreign Policy", "Russian Federation", "(AVP RF)",
    "Archive of Foreign Policy, Russian Federation", "National Archives", "Library", "PolA AA",
    "BArch", "SÚA", "NAČR", "Papers",
    # credits
    "Translated by", "translated by", "TRANSLATED BY", "translation by", "Translation by",
    "Translated and annotated by", "translated and edited by", "Annotated", "annotated by",
    "edited by", "Edited", "contributed by", "Contributed", "obtained by", "obtained and translated by",
    "Obtained", "transcribed by", "Transcribed", "retranslated", "xedited", "by", "By", "and", "for",
    "from", "in", "courtesy of", "copy courtesy of NSA", "Obtained for CWIHP by",
    # names
    "Gary Goldberg", "Mark H. Doctoroff", "N.", "N. Khrushchev", "Jane Doe", "Mao Zedong",
    "Sergey Radchenko", "Kim Il Sung", "the Embassy", "USSR MFA", "Filippov [Stalin]",
    # non-ASCII words around periods and role words
    "Ж.", "é.", "ſig.", "K.", "İnv.", "²", "tranſlated", "Ǆ.", "ﬀ.",
]  # fmt: skip

PIECES = st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=3))
GLUED = st.lists(PIECES, max_size=20).map("".join)
SPACED = st.lists(PIECES, max_size=16).map(" ".join)


@settings(max_examples=3000, deadline=None)
@given(st.text())
@example("")
@example("   ")
@example("Translated by Gary Goldberg.")
@example("RGANI, f. 5, op. 49, d. 131, ll. 193-194. Translated by Gary Goldberg.")
@example("AVP RF, f. 82, copy courtesy of NSA; translation by Mark H. Doctoroff")
@example("ſig. 5. Translated by Ж. Doe")
def test_arbitrary_text(text: str) -> None:
    assert_same(text)


@settings(max_examples=2000, deadline=None)
@given(GLUED)
def test_glued_fragments(text: str) -> None:
    assert_same(text)


@settings(max_examples=2000, deadline=None)
@given(SPACED)
def test_spaced_fragments(text: str) -> None:
    assert_same(text)


@settings(max_examples=1000, deadline=None)
@given(SPACED, st.integers(0, 40))
def test_sentence_end_from_any_start(text: str, start: int) -> None:
    """From a start inside a word too (the word before a period is the whole word)."""
    start = min(start, len(text))
    assert source._sentence_end(text, start) == legacy._sentence_end(text, start)


def test_sentence_end_after_every_short_word() -> None:
    """The period after every abbreviation, letter and some other short words, in every case,
    whole or not, followed or not by white space, from every start."""
    words = (
        sorted(legacy._ABBREV) + list("abcdefghijklmnopqrstuvwxyzĲǅ") + ["fo", "ops", "Ed", "xy", "1", "²"]
    )
    for word in words:
        for spelt in {word, word.upper(), word.title(), word.swapcase()}:
            for before in ["", " ", "x", "_", "é", "1", "(", "a "]:
                for after in [". x", ".", ".\n", ".x", ". ", "..", "", ". Goldberg."]:
                    text = before + spelt + after
                    for start in range(len(text) + 1):
                        assert source._sentence_end(text, start) == legacy._sentence_end(text, start), (
                            text,
                            start,
                        )


# --- locators -------------------------------------------------------------------------------------

LOCATOR_WORDS = [
    "fond", "f.", "opis", "op.", "delo", "d.", "list", "listy", "l.", "ll.", "per.", "dok.", "papka",
    "p.", "file no.", "file no", "file", "folder", "box", "vol.", "volume", "reel", "frame", "dossier",
    "signatur", "sig.", "inv.", "microfilm", "record group", "rg", "b.", "k.", "t.", "razdel", "Fond",
    "LISTY", "Record  Group", "ſig.", "K.", "İnv.", "Papka", "fo", "fonds", "opi", "x",
]  # fmt: skip
LOCATOR_GAP = ["", " ", "  ", "\n"]  # between a locator word and what follows it
LOCATOR_FOLLOWER = ["5", "12.", "x5", '"3', "(4", ".", "“7", "ab", "", "_1", " 5"]
LOCATOR_SEPARATORS = [" ", ", ", ",", "  ", ",\n", "\t", "5", "12.", "0104", ".", "(", '"', "“", "_", "AVP RF"]  # fmt: skip


def test_locator_words_exhaustively() -> None:
    """Every locator word, after every kind of separator, before every kind of follower."""
    for before in ["", "AVP RF, ", "AVP RF ", "AVP RF,", "x"]:
        for word in LOCATOR_WORDS:
            for gap in LOCATOR_GAP:
                for follower in LOCATOR_FOLLOWER:
                    assert_same(before + word + gap + follower)
                    assert_same(before + word.upper() + gap + follower + " Translated by Jane Doe.")


# a locator word, a gap, what follows ("f. 5", "Listy 12.", "file no (3")
LOCATOR_ITEM = st.tuples(
    st.sampled_from(LOCATOR_WORDS), st.sampled_from(LOCATOR_GAP), st.sampled_from(LOCATOR_FOLLOWER)
).map("".join)
LOCATOR_TEXT = st.lists(
    st.one_of(
        LOCATOR_ITEM,
        st.sampled_from(LOCATOR_WORDS),
        st.sampled_from(LOCATOR_SEPARATORS),
        st.text(max_size=2),
    ),
    max_size=10,
).map("".join)


@settings(max_examples=2000, deadline=None)
@given(LOCATOR_TEXT)
def test_locator_text(text: str) -> None:
    assert_same(text)


@settings(max_examples=1000, deadline=None)
@given(st.one_of(LOCATOR_TEXT, GLUED))
def test_locator_start(text: str) -> None:
    old = legacy._LOCATOR_AT_START.match(text) or legacy._LOCATOR_START.search(text)
    new = source._LOCATOR_AT_START.match(text) or source._LOCATOR_START.search(text)
    assert (old.start() if old else None) == (new.start() if new else None)
