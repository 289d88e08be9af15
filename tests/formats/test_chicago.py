"""Chicago notes, bibliography and author-date: gold strings (output-rules §1) and the
edge cases of dates, genres, organizations, markup and punctuation, each with its exact
expected output."""

from __future__ import annotations

import io
import re
from pathlib import Path

import attrs
import pytest

from archivecite.errors import ArchiveCiteError, FormatError
from archivecite.formats import chicago as ch
from archivecite.formats import dumps, get_writer
from archivecite.model import (
    ArchivalDate,
    ContentItem,
    Contributor,
    DatePoint,
    FailedRecord,
    LineSpan,
    Name,
    Record,
    Source,
)

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "records"


def person(display: str, family: str | None = None, given: str | None = None, **kw: object) -> Name:
    return Name(display, family=family, given=given, **kw)  # type: ignore[arg-type]


def org(display: str) -> Name:
    return Name(display, kind="organization")


def day(y: int, m: int | None = None, d: int | None = None, text: str | None = None) -> ArchivalDate:
    return ArchivalDate(text=text, start=DatePoint(y, m, d))


KHRUSHCHEV = person("N. Khrushchev", "Khrushchev", "N.")
CASTRO = person("Fidel Castro", "Castro", "Fidel")

REF = Record(
    title="Letter from Khrushchev to Fidel Castro",
    authors=(KHRUSHCHEV,),
    recipients=(CASTRO,),
    doc_type="letter",
    collection="Wilson Center Digital Archive",
    source=Source(
        text="Archive of Foreign Policy, Russian Federation (AVP RF)",
        repository="Archive of Foreign Policy, Russian Federation (AVP RF)",
    ),
    original_languages=("Russian",),
    contents=(ContentItem("translation", "English", "Translation - English"),),
    date=ArchivalDate(text="October 28, 1962", start=DatePoint(1962, 10, 28)),
    record_id="114504",
    url="https://wilson-center-digital-archive.dvincitest.com/document/114504",
    canonical_url="https://digitalarchive.wilsoncenter.org/document/114504",
    signature="N. KHRUSHCHEV",
)

TITLE_FIRST = Record(
    title="Transcript of CPSU CC Politburo Session on Afghanistan",
    date=ArchivalDate(text="March 22, 1979", start=DatePoint(1979, 3, 22)),
    source=Source(
        text="TsKhSD, f. 89, per. 25, dok. 2", repository="TsKhSD", locator="f. 89, per. 25, dok. 2"
    ),
    collection="History and Public Policy Program Digital Archive",
    doc_type="transcript",
)

GOLD_REF = {
    "note": "N. Khrushchev to Fidel Castro, October 28, 1962, Archive of Foreign Policy, Russian Federation (AVP RF), English translation, Wilson Center Digital Archive, https://digitalarchive.wilsoncenter.org/document/114504.",
    "short": "Khrushchev to Castro, October 28, 1962.",
    "bib": "Khrushchev, N. Letter to Fidel Castro, October 28, 1962. Archive of Foreign Policy, Russian Federation (AVP RF). English translation, Wilson Center Digital Archive. https://digitalarchive.wilsoncenter.org/document/114504.",
    "ad": "Khrushchev, N. 1962. Letter to Fidel Castro, October 28, 1962. Archive of Foreign Policy, Russian Federation (AVP RF). English translation, Wilson Center Digital Archive. https://digitalarchive.wilsoncenter.org/document/114504.",
    "cite": "(Khrushchev 1962)",
}
GOLD_TITLE = {
    "note": "“Transcript of CPSU CC Politburo Session on Afghanistan,” March 22, 1979, TsKhSD, f. 89, per. 25, dok. 2, History and Public Policy Program Digital Archive.",
    "short": "“Transcript of CPSU CC.”",
    "bib": "“Transcript of CPSU CC Politburo Session on Afghanistan.” March 22, 1979. TsKhSD, f. 89, per. 25, dok. 2. History and Public Policy Program Digital Archive.",
    # output-rules §1: "title-first “Title.” 1979. March 22, 1979. …" and "(“Short Title” 1979)"
    "ad": "“Transcript of CPSU CC Politburo Session on Afghanistan.” 1979. March 22, 1979. TsKhSD, f. 89, per. 25, dok. 2. History and Public Policy Program Digital Archive.",
    "cite": "(“Transcript of CPSU CC” 1979)",
}

FORMS = {
    "note": ch.full_note,
    "short": ch.short_note,
    "bib": ch.bibliography_entry,
    "ad": ch.author_date_entry,
    "cite": ch.author_date_citation,
}


# ------------------------------------------------------------------------------ gold strings


@pytest.mark.parametrize("form", sorted(GOLD_REF))
def test_gold_reference_record(form: str) -> None:
    assert FORMS[form](REF) == GOLD_REF[form]


@pytest.mark.parametrize("form", sorted(GOLD_TITLE))
def test_gold_title_first(form: str) -> None:
    assert FORMS[form](TITLE_FIRST) == GOLD_TITLE[form]


