"""The rewritten title reader gives exactly what archivecite 0.1.0's gives.

``archivecite.parsing.titles`` was rewritten for speed (and ``names.complete_from_signature``
cached); ``tests/legacy_parsing/titles_v010.py`` and ``names_v010.py`` are the 0.1.0 modules,
frozen. They are compared on every bundled fixture (title, citation title, every line, the names
the records give), on every title of the benchmark's generated records, and with hypothesis on
arbitrary text and on text built from the pieces titles are made of. The fast paths' premises
(single-spaced text, the clause finders, the Unicode facts they rely on) are checked too.
"""

from __future__ import annotations

import sys
from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st

import archivecite
from archivecite import Name, Record
from archivecite.parsing import names, titles
from archivecite.parsing.citation import parse_citation
from bench_records import bench_parse
from legacy_parsing import names_v010 as legacy_names
from legacy_parsing import titles_v010 as legacy

ROOT = Path(__file__).resolve().parents[2]
SIGNATURES = ["N. KHRUSHCHEV", "A. GROMYKO", "MAO", "I. V. Stalin", "Kim Il Sung", "J. F. Kennedy", ""]


def reading(r: titles.TitleReading | legacy.TitleReading) -> tuple[object, ...]:
    """A TitleReading's fields (the two modules' classes differ; Names are compared as such)."""
    return (r.doc_type, r.authors, r.recipients, r.participants)


def assert_same_title(title: str) -> None:
    """read_title and doc_type_of give what 0.1.0's give: doc_type and the Names of authors,
    recipients and participants, each Name field by field."""
    assert reading(titles.read_title(title)) == reading(legacy.read_title(title)), title
    assert titles.doc_type_of(title) == legacy.doc_type_of(title), title


def assert_same_name(text: str) -> None:
    """parse_name (with and without a role), split_people, is_organization and
    complete_from_signature give what 0.1.0's give."""
    new = names.parse_name(text)
    assert new == legacy_names.parse_name(text), text
    assert names.parse_name(text, role="Ambassador") == legacy_names.parse_name(text, role="Ambassador")
    assert names.split_people(text) == legacy_names.split_people(text), text
    assert names.is_organization(text) == legacy_names.is_organization(text), text
    assert names._looks_personal(text) == legacy_names._looks_personal(text), text
    if new is not None:
        for signature in [*SIGNATURES, text.upper(), f"N. {text.upper()}", f"A. B. {new.family or ''}"]:
            assert names.complete_from_signature(new, signature) == legacy_names.complete_from_signature(
                new, signature
            ), (text, signature)


# --- fixtures and the benchmark's records -------------------------------------------------------

EXTRA_TITLES = [  # the titles of the other tests and of fixtures/corpus-expected.json's notes
    "TELEGRAM FROM SOVIET AMBASSADOR TO THE USA DOBRYNIN TO THE USSR MFA",
    "Report, Embassy of Hungary in North Korea to the Hungarian Foreign Ministry",
    "Speech by Mao Zedong at the Supreme State Conference",
    "Where Is Castro?",
    "Memorandum of Conversation between Mao Zedong and Kim Il Sung",
    "Record of a Conversation of Cde. Stalin with Kim Il Sung and Pak Heon-yeong",
    "Letter from Khrushchev to Fidel Castro (draft)",
    "Notes from N. Khrushchev, 'On the Question'",
    "Telegram from Soviet Ambassador to the USA Dobrynin",
    "Cable from the Chinese Embassy in Pyongyang, 'Kim Il Sung’s Visit'",
]


def fixture_titles() -> tuple[list[str], list[Name]]:
    texts: list[str] = list(EXTRA_TITLES)
    people: list[Name] = []
    for path in sorted((ROOT / "fixtures" / "records").glob("*.txt")):
        raw = path.read_text(encoding="utf-8")
        rec = archivecite.parse(raw, file=path.name)
        assert isinstance(rec, Record), rec
        if rec.title is not None:
            texts += [rec.title, rec.title.upper(), rec.title.lower()]
        if rec.citation is not None:
            parts = parse_citation(rec.citation)
            if parts is not None and parts.title is not None:
                texts.append(parts.title)
        people += [*rec.authors, *rec.recipients, *rec.participants]
        texts.extend(raw.splitlines())  # every line too: more real text, no harm
    return texts, people


def test_fixture_titles() -> None:
    texts, _ = fixture_titles()
    assert len(texts) > 100
    readings = [titles.read_title(t) for t in texts]
    assert sum(bool(r.authors or r.recipients or r.participants) for r in readings) > 15
    for text in texts:
        assert_same_title(text)


