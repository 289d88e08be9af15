"""The parser's fast paths give exactly what the plain formulations they replace give.

Each speed-up in the parsing package (a guard before a regex, a regex rewritten to start with a
character class, a dispatch that skips patterns that cannot match, a cached reading) is checked
here against the straightforward version, on hypothesis-generated text built from the pieces
that matter to it.
"""

from __future__ import annotations

import importlib
import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from archivecite.parsing import citation, dates, source, splitter, titles
from archivecite.parsing.dates import parse_date
from legacy_parsing import interpret_v010

# the module (the package re-exports the function ``interpret`` under the same name)
interpret = importlib.import_module("archivecite.parsing.interpret")

SETTINGS = settings(max_examples=400, deadline=None)


def _joined(pieces: st.SearchStrategy[str], max_size: int = 12) -> st.SearchStrategy[str]:
    return st.lists(pieces, max_size=max_size).map("".join)


SPACE = st.sampled_from([" ", "  ", "\t", "\n", "\u00a0", "\u2028", ""])

# --- splitter: control characters -----------------------------------------------------------

CONTROL_TEXT = _joined(
    st.one_of(
        st.text(max_size=5),
        st.sampled_from(
            ["\x00", "\x08", "\x0b", "\x0c", "\x1f", "\x7f", "\x80", "\ud800", "é", "“", "\U0001f600"]
        ),
    )
)


@SETTINGS
@given(CONTROL_TEXT)
def test_has_control_is_the_control_regex(text: str) -> None:
    assert splitter._has_control(text) == bool(splitter._UNREADABLE.search(text))


# --- titles: trailing clause ---------------------------------------------------------------------

ORIGINAL_CLAUSE = re.compile(
    r"\s+(?:regarding|concerning|about|on|re|in connection with|with regard to|dated|transmitting|"
    r"enclosing|conveying|informing|requesting|reporting|in reply to|in response to|with)\s+.*$|"
    r",\s*['‘\"“].*$|\s*\(.*\)\s*$",
    re.I | re.S,
)
CLAUSE_TEXT = _joined(
    st.one_of(
        SPACE,
        st.sampled_from(
            [
                "regarding",
                "On",
                "re",
                "in reply to",
                "with",
                "(",
                ")",
                ",",
                "'",
                "‘",
                '"',
                "“",
                "Mao",
                "to",
                "x",
            ]
        ),
        st.text(max_size=3),
    ),
    max_size=14,
)


@SETTINGS
@given(CLAUSE_TEXT)
@example("x(a) ")
@example("Letter (draft) \n")
@example("Note, 'On the Question'")
@example("Letter to Mao regarding Korea")
@example(" with  (x)")
def test_clause_regex_matches_as_the_original(text: str) -> None:
    old = ORIGINAL_CLAUSE.search(text)
    assert (old.start() if old else None) == titles._clause_start(text)
    assert ORIGINAL_CLAUSE.sub("", text) == titles._cut_clause(text)


ORIGINAL_DOC_TYPE_WORDS = re.compile(r"[^\s,;:]+")


def _original_doc_type_of(title: str) -> tuple[str | None, int, int]:
    words = [
        (m.start(), m.end(), m.group().casefold()) for m in ORIGINAL_DOC_TYPE_WORDS.finditer(title, 0, 100)
    ][:9]
    for i in range(min(5, len(words))):
        if i and words[i - 1][2] in ("from", "to", "of", "with", "by"):
            return None, -1, -1
        for k in range(min(titles._MAX_TYPE_WORDS, len(words) - i), 0, -1):
            phrase = " ".join(w[2] for w in words[i : i + k])
            found = titles.DOC_TYPES.get(phrase) or (
                titles.DOC_TYPES.get(phrase[:-1]) if phrase.endswith("s") else None
            )
            if found:
                return found, words[i][0], words[i + k - 1][1]
    return None, -1, -1


TITLE_TEXT = st.lists(
    st.one_of(
        st.sampled_from(
            sorted({w for k in titles.DOC_TYPES for w in k.split()} | {"Letters", "Notes", "Memos"})
        ),
        st.sampled_from(["from", "to", "of", "TASS", "Khrushchev", "Record", "a", ",", ";", "s"]),
        st.text(max_size=4),
    ),
    max_size=12,
).map(" ".join)