def test_writers_write_gold_lines() -> None:
    assert dumps([REF, TITLE_FIRST], "chicago-note") == GOLD_REF["note"] + "\n" + GOLD_TITLE["note"] + "\n"
    assert dumps([TITLE_FIRST, REF], "chicago-short") == GOLD_TITLE["short"] + "\n" + GOLD_REF["short"] + "\n"
    # bibliographies are sorted: "Khrushchev" < "Transcript"
    assert dumps([TITLE_FIRST, REF], "chicago-bib") == GOLD_REF["bib"] + "\n" + GOLD_TITLE["bib"] + "\n"
    assert dumps([TITLE_FIRST, REF], "chicago-author-date") == GOLD_REF["ad"] + "\n" + GOLD_TITLE["ad"] + "\n"


def test_writer_protocol() -> None:
    for name in ("chicago-note", "chicago-short", "chicago-bib", "chicago-author-date"):
        writer = get_writer(name)
        assert writer.name == name
        assert writer.options == {"markup", "archive_order", "url_as_given", "quoted_titles"}
        buf = io.StringIO()
        writer.write([], buf)
        assert buf.getvalue() == ""


def _titled(title: str, **kw: object) -> Record:
    return Record(title=title, **kw)  # type: ignore[arg-type]


def test_sorted_order_from_rules() -> None:
    castro = Record(
        title="Letter from Fidel Castro to Khrushchev",
        authors=(CASTRO,),
        recipients=(KHRUSHCHEV,),
        doc_type="letter",
        date=day(1962, 10, 31),
    )
    records = [
        castro,
        _titled("A Cable from Havana"),
        _titled("Banana Report"),
        _titled("The Apple Memorandum"),
        _titled("An Aide-Mémoire"),
    ]
    assert ch.bibliography(records) == [
        "“An Aide-Mémoire.” N.d.",
        "“The Apple Memorandum.” N.d.",
        "“Banana Report.” N.d.",
        "“A Cable from Havana.” N.d.",
        "Castro, Fidel. Letter to N. Khrushchev, October 31, 1962.",
    ]
    assert sorted(records, key=ch.sort_key)[0].title == "An Aide-Mémoire"


def test_sort_word_by_word_case_and_accent_insensitive_then_date() -> None:
    a = _titled("Newark report", date=day(1960))
    b = _titled("New York report", date=day(1961))
    c = _titled("new york Report", date=day(1959))
    d = _titled("Émigré Letters", date=day(1950))
    e = _titled("Embassy Cable", date=day(1950))
    order = [r.title for r in sorted([a, b, c, d, e], key=ch.sort_key)]
    # "emigre" < "embassy"? no: e-m-b < e-m-i; word by word: "new" < "newark"
    assert order == ["Embassy Cable", "Émigré Letters", "new york Report", "New York report", "Newark report"]


def test_bibliography_dedupes_by_record_id_and_keeps_first() -> None:
    other = attrs.evolve(REF, title="Different title, same id")
    assert ch.bibliography([REF, other, REF]) == [GOLD_REF["bib"]]
    # records without an id are deduplicated only when they are equal
    assert ch.bibliography([TITLE_FIRST, TITLE_FIRST]) == [GOLD_TITLE["bib"]]
    changed = attrs.evolve(TITLE_FIRST, date=day(1979, 3, 23))
    assert len(ch.bibliography([TITLE_FIRST, changed])) == 2


def test_author_date_year_suffixes_and_in_text() -> None:
    a = attrs.evolve(REF, record_id="1", date=day(1962, 10, 28), recipients=(CASTRO,))
    b = attrs.evolve(
        REF,
        record_id="2",
        date=day(1962, 10, 26),
        recipients=(person("John F. Kennedy", "Kennedy", "John F."),),
    )
    c = attrs.evolve(REF, record_id="3", date=day(1963, 1, 1))
    refs = ch.bibliography([a, b, c], style="author-date")
    assert [r.split(". Letter")[0] for r in refs] == [
        "Khrushchev, N. 1962a",
        "Khrushchev, N. 1962b",
        "Khrushchev, N. 1963",
    ]
    # sorted by date inside the same first element: October 26 (b) before October 28 (a)
    assert refs[0].startswith("Khrushchev, N. 1962a. Letter to John F. Kennedy, October 26, 1962.")
    assert ch.author_date_citations([a, b, c, a]) == [
        "(Khrushchev 1962b)",
        "(Khrushchev 1962a)",
        "(Khrushchev 1963)",
        "(Khrushchev 1962b)",
    ]


def test_author_date_suffix_for_undated_and_titles() -> None:
    x = _titled("Memorandum of Conversation", record_id="m10")
    y = _titled("Memorandum of Conversation", record_id="m11", date=day(1960, 5))
    z = _titled("Memorandum of Conversation", record_id="m12")
    assert ch.bibliography([x, y, z], style="author-date") == [
        "“Memorandum of Conversation.” 1960. May 1960.",
        "“Memorandum of Conversation.” n.d.-a.",
        "“Memorandum of Conversation.” n.d.-b.",
    ]
    assert ch.author_date_citations([z, y, x]) == [
        "(“Memorandum of Conversation” n.d.-b)",
        "(“Memorandum of Conversation” 1960)",
        "(“Memorandum of Conversation” n.d.-a)",
    ]
    # the suffixes belong to one reference list: without x, z needs none
    assert ch.author_date_citations([z, y]) == [
        "(“Memorandum of Conversation” n.d.)",
        "(“Memorandum of Conversation” 1960)",
    ]