def test_fixture_names() -> None:
    texts, people = fixture_titles()
    phrases = {n.name for n in people} | {n.family or "" for n in people} | {n.full for n in people}
    for text in texts[:60]:  # titles: the phrases of their people, as titles.py splits them
        phrases.update(legacy_names.split_people(text))
        phrases.update(text.split(" to "))
    assert len(phrases) > 40
    for text in sorted(phrases):
        assert_same_name(text)


def bench_titles(n: int) -> list[str]:
    _, fields = bench_parse().generate(n)
    return [f["title"] for f in fields]


def test_bench_titles() -> None:
    texts = bench_titles(3000)
    assert len(set(texts)) == 3000
    for text in texts:
        assert_same_title(text)
    assert all(titles.read_title(t).doc_type for t in texts)


def test_bench_names() -> None:
    generator = bench_parse()
    for text in [*generator.SENDERS, *generator.RECIPIENTS]:
        assert_same_name(text)
        assert_same_name(f"the {text}, Prof. {text}")


def test_long_texts() -> None:
    """Texts longer than the caches take (read without them) read alike."""
    long_name = "Soviet Ambassador to the USA " + "Anatoly " * 40 + "Dobrynin"
    for title in [
        f"Letter from {long_name} to the USSR MFA regarding Cuba",
        f"Telegram, {long_name} to {long_name} (draft)",
        f"Report from {long_name} at the Embassy",
        f"Memorandum of Conversation between {long_name} and Fidel Castro on 5",
        f"Letter to the Deputy Chairman, {long_name}",
        "Letter from " + "x" * 300,
    ]:
        assert_same_title(title)
        assert_same_title(title.upper())
    assert_same_name(long_name)
    assert_same_name("Khrushchev" * 30)
    khrushchev = names.parse_name("Khrushchev")
    assert khrushchev is not None
    for signature in ["N. " * 100 + "KHRUSHCHEV", "N. KHRUSHCHEV" + " " * 300]:
        assert names.complete_from_signature(khrushchev, signature) == legacy_names.complete_from_signature(
            khrushchev, signature
        )
    role = Name(name="Khrushchev", family="Khrushchev", role="First Secretary " * 30)
    assert names.complete_from_signature(role, "N. KHRUSHCHEV") == legacy_names.complete_from_signature(
        role, "N. KHRUSHCHEV"
    )


def test_tables() -> None:
    assert titles.DOC_TYPES == legacy.DOC_TYPES
    assert titles._MAX_TYPE_WORDS == legacy._MAX_TYPE_WORDS


# --- hypothesis: arbitrary text, and titles built from their pieces -------------------------------

FRAGMENTS = [
    *sorted(titles.DOC_TYPES), "Letter", "Letters", "LETTER", "Telegram", "Ciphered Telegram",
    "CIPHERED TELEGRAM", "Memorandum of Conversation", "Memorandum of Conversations", "Record of a Conversation",
    "Record of Conversation", "Report Card", "Cable From", "Minutes", "Report", "Note", "Notes", "TASS Digest",
    "from", "From", "FROM", "to", "To", "TO", "between", "Between", "and", "with", "With", "of", "by", "By",
    ",", ", ", ";", ":", ".", "'", "’", "‘", '"', "“", "”", "(", ")", "[", "]", "[Stalin]", "[undated]",
    "Filippov", "N. Khrushchev", "Khrushchev", "KHRUSHCHEV", "Mao Zedong", "Kim Il Sung", "Fidel Castro",
    "the USSR MFA", "the CPSU CC Presidium", "All Provincial Premiers", "Embassy of Hungary",
    "Embassy of Hungary in North Korea", "Soviet Ambassador to the USA Dobrynin", "the Deputy Chairman",
    "Cde.", "Prof.", "Comrade", "the", "The", "a", "an", "An", "de", "van", "Ministry of Trade and Industry",
    "regarding", "Regarding", "concerning", "about", "on", "On", "re", "in connection with",
    "with regard to", "dated", "transmitting", "in reply to", "In Response To", "reporting",
    "distributed to", "Distributed to", "sent to", "at", "in", "during", "for", "Beijing", "Beijing,",
    "1956", "5", "Mao’s Conversation with", "Kim's conversation with", "Conversation", "CONVERSATION",
    "conversation between", "onversation", "Minutes,", "Speech by", "Report from",
    " ", "  ", "\t", "\n", "\u00a0", "\u2028", "",
    "İ", "ı", "ſ", "\u212a", "ß", "ﬁ", "é", "Ö", "Σ",
]  # fmt: skip
SEPARATORS = st.sampled_from([" ", " ", " ", "", ", ", "  ", "\u00a0", "\t"])
TITLE_TEXT = st.lists(
    st.tuples(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=3)), SEPARATORS), max_size=16
).map(lambda items: "".join(piece + sep for piece, sep in items))
NAME_TEXT = st.lists(st.tuples(st.sampled_from(FRAGMENTS), SEPARATORS), max_size=7).map(
    lambda items: "".join(piece + sep for piece, sep in items)
)