@SETTINGS
@given(TITLE_TEXT)
def test_doc_type_of_is_the_original(title: str) -> None:
    assert titles.doc_type_of(title) == _original_doc_type_of(title)


# --- source: locator start -----------------------------------------------------------------------

ORIGINAL_LOCATOR_START = re.compile(
    r"(?:^|,\s*|\s)(?=(?:fond|f\.|opis|op\.|delo|d\.|list|listy|ll?\.|per\.|dok\.|papka|p\.|"
    r"file\s+no\.?|file|folder|box|vol\.|volume|reel|frame|dossier|signatur|sig\.|inv\.|"
    r"microfilm|record\s+group|rg\s|b\.|k\.|t\.|razdel)\s*[\w\"“(]*[\d.])",
    re.I,
)
SOURCE_TEXT = _joined(
    st.one_of(
        SPACE,
        st.sampled_from(
            ["f.", "op.", "d.", "ll.", "Fond", "List", "file no.", "rg ", "AVP RF", ",", ";", "5", "12.", "("]
        ),
        st.text(max_size=3),
    )
)


@SETTINGS
@given(SOURCE_TEXT)
def test_locator_start_is_the_original(text: str) -> None:
    old = ORIGINAL_LOCATOR_START.search(text)
    new = source._LOCATOR_AT_START.match(text) or source._LOCATOR_START.search(text)
    assert (old.start() if old else None) == (new.start() if new else None)


@SETTINGS
@given(SOURCE_TEXT)
def test_contributors_guard(text: str) -> None:
    """No "by": no role pattern can match, which is what the guard skips."""
    if source._BY.search(text) is None:
        assert not any(pattern.search(text) for pattern, _ in source._ROLE_PATTERNS)


def _original_sentence_end(text: str, start: int = 0) -> int:
    for m in re.finditer(r"\.(?:\s+|$)", text[start:]):
        i = m.start() + start
        j = i
        while j > 0 and text[j - 1].isalnum():
            j -= 1
        word = text[j:i]
        if not word:
            return i
        if (len(word) == 1 and word.isupper()) or word.casefold() in source._ABBREV:
            continue
        return i
    return len(text)


SENTENCE_TEXT = _joined(
    st.one_of(
        SPACE,
        st.sampled_from(
            ["f.", "op.", "No.", "H.", "194.", ".", "..", "_.", "x_y.", "Gary", "Goldberg.", "é.", "²."]
        ),
        st.text(max_size=3),
    )
)


@SETTINGS
@given(SENTENCE_TEXT, st.integers(0, 20))
def test_sentence_end_is_the_original(text: str, start: int) -> None:
    start = min(start, len(text))
    assert source._sentence_end(text, start) == _original_sentence_end(text, start)


def _original_contributors_of(text: str) -> tuple[object, ...]:
    found: list[tuple[int, object]] = []
    taken: list[tuple[int, int]] = []
    for pattern, roles in source._ROLE_PATTERNS:
        for m in pattern.finditer(text):
            if any(a <= m.start() < b for a, b in taken):
                continue
            taken.append((m.start(), m.end()))
            for n in source._names_after(text, m.end()):
                for role in roles:
                    c = source.Contributor(n, role)
                    if all(c != f for _, f in found):
                        found.append((m.start(), c))
    found.sort(key=lambda item: item[0])
    return tuple(c for _, c in found)


ROLE_TEXT = st.lists(
    st.one_of(
        st.sampled_from(
            [
                "Translated", "translation", "TRANSLATED and annotated", "and edited", "edited", "Contributed",
                "obtained and provided", "transcribed", "by", "By", "Gary Goldberg", "Mark H. Doctoroff", "and",
                "Jane Doe;", "retranslated", "xedited", "copy courtesy of NSA", ",", ".",
            ]
        ),
        st.text(max_size=4),
    ),
    max_size=12,
).map(" ".join)  # fmt: skip