def test_author_date_does_not_repeat_a_bare_year() -> None:
    r = attrs.evolve(REF, date=day(1962))
    assert ch.author_date_entry(r).startswith("Khrushchev, N. 1962. Letter to Fidel Castro. Archive")
    t = attrs.evolve(TITLE_FIRST, date=None)
    assert ch.author_date_entry(t).startswith(
        "“Transcript of CPSU CC Politburo Session on Afghanistan.” n.d. TsKhSD"
    )


# ------------------------------------------------------------------------------ dates

DATES = [
    (day(1962, 10, 28), "October 28, 1962", "1962"),
    (day(1962, 10), "October 1962", "1962"),
    (day(1962), "1962", "1962"),
    (ArchivalDate(text=None, start=DatePoint(1962), approximate=True), "ca. 1962", "ca. 1962"),
    (ArchivalDate(text=None, start=DatePoint(1962), uncertain=True), "1962?", "1962?"),
    (
        ArchivalDate(text=None, start=DatePoint(1962, 10, 22), end=DatePoint(1962, 10, 28)),
        "October 22–28, 1962",
        "1962",
    ),
    (
        ArchivalDate(text=None, start=DatePoint(1962, 10, 22), end=DatePoint(1962, 11, 2)),
        "October 22–November 2, 1962",
        "1962",
    ),
    (
        ArchivalDate(text=None, start=DatePoint(1962, 10), end=DatePoint(1962, 11)),
        "October–November 1962",
        "1962",
    ),
    (ArchivalDate(text=None, start=DatePoint(1962), end=DatePoint(1963)), "1962–1963", "1962–1963"),
    (
        ArchivalDate(text=None, start=DatePoint(1962, 12, 30), end=DatePoint(1963, 1, 2)),
        "December 30, 1962–January 2, 1963",
        "1962–1963",
    ),
    (ArchivalDate(text="March 05, 1949", start=DatePoint(1949, 3, 5)), "March 5, 1949", "1949"),
    (None, "n.d.", "n.d."),
]


@pytest.mark.parametrize(("date", "words", "year"), DATES)
def test_date_shapes_in_every_form(date: ArchivalDate | None, words: str, year: str) -> None:
    letter = attrs.evolve(REF, date=date)
    assert ch.full_note(letter) == GOLD_REF["note"].replace("October 28, 1962", words)
    assert ch.short_note(letter) == f"Khrushchev to Castro, {words}" + ("" if words == "n.d." else ".")
    ended = words if words.endswith(".") else words + "."
    assert ch.bibliography_entry(letter) == GOLD_REF["bib"].replace("October 28, 1962.", ended)
    assert ch.author_date_citation(letter) == f"(Khrushchev {year})"
    repeated = "" if words == year else f", {words}"
    assert ch.author_date_entry(letter) == (
        f"Khrushchev, N. {year}{'.' if not year.endswith('.') else ''} Letter to Fidel Castro{repeated}. "
        "Archive of Foreign Policy, Russian Federation (AVP RF). English translation, Wilson Center Digital Archive. "
        "https://digitalarchive.wilsoncenter.org/document/114504."
    )


def test_date_at_the_end_of_a_note_and_as_a_sentence() -> None:
    bare = Record(title="Cable", date=day(1962, 10, 28))
    assert ch.full_note(bare) == "“Cable,” October 28, 1962."
    assert ch.bibliography_entry(bare) == "“Cable.” October 28, 1962."
    undated = Record(title="Cable")
    assert ch.full_note(undated) == "“Cable,” n.d."
    assert ch.bibliography_entry(undated) == "“Cable.” N.d."
    circa = Record(title="Cable", date=ArchivalDate(None, DatePoint(1962), approximate=True))
    assert ch.bibliography_entry(circa) == "“Cable.” Ca. 1962."
    # the question mark of an uncertain date is part of the date: punctuation still follows
    unsure = Record(
        title="Cable", date=ArchivalDate(None, DatePoint(1962, 10), uncertain=True), collection="X"
    )
    assert ch.full_note(unsure) == "“Cable,” October 1962?, X."
    assert ch.full_note(attrs.evolve(unsure, collection=None)) == "“Cable,” October 1962?."


def test_identical_range_ends_collapse() -> None:
    same = Record(
        title="Cable", date=ArchivalDate(None, DatePoint(1962, 10, 28), end=DatePoint(1962, 10, 28))
    )
    assert ch.full_note(same) == "“Cable,” October 28, 1962."


def test_invalid_date_is_a_format_error() -> None:
    bad = Record(title="Cable", date=day(1962, 13, 1))
    with pytest.raises(FormatError, match="month 13"):
        ch.full_note(bad)
    with pytest.raises(FormatError, match="day 40"):
        ch.bibliography([Record(title="X", date=day(1962, 1, 40))])


# ------------------------------------------------------------------------------ genres, organizations

DOBRYNIN = Record(
    title="Telegram from Soviet Ambassador to the USA Dobrynin to the USSR MFA",
    record_id="111776",
    url="http://digitalarchive.wilsoncenter.org/document/111776",
    canonical_url="https://digitalarchive.wilsoncenter.org/document/111776",
    date=day(1962, 10, 18, "October 18, 1962"),
    doc_type="Telegram",
    authors=(person("Dobrynin", "Dobrynin", role="Soviet Ambassador to the USA"),),
    recipients=(org("USSR MFA"),),
    collection="History and Public Policy Program Digital Archive",
    source=Source(
        text="AVP RF, copy courtesy of NSA; translation by Mark H. Doctoroff",
        contributors=(Contributor(person("Mark H. Doctoroff", "Doctoroff", "Mark H."), "translator"),),
    ),
    contents=(ContentItem("html", "English", "English HTML"),),
)