@settings(max_examples=3000, deadline=None)
@given(TITLE_TEXT)
@example("Letter from Khrushchev to Fidel Castro regarding Cuba")
@example("Ciphered Telegram, Filippov [Stalin] to Mao Zedong concerning item 12")
@example("Memorandum of Conversation between Soviet Ambassador to the USA Dobrynin and Fidel Castro on 5")
@example("Minutes, Mao’s Conversation with a Yugoslavian Communist Union Delegation, Beijing, [undated]")
@example("Letter from , to X")
@example("Letter from Mao (Beijing) to Kim (Pyongyang)")
@example("Letters from A to B, 'On X'")
@example("Report from Embassy of Hungary in Pyongyang")
@example("Speech by Mao Zedong at the Supreme State Conference")
@example("Record Of A Conversations with Kim")
@example("Cİphered Telegram, A to B")
@example("Telegram  from A\tto B")
@example("Memorandum of Conversation between A and B, Beijing, 12 May")
@example("Memorandum of conversation from A to B")
@example("TASS Digest Distributed to Cde. I.V. Stalin and Cde. C.M. Molotov, 'The Anti-Soviet'")
@example("Memorandum of Conversation with ,5 and A")
@example("Letter from A regarding ")
@example("Memorandum of Conversation between A with on B")
@example("Letter from A to B regarding\u00a0")
@example(" Letter, A to B (x)")
def test_titles_built_from_pieces(title: str) -> None:
    assert_same_title(title)


@settings(max_examples=1500, deadline=None)
@given(st.text(max_size=60))
def test_arbitrary_titles(title: str) -> None:
    assert_same_title(title)


@settings(max_examples=1500, deadline=None)
@given(NAME_TEXT)
@example("Soviet Ambassador to the USA Dobrynin")
@example("Filippov [Stalin]")
@example("Cde. I.V. Stalin and Cde. C.M. Molotov")
@example("the Deputy Chairman of the Soviet Committee of the MGG, Prof. Pushkov")
@example("Ludwig van Beethoven")
def test_names_built_from_pieces(text: str) -> None:
    assert_same_name(text)


@settings(max_examples=1000, deadline=None)
@given(st.text(max_size=40))
def test_arbitrary_names(text: str) -> None:
    assert_same_name(text)


# --- the fast paths' premises ---------------------------------------------------------------------


@settings(max_examples=1500, deadline=None)
@given(TITLE_TEXT, st.integers(0, 80), st.integers(0, 80))
@example("x(a) ", 0, 0)
@example("Letter (draft) \n", 0, 0)
@example("Note, 'On the Question'", 0, 0)
@example("Letter to Mao regarding Korea", 0, 0)
@example(" with  (x)", 0, 0)
@example("A to B \u0130n reply to C", 0, 0)
def test_clause_finders(text: str, start: int, end: int) -> None:
    """_clause_start is 0.1.0's; _spaced_clause_start is it on single-spaced text (and on any
    part of such text: read_title cuts the clauses of phrases within the title)."""
    assert titles._clause_start(text) == legacy._clause_start(text)
    assert titles._cut_clause(text) == legacy._cut_clause(text)
    spaced = " ".join(text.split())
    part = spaced[start : len(spaced) - end]
    for s in (spaced, part, part.strip()):
        assert titles._spaced_clause_start(s) == legacy._clause_start(s), s
        assert titles._spaced_cut_clause(s) == legacy._cut_clause(s), s


def test_unicode_premises() -> None:
    """What the fast paths rely on: the regex \\s is str.isspace (str.split's whitespace); the
    only printable whitespace is the space (a printable title without double, leading or
    trailing spaces is single-spaced); no casefolding makes a separator of words."""
    import re

    space = re.compile(r"\s")
    for code in range(sys.maxunicode + 1):
        c = chr(code)
        assert bool(space.match(c)) == c.isspace(), hex(code)
        if c.isspace():
            assert c == " " or not c.isprintable(), hex(code)
        elif c not in ",;:":
            assert not any(f.isspace() or f in ",;:" for f in c.casefold()), hex(code)