@SETTINGS
@given(ROLE_TEXT)
def test_contributors_are_the_original(text: str) -> None:
    assert source.contributors_of(text) == _original_contributors_of(text)


# --- dates: patterns tried by first character; joined citation dates ------------------------------

DATE_TEXT = _joined(
    st.one_of(
        SPACE,
        st.sampled_from(
            ["October", "Oct.", "sept", "May", "28", "05", "1962", "1st", "-", "–", "to", ",", "[", "]"]
        ),
        st.sampled_from(["?", ".", "c.", "circa", "1962-10-28", "/", "~", "\u0664", "²"]),
    ),
    max_size=8,
)


@SETTINGS
@given(DATE_TEXT)
def test_date_pattern_dispatch_keeps_the_first_match(text: str) -> None:
    s = text.strip()
    everywhere = next((kind for pattern, kind in dates._PATTERNS if pattern.match(s)), None)
    group = dates._DIGIT_FIRST if dates._DIGIT.match(s) else dates._MONTH_FIRST
    assert next((kind for pattern, kind in group if pattern.match(s)), None) == everywhere


@SETTINGS
@given(st.lists(DATE_TEXT, min_size=1, max_size=3), st.integers(0, 80))
def test_joined_date_check_is_parse_date_of_the_join(parts: list[str], pad: int) -> None:
    parts[0] = "x" * pad + parts[0] if pad > 70 else parts[0]
    assert citation._is_date_joined(parts) == (parse_date(", ".join(parts[:2])) is not None)


# --- interpret: signature from the last lines -----------------------------------------------------


SIGNATURE_LINES = st.sampled_from(
    [
        "N. KHRUSHCHEV", "N. Khrushchev", "Mao Zedong", "Sincerely", "MAO", "I. V. Stalin", "Filippov [Stalin]",
        "A.B.", "28 October 1962", "October 28, 1962.", "Dear Comrade:", "With respect,", "", " ", "x y z w v u",
    ]
)  # fmt: skip
LINE_BREAKS = st.sampled_from(
    ["\n", "\n\n", "\n \n", "\r\n", "\r", "\x0b", "\x0c", "\x1c", "\x85", "\u2028", "\u2029"]
)
BODY_TEXT = st.lists(st.tuples(st.one_of(SIGNATURE_LINES, st.text(max_size=8)), LINE_BREAKS), max_size=9).map(
    lambda items: "".join(line + brk for line, brk in items)
) | st.lists(st.one_of(SIGNATURE_LINES, st.text(max_size=8)), max_size=9).map("\n".join)


@SETTINGS
@given(BODY_TEXT)
def test_find_signature_is_the_original(body: str) -> None:
    assert interpret.find_signature(body) == interpret_v010.find_signature(body)


# --- splitter: label spellings --------------------------------------------------------------------


def test_label_spellings_map_as_normalised() -> None:
    for label, key in splitter._LABEL_AS_WRITTEN.items():
        name = " ".join(label.casefold().split())
        assert (
            splitter._LABEL_KEYS.get(name, "original language" if name.startswith("original") else name)
            == key
        )


# --- caches keep no long input alive ---------------------------------------------------------------


def test_long_texts_bypass_the_caches() -> None:
    padded = " " * 300 + "October 28, 1962" + " " * 300
    assert parse_date(padded) == parse_date.__wrapped__(padded)  # type: ignore[attr-defined]
    assert parse_date(padded) is not None


def test_caches_do_not_keep_long_lines() -> None:
    import gc
    import tracemalloc

    import archivecite

    lines = [f"Note {i}: " + "word " * 4000 for i in range(200)]  # 200 lines of 20 kB with a colon
    text = "October 28, 1962\n\nLetter from A to B\n\nSummary:\n\nS.\n\n" + "\n\n".join(lines)
    list(archivecite.read(text.replace("Note", "Warm-up")))  # imports, compiled regexes
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    for record in archivecite.read(text):
        assert isinstance(record, archivecite.Record)
    del record
    gc.collect()
    kept = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    assert kept < 400_000, kept  # the text is 4 MB: none of its lines stays in a cache