def test_telegram_genre_and_organization_recipient() -> None:
    assert ch.full_note(DOBRYNIN) == (
        "Dobrynin to USSR MFA, telegram, October 18, 1962, AVP RF, copy courtesy of NSA; translation by "
        "Mark H. Doctoroff, History and Public Policy Program Digital Archive, "
        "https://digitalarchive.wilsoncenter.org/document/111776."
    )
    assert ch.short_note(DOBRYNIN) == "Dobrynin to USSR MFA, October 18, 1962."
    assert ch.bibliography_entry(DOBRYNIN) == (
        "Dobrynin. Telegram to USSR MFA, October 18, 1962. AVP RF, copy courtesy of NSA; translation by "
        "Mark H. Doctoroff. History and Public Policy Program Digital Archive. "
        "https://digitalarchive.wilsoncenter.org/document/111776."
    )
    assert ch.author_date_entry(DOBRYNIN).startswith(
        "Dobrynin. 1962. Telegram to USSR MFA, October 18, 1962. AVP RF"
    )
    assert ch.author_date_citation(DOBRYNIN) == "(Dobrynin 1962)"


TASS = Record(
    title="TASS Digest Distributed to Cde. I.V. Stalin and Cde. C.M. Molotov, 'The Anti-Soviet Fabrications of a Mexican Newspaper; Etc.'",
    record_id="134696",
    canonical_url="https://digitalarchive.wilsoncenter.org/document/134696",
    date=day(1945, 10, 16),
    doc_type="Digest",
    authors=(org("Telegraph Agency of the Soviet Union (TASS)"),),
    recipients=(person("I.V. Stalin", "Stalin", "I.V."), person("C.M. Molotov", "Molotov", "C.M.")),
    source=Source(
        text="RGASPI, f. 558, op. 11, d. 97, ll. 67-70. Contributed by Sergey Radchenko and translated by Gary Goldberg."
    ),
    original_languages=("Russian",),
    collection="Wilson Center Digital Archive",
)


def test_organization_sender_two_recipients_and_locator_range() -> None:
    assert ch.full_note(TASS) == (
        "Telegraph Agency of the Soviet Union (TASS) to I.V. Stalin and C.M. Molotov, digest, October 16, 1945, "
        "RGASPI, f. 558, op. 11, d. 97, ll. 67–70. Contributed by Sergey Radchenko and translated by Gary Goldberg, "
        "Wilson Center Digital Archive, https://digitalarchive.wilsoncenter.org/document/134696."
    )
    assert (
        ch.short_note(TASS)
        == "Telegraph Agency of the Soviet Union (TASS) to Stalin and Molotov, October 16, 1945."
    )
    assert ch.bibliography_entry(TASS) == (
        "Telegraph Agency of the Soviet Union (TASS). Digest to I.V. Stalin and C.M. Molotov, October 16, 1945. "
        "RGASPI, f. 558, op. 11, d. 97, ll. 67–70. Contributed by Sergey Radchenko and translated by Gary Goldberg. "
        "Wilson Center Digital Archive. https://digitalarchive.wilsoncenter.org/document/134696."
    )
    assert ch.author_date_citation(TASS) == "(Telegraph Agency of the Soviet Union (TASS) 1945)"


def test_organization_with_article_sorts_without_it() -> None:
    the_org = Record(
        authors=(org("The Embassy of Hungary"),), recipients=(org("Foreign Ministry"),), date=day(1960)
    )
    bee = Record(authors=(person("B. Bee", "Bee", "B."),), recipients=(CASTRO,), date=day(1960))
    assert [r.authors[0].name for r in sorted([the_org, bee], key=ch.sort_key)] == [
        "B. Bee",
        "The Embassy of Hungary",
    ]


@pytest.mark.parametrize(
    ("doc_type", "note_genre", "bib_lead"),
    [
        ("letter", "", "Letter to"),
        ("Letter", "", "Letter to"),
        ("Ciphered Telegram", ", ciphered telegram", "Ciphered telegram to"),
        ("memorandum", ", memorandum", "Memorandum to"),
        ("CC Resolution", ", CC resolution", "CC resolution to"),
        (None, "", "To"),
    ],
)
def test_genres(doc_type: str | None, note_genre: str, bib_lead: str) -> None:
    r = Record(authors=(KHRUSHCHEV,), recipients=(CASTRO,), doc_type=doc_type, date=day(1962))
    assert ch.full_note(r) == f"N. Khrushchev to Fidel Castro{note_genre}, 1962."
    assert ch.bibliography_entry(r) == f"Khrushchev, N. {bib_lead} Fidel Castro, 1962."


def test_several_senders_and_pseudonyms() -> None:
    r = Record(
        authors=(
            person("Filippov [Stalin]", "Filippov", real_name="Stalin"),
            person("V. Molotov", "Molotov", "V."),
        ),
        recipients=(person("Mao Zedong", "Mao", "Zedong", family_first=True),),
        doc_type="Ciphered Telegram",
        date=day(1951, 9, 10),
    )
    assert (
        ch.full_note(r)
        == "Filippov [Stalin] and V. Molotov to Mao Zedong, ciphered telegram, September 10, 1951."
    )
    assert ch.short_note(r) == "Filippov [Stalin] and Molotov to Mao, September 10, 1951."
    assert (
        ch.bibliography_entry(r)
        == "Filippov [Stalin] and V. Molotov. Ciphered telegram to Mao Zedong, September 10, 1951."
    )
    three = attrs.evolve(r, authors=(KHRUSHCHEV, CASTRO, person("A. Mikoyan", "Mikoyan", "A.")))
    assert ch.bibliography_entry(three).startswith(
        "Khrushchev, N., Fidel Castro, and A. Mikoyan. Ciphered telegram"
    )
    two = attrs.evolve(r, authors=(KHRUSHCHEV, CASTRO))
    assert ch.bibliography_entry(two).startswith("Khrushchev, N., and Fidel Castro. Ciphered telegram")
    four = attrs.evolve(r, authors=(KHRUSHCHEV, CASTRO, KHRUSHCHEV, CASTRO))
    assert ch.author_date_citation(four) == "(Khrushchev et al. 1951)"
    assert ch.author_date_citation(two) == "(Khrushchev and Castro 1951)"


# ------------------------------------------------------------------------------ translation statement


def test_translator_not_in_source_is_named() -> None:
    r = attrs.evolve(
        REF,
        source=Source(
            text="AVP RF, f. 0104, op. 18",
            contributors=(Contributor(person("Jane Doe", "Doe", "Jane"), "translator"),),
        ),
    )
    assert ch.full_note(r) == (
        "N. Khrushchev to Fidel Castro, October 28, 1962, AVP RF, f. 0104, op. 18, trans. Jane Doe, "
        "Wilson Center Digital Archive, https://digitalarchive.wilsoncenter.org/document/114504."
    )
    assert ch.bibliography_entry(r) == (
        "Khrushchev, N. Letter to Fidel Castro, October 28, 1962. AVP RF, f. 0104, op. 18. Translated by Jane Doe. "
        "Wilson Center Digital Archive. https://digitalarchive.wilsoncenter.org/document/114504."
    )


def test_translation_already_in_source_is_not_repeated() -> None:
    r = attrs.evolve(
        REF, source=Source(text="RGANI, f. 5, op. 49, d. 131, ll. 193-194. Translated by Gary Goldberg.")
    )
    assert ch.full_note(r) == (
        "N. Khrushchev to Fidel Castro, October 28, 1962, RGANI, f. 5, op. 49, d. 131, ll. 193–194. Translated by "
        "Gary Goldberg, Wilson Center Digital Archive, https://digitalarchive.wilsoncenter.org/document/114504."
    )


def test_no_translation_statement_for_english_originals() -> None:
    r = attrs.evolve(REF, original_languages=("English",))
    assert "English translation" not in ch.full_note(r)
    assert "English translation" not in ch.bibliography_entry(r)
    assert ch.bibliography_entry(attrs.evolve(REF, collection=None)) == (
        "Khrushchev, N. Letter to Fidel Castro, October 28, 1962. Archive of Foreign Policy, Russian Federation "
        "(AVP RF). English translation. https://digitalarchive.wilsoncenter.org/document/114504."
    )


# ------------------------------------------------------------------------------ options


def test_archive_order_url_as_given_and_unquoted_titles() -> None:
    assert ch.full_note(REF, archive_order=True) == (
        "N. Khrushchev to Fidel Castro, October 28, 1962, Wilson Center Digital Archive, Archive of Foreign "
        "Policy, Russian Federation (AVP RF), English translation, https://digitalarchive.wilsoncenter.org/document/114504."
    )
    assert ch.bibliography_entry(TITLE_FIRST, archive_order=True) == (
        "“Transcript of CPSU CC Politburo Session on Afghanistan.” March 22, 1979. History and Public Policy "
        "Program Digital Archive. TsKhSD, f. 89, per. 25, dok. 2."
    )
    assert ch.full_note(REF, url_as_given=True).endswith(
        ", https://wilson-center-digital-archive.dvincitest.com/document/114504."
    )
    assert ch.full_note(attrs.evolve(REF, url=None), url_as_given=True).endswith(
        ", https://digitalarchive.wilsoncenter.org/document/114504."
    )
    assert ch.full_note(TITLE_FIRST, quoted_titles=False) == (
        "Transcript of CPSU CC Politburo Session on Afghanistan, March 22, 1979, TsKhSD, f. 89, per. 25, dok. 2, "
        "History and Public Policy Program Digital Archive."
    )
    assert ch.short_note(TITLE_FIRST, quoted_titles=False) == "Transcript of CPSU CC."
    assert ch.author_date_citation(TITLE_FIRST, quoted_titles=False) == "(Transcript of CPSU CC 1979)"
    assert ch.bibliography_entry(TITLE_FIRST, quoted_titles=False).startswith(
        "Transcript of CPSU CC Politburo Session on Afghanistan. March 22, 1979."
    )


def test_canonical_url_from_record_id() -> None:
    r = Record(
        title="T", date=day(1962), record_id="114504", url="https://staging.example.org/document/114504"
    )
    assert ch.full_note(r) == "“T,” 1962, https://digitalarchive.wilsoncenter.org/document/114504."
    assert ch.full_note(r, url_as_given=True) == "“T,” 1962, https://staging.example.org/document/114504."
    slug = Record(
        title="T", date=day(1962), record_id="letter-nehru", url="https://x.org/document/letter-nehru"
    )
    assert ch.full_note(slug) == "“T,” 1962, https://x.org/document/letter-nehru."


def test_writer_passes_options() -> None:
    out = dumps([TITLE_FIRST], "chicago-note", quoted_titles=False, markup="html")
    assert out == ch.full_note(TITLE_FIRST, quoted_titles=False, markup="html") + "\n"


def test_unknown_options_and_values_are_format_errors() -> None:
    with pytest.raises(FormatError, match="unknown Chicago option"):
        ch.full_note(REF, colour=True)
    with pytest.raises(FormatError, match="unknown markup 'rtf'"):
        ch.full_note(REF, markup="rtf")
    with pytest.raises(FormatError, match="unknown bibliography style"):
        ch.bibliography([REF], style="apa")
    with pytest.raises(FormatError):
        dumps([REF], "chicago-bib", indent=2)


def test_failed_records_and_non_records_are_format_errors() -> None:
    failed = FailedRecord(raw="junk", span=LineSpan(7, 9), diagnostics=(), file="x.txt")
    with pytest.raises(FormatError, match=r"x\.txt:7"):
        dumps([failed], "chicago-note")  # type: ignore[list-item]
    with pytest.raises(ArchiveCiteError):
        ch.bibliography(["not a record"])  # type: ignore[list-item]


# ------------------------------------------------------------------------------ markup


def test_html_escapes_and_links() -> None:
    r = Record(
        title='Report on "A & B" <draft>',
        authors=(),
        collection="O'Brien & Sons",
        url="https://example.org/doc?a=1&b=2",
        date=day(1962),
    )
    assert ch.full_note(r, markup="html") == (
        "“Report on ‘A &amp; B’ &lt;draft&gt;,” 1962, O’Brien &amp; Sons, "
        '<a href="https://example.org/doc?a=1&amp;b=2">https://example.org/doc?a=1&amp;b=2</a>.'
    )
    # names are written as given: straight quotes in them are escaped
    letter = Record(authors=(org('The "Red" Brigade'),), recipients=(org("O'Brien <Ltd>"),), date=day(1962))
    assert ch.full_note(letter, markup="html") == (
        "The &quot;Red&quot; Brigade to O&#x27;Brien &lt;Ltd&gt;, 1962."
    )
    quoted = attrs.evolve(r, url='https://example.org/"><script>')
    assert ch.full_note(quoted, markup="html").endswith(
        '<a href="https://example.org/%22%3E%3Cscript%3E">https://example.org/&quot;&gt;&lt;script&gt;</a>.'
    )


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JavaScript:alert('x')",
        "data:text/html,<b>x</b>",
        "ftp://example.org/x",
        "//evil.org",
    ],
)
def test_non_web_urls_never_become_links(url: str) -> None:
    r = Record(title="T", date=day(1962), url=url)
    html_out = ch.full_note(r, markup="html")
    assert "<a" not in html_out and "href" not in html_out
    assert "<b>" not in html_out
    md = ch.full_note(r, markup="markdown")
    assert "](" not in md and "<javascript" not in md.casefold() and "<data" not in md


def test_markdown_escapes_syntax_and_links_urls() -> None:
    r = Record(
        title="The *Bold* _plan_ [see](x) `code` #1 & <b>",
        date=day(1962),
        url="https://example.org/a_b*c",
    )
    assert ch.full_note(r, markup="markdown") == (
        "“The \\*Bold\\* \\_plan\\_ \\[see\\](x) \\`code\\` \\#1 \\& \\<b\\>,” 1962, <https://example.org/a_b*c>."
    )
    listy = Record(authors=(org("1. Department"),), recipients=(org("2nd Bureau"),), date=day(1962))
    assert ch.full_note(listy, markup="markdown") == "1\\. Department to 2nd Bureau, 1962."
    dash = Record(authors=(org("- Committee"),), recipients=(org("Bureau"),), date=day(1962))
    assert ch.full_note(dash, markup="markdown").startswith("\\- Committee to Bureau")


def test_markup_applies_to_every_form() -> None:
    r = attrs.evolve(REF, recipients=(org("A & B"),))
    for fn in (ch.full_note, ch.short_note, ch.bibliography_entry, ch.author_date_entry):
        assert "A &amp; B" in fn(r, markup="html")
        assert "A \\& B" in fn(r, markup="markdown")
    assert (
        ch.author_date_citation(attrs.evolve(REF, authors=(org("A & B"),)), markup="html")
        == "(A &amp; B 1962)"
    )
    assert ch.bibliography([r], markup="html")[0].endswith(
        '<a href="https://digitalarchive.wilsoncenter.org/document/114504">'
        "https://digitalarchive.wilsoncenter.org/document/114504</a>."
    )


# ------------------------------------------------------------------------------ punctuation


def test_question_mark_title_gets_no_comma_or_period() -> None:
    r = Record(title="Where Is Castro?", date=day(1962, 10, 28), collection="Wilson Center Digital Archive")
    assert ch.full_note(r) == "“Where Is Castro?” October 28, 1962, Wilson Center Digital Archive."
    assert ch.bibliography_entry(r) == "“Where Is Castro?” October 28, 1962. Wilson Center Digital Archive."
    assert ch.short_note(r) == "“Where Is Castro?”"
    assert ch.author_date_citation(r) == "(“Where Is Castro?” 1962)"
    bang = Record(title="Hands off Cuba!", date=day(1962))
    assert ch.full_note(bang) == "“Hands off Cuba!” 1962."
    assert ch.full_note(bang, quoted_titles=False) == "Hands off Cuba! 1962."


def test_title_ending_in_period_or_abbreviation() -> None:
    sentence = Record(title="We Will Not Yield.", date=day(1962))
    assert ch.full_note(sentence) == "“We Will Not Yield,” 1962."
    assert ch.bibliography_entry(sentence) == "“We Will Not Yield.” 1962."
    abbrev = Record(title="Agreement with Smith Co.", date=day(1962))
    assert ch.full_note(abbrev) == "“Agreement with Smith Co.,” 1962."
    assert ch.bibliography_entry(abbrev) == "“Agreement with Smith Co.” 1962."


def test_inner_quotes_become_single_and_punctuation_goes_inside() -> None:
    r = Record(title='Report on "Operation Anadyr"', date=day(1962))
    assert ch.full_note(r) == "“Report on ‘Operation Anadyr,’” 1962."
    assert ch.bibliography_entry(r) == "“Report on ‘Operation Anadyr.’” 1962."
    curly = Record(title="Report on “Operation Anadyr” and “Mongoose”", date=day(1962))
    assert ch.full_note(curly) == "“Report on ‘Operation Anadyr’ and ‘Mongoose,’” 1962."
    single = Record(title="TASS Digest, 'The Anti-Soviet Fabrications; Etc.'", date=day(1945))
    # "Etc." is an abbreviation: its period stays and the comma follows it (CMOS 6.120)
    assert ch.full_note(single) == "“TASS Digest, ‘The Anti-Soviet Fabrications; Etc.,’” 1945."
    assert ch.bibliography_entry(single) == "“TASS Digest, ‘The Anti-Soviet Fabrications; Etc.’” 1945."
    apostrophe = Record(title="Mao's Talk with the Soviets'", date=day(1945))
    assert ch.full_note(apostrophe) == "“Mao’s Talk with the Soviets’,” 1945."


def test_collection_with_quotes_takes_the_comma_inside() -> None:
    r = Record(title="T", date=day(1962), collection='The "Cold War" Collection', url="https://x.org/1")
    assert ch.full_note(r) == "“T,” 1962, The “Cold War” Collection, https://x.org/1."
    q = Record(title="T", date=day(1962), collection='Papers of "Castro"')
    assert ch.full_note(q) == "“T,” 1962, Papers of “Castro.”"


def test_source_punctuation() -> None:
    def note(text: str) -> str:
        return ch.full_note(Record(title="T", date=day(1962), source=Source(text=text), collection="C"))

    assert (
        note("APRF, Fond 45, Opis 1, Delo 340, List 82.")
        == "“T,” 1962, APRF, Fond 45, Opis 1, Delo 340, List 82, C."
    )
    assert note("RGANI, f. 5, op. 49, d. 131, l.") == "“T,” 1962, RGANI, f. 5, op. 49, d. 131, l., C."
    assert note('Published in "Istochnik"') == "“T,” 1962, Published in “Istochnik,” C."
    assert note("Where is the file?") == "“T,” 1962, Where is the file? C."
    assert note("AVP RF;") == "“T,” 1962, AVP RF, C."
    bib = ch.bibliography_entry(
        Record(title="T", date=day(1962), source=Source(text="List 82."), collection="C")
    )
    assert bib == "“T.” 1962. List 82. C."


@pytest.mark.parametrize(
    ("given", "written"),
    [
        ("ll. 193-194", "ll. 193–194"),
        ("List 64-113", "List 64–113"),
        ("1993), 251-262", "1993), 251–262"),
        ("pp. 193-94", "pp. 193–94"),
        ("vol. 21-1", "vol. 21-1"),  # not a range: the second number is smaller
        ("dated 1962-10-28", "dated 1962-10-28"),  # an ISO date, not a range
        ("file 0101-0102", "file 0101-0102"),  # zero-padded identifiers
        ("f. 5-a", "f. 5-a"),
        ("ll. 193–194", "ll. 193–194"),
    ],
)
def test_number_ranges_get_en_dashes(given: str, written: str) -> None:
    r = Record(title="T", date=day(1962), source=Source(text=given))
    assert ch.full_note(r) == f"“T,” 1962, {written}."


# ------------------------------------------------------------------------------ short titles


@pytest.mark.parametrize(
    ("title", "short"),
    [
        ("Transcript of CPSU CC Politburo Session on Afghanistan", "Transcript of CPSU CC"),
        ("The Apple Memorandum on the Crisis in Cuba", "The Apple Memorandum"),
        ("Record of Conversation from the Archive", "Record of Conversation"),
        ("Minutes, Mao’s Conversation with a Yugoslavian Delegation", "Minutes, Mao’s Conversation"),
        ("Banana Report", "Banana Report"),
        ("A Cable from Havana", "A Cable from Havana"),
        ("Four Words Are Here", "Four Words Are Here"),
        ("Memorandum, Conversation, Talks, Embassy, Moscow", "Memorandum, Conversation, Talks, Embassy"),
        ("", ""),
    ],
)
def test_short_title(title: str, short: str) -> None:
    assert ch.short_title(title) == short


def test_untitled_records() -> None:
    assert ch.full_note(Record(doc_type="telegram", date=day(1962))) == "Telegram, 1962."
    assert ch.full_note(Record(title="  ", date=day(1962))) == "Untitled document, 1962."
    assert ch.bibliography_entry(Record()) == "Untitled document. N.d."


# ------------------------------------------------------------------------------ parsed fixtures


def _parse(path: Path) -> Record:
    parsing = pytest.importorskip("archivecite.parsing")
    if not hasattr(parsing, "parse"):
        pytest.skip("the parser has not landed yet")
    rec = parsing.parse(path.read_text(encoding="utf-8"))
    assert isinstance(rec, Record), rec
    return rec


def test_gold_on_parsed_reference_fixture() -> None:
    rec = _parse(FIXTURES / "114504.txt")
    assert ch.full_note(rec) == GOLD_REF["note"]
    assert ch.short_note(rec) == GOLD_REF["short"]
    assert ch.bibliography_entry(rec) == GOLD_REF["bib"]
    assert ch.author_date_entry(rec) == GOLD_REF["ad"]
    assert ch.author_date_citation(rec) == GOLD_REF["cite"]


def test_gold_on_parsed_title_first_fixture() -> None:
    rec = _parse(FIXTURES / "113266.txt")  # the page dump has no URL and no record id
    assert ch.full_note(rec) == GOLD_TITLE["note"]
    assert ch.short_note(rec) == GOLD_TITLE["short"]
    assert ch.bibliography_entry(rec) == GOLD_TITLE["bib"]
    assert ch.author_date_entry(rec) == GOLD_TITLE["ad"]
    assert ch.author_date_citation(rec) == GOLD_TITLE["cite"]


FIXTURE_FILES = sorted(FIXTURES.glob("*.txt"))
BAD_SEQUENCES = (",,", "..", ",.", "” ,")


@pytest.mark.parametrize("path", FIXTURE_FILES, ids=lambda p: p.stem)
def test_every_parsed_fixture_in_every_form(path: Path) -> None:
    rec = _parse(path)
    words = ch.year_text(rec.date)
    outputs = [
        ch.full_note(rec),
        ch.short_note(rec),
        ch.bibliography_entry(rec),
        ch.author_date_entry(rec),
    ]
    for out in outputs:
        assert re.search(r"[^.]\.”?$", out), out
        for bad in BAD_SEQUENCES:
            assert bad not in out, out
        assert "-" not in out.split("http")[0].replace("vol. 21-1", "").replace("Aide-", ""), out
    assert ch.full_note(rec).count(_date_words(rec)) >= 1
    assert ch.author_date_citation(rec).endswith(f" {words})")
    for markup in ("html", "markdown"):
        assert ch.full_note(rec, markup=markup)


def _date_words(rec: Record) -> str:
    from archivecite.formats._common import date_words

    return date_words(rec.date)


def test_parsed_fixture_specifics() -> None:
    by_id = {p.stem: _parse(p) for p in FIXTURE_FILES}
    assert ch.full_note(by_id["110385"]).startswith("Filippov [Stalin] to Mao Zedong, ")
    assert ch.short_note(by_id["110385"]) == "Filippov [Stalin] to Mao, September 10, 1951."
    # locator ranges get en dashes; a volume number "21-1" is not a range
    assert "ll. 193–194. Translated by Gary Goldberg, " in ch.full_note(by_id["280697"])
    assert "File No. JNSG, vol. 21-1, " in ch.full_note(by_id["300653"])
    # zero-padded day "October 08, 1956" is written without the zero
    assert ", October 8, 1956, " in ch.full_note(by_id["112230"])
    # the source already says who translated: no statement added
    assert "English translation" not in ch.full_note(by_id["112230"])
    assert "trans." not in ch.full_note(by_id["111776"])
    bib = ch.bibliography(by_id.values())
    assert len(bib) == len(FIXTURE_FILES)
    assert [line[:12] for line in bib] == [
        "Dobrynin. Te",
        "Filippov [St",
        "Khrushchev, ",
        "Khrushchev, ",
        "“Letter to t",
        "“Minutes, Ma",
        "Nehru, Jawah",
        "TASS. Digest",
        "“Transcript ",
    ]
    assert "1956" in bib[2] and "1962" in bib[3]


def test_degenerate_elements_drop_out() -> None:
    r = Record(title=".", doc_type=" ", date=day(1962), source=Source(text=" - "), collection=",")
    assert ch.full_note(r) == "Untitled document, 1962."
    huge = "9" * 5000
    s = Record(title="T", date=day(1962), source=Source(text=f"ll. {huge}-{huge}1"))
    assert ch.full_note(s) == f"“T,” 1962, ll. {huge}-{huge}1."
    repo_only = Record(title="T", date=day(1962), source=Source(text="", repository="AVP RF", locator="f. 1"))
    assert ch.full_note(repo_only) == "“T,” 1962, AVP RF, f. 1."


def test_one_line_per_entry_even_with_line_breaks_in_fields() -> None:
    r = Record(
        title="Letter\nfrom\u2028Khrushchev",
        date=day(1962),
        url="https://example.org/a b\nc",
        collection="Wilson\r\nCenter",
    )
    assert ch.full_note(r) == "“Letter from Khrushchev,” 1962, Wilson Center, https://example.org/a%20b%0Ac."
    assert ch.full_note(r, markup="html").endswith(
        '<a href="https://example.org/a%20b%0Ac">https://example.org/a%20b%0Ac</a>.'
    )
