"""One small function per section: dates, URLs, names, titles, citations, sources, credits."""

from __future__ import annotations

import pytest

import archivecite
from archivecite.parsing.citation import parse_citation
from archivecite.parsing.dates import parse_date, parse_edtf
from archivecite.parsing.interpret import find_signature, read_content_item, read_credits
from archivecite.parsing.names import complete_from_signature, parse_name
from archivecite.parsing.source import parse_source
from archivecite.parsing.titles import read_title
from archivecite.parsing.urls import canonical_for

# --- dates -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "edtf", "precision"),
    [
        ("October 28, 1962", "1962-10-28", "day"),
        ("March 05, 1949", "1949-03-05", "day"),
        ("28 October 1962", "1962-10-28", "day"),
        ("Oct. 28, 1962", "1962-10-28", "day"),
        ("November 1967", "1967-11", "month"),
        ("September, 1956", "1956-09", "month"),
        ("1971", "1971", "year"),
        ("1962-10-28", "1962-10-28", "day"),
        ("ca. 1962", "1962~", "year"),
        ("circa 1962", "1962~", "year"),
        ("1962?", "1962?", "year"),
        ("[1962?]", "1962?", "year"),
        ("October 22-28, 1962", "1962-10-22/1962-10-28", "day"),
        ("October 22 – November 2, 1962", "1962-10-22/1962-11-02", "day"),
        ("October 22, 1962 - November 2, 1962", "1962-10-22/1962-11-02", "day"),
        ("1962-1963", "1962/1963", "year"),
        ("1962-10-22/1962-11-02", "1962-10-22/1962-11-02", "day"),
        ("1962~", "1962~", "year"),
        ("February 29, 1960", "1960-02-29", "day"),
    ],
)
def test_dates(text: str, edtf: str, precision: str) -> None:
    d = parse_date(text)
    assert d is not None
    assert (d.edtf, d.precision, d.text) == (edtf, precision, text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "[undated]",
        "n.d.",
        "Dear Comrade",
        "February 30, 1962",
        "1963-1962",
        "October 32, 1962",
        "13/13/1962",
    ],
)
def test_not_dates(text: str) -> None:
    assert parse_date(text) is None


def test_month_only_date_is_never_given_a_day() -> None:
    d = parse_date("November 1967")
    assert d is not None and d.start.day is None and d.start.month == 11


def test_edtf_round_trip() -> None:
    for value in ["1962", "1962-10", "1962-10-28", "1962~", "1962?", "1962-10-22/1962-11-02", "1962%"]:
        d = parse_edtf(value)
        assert d is not None and d.edtf == value
    assert parse_edtf("1962-13") is None
    assert parse_edtf("banana") is None


def test_edtf_strings_are_valid_for_the_edtf_library() -> None:
    edtf = pytest.importorskip("edtf")
    for text in [
        "October 28, 1962",
        "November 1967",
        "ca. 1962",
        "1962?",
        "October 22-28, 1962",
        "1962-1963",
    ]:
        d = parse_date(text)
        assert d is not None
        edtf.parse_edtf(d.edtf)  # raises on invalid EDTF


# --- URLs ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "rid"),
    [
        ("https://digitalarchive.wilsoncenter.org/document/114504", "114504"),
        ("http://digitalarchive.wilsoncenter.org/document/111776", "111776"),
        ("https://wilson-center-digital-archive.dvincitest.com/document/114504", "114504"),
        (
            "https://digitalarchive.wilsoncenter.org/document/110385.pdf?v=eda1d0de153860bdd9491da9e3598060",
            "110385",
        ),
        (
            "https://digitalarchive.wilsoncenter.org/document/letter-jawaharlal-nehru-all-provincial-premiers",
            None,
        ),
        ("https://digitalarchive.wilsoncenter.org/node/12345", None),
        ("https://example.com/document/114504", None),
        ("not a url", None),
    ],
)
def test_record_ids(url: str, rid: str | None) -> None:
    got_id, canon = canonical_for(url)
    assert got_id == rid
    assert canon == (f"https://digitalarchive.wilsoncenter.org/document/{rid}" if rid else None)


# --- names and titles ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "doc_type", "senders", "recipients"),
    [
        ("Letter from Khrushchev to Fidel Castro", "letter", ["Khrushchev"], ["Fidel Castro"]),
        (
            "Telegram from Soviet Ambassador to the USA Dobrynin to the USSR MFA",
            "telegram",
            ["Dobrynin"],
            ["USSR MFA"],
        ),
        (
            "Ciphered Telegram, Filippov [Stalin] to Mao Zedong",
            "telegram",
            ["Filippov [Stalin]"],
            ["Mao Zedong"],
        ),
        (
            "Letter, Jawaharlal Nehru to All Provincial Premiers",
            "letter",
            ["Jawaharlal Nehru"],
            ["All Provincial Premiers"],
        ),
        (
            "Note from N. Khrushchev to the CPSU CC Presidium regarding conversations with Yugoslav leaders in the Crimea",
            "note",
            ["N. Khrushchev"],
            ["CPSU CC Presidium"],
        ),
        (
            "Report, Embassy of Hungary in North Korea to the Hungarian Foreign Ministry",
            "report",
            ["Embassy of Hungary in North Korea"],
            ["Hungarian Foreign Ministry"],
        ),
        ("Speech by Mao Zedong at the Supreme State Conference", "speech", ["Mao Zedong"], []),
        ("Transcript of CPSU CC Politburo Session on Afghanistan", "transcript", [], []),
        ("Where Is Castro?", None, [], []),
    ],
)
def test_titles(title: str, doc_type: str | None, senders: list[str], recipients: list[str]) -> None:
    r = read_title(title)
    assert r.doc_type == doc_type
    assert [n.name for n in r.authors] == senders
    assert [n.name for n in r.recipients] == recipients


def test_conversation_titles_give_participants() -> None:
    r = read_title("Memorandum of Conversation between Mao Zedong and Kim Il Sung")
    assert r.doc_type == "memorandum of conversation"
    assert (r.authors, r.recipients) == ((), ())
    assert [(n.family, n.given, n.family_first) for n in r.participants] == [
        ("Mao", "Zedong", True),
        ("Kim", "Il Sung", True),
    ]
    r = read_title("Record of a Conversation of Cde. Stalin with Kim Il Sung and Pak Heon-yeong")
    assert [n.family for n in r.participants] == ["Stalin", "Kim", "Pak"]


def test_organizations_are_not_people() -> None:
    for text in [
        "USSR MFA",
        "Telegraph Agency of the Soviet Union (TASS)",
        "TASS",
        "Embassy of Hungary in North Korea",
    ]:
        n = parse_name(text)
        assert n is not None and n.kind == "organization" and n.family is None and n.given is None


def test_signature_completes_a_matching_surname_only() -> None:
    khrushchev = parse_name("Khrushchev")
    assert khrushchev is not None
    done = complete_from_signature(khrushchev, "N. KHRUSHCHEV")
    assert (done.name, done.given, done.family) == ("N. Khrushchev", "N.", "Khrushchev")
    assert complete_from_signature(khrushchev, "A. GROMYKO") == khrushchev
    castro = parse_name("Fidel Castro")
    assert (
        castro is not None and complete_from_signature(castro, "F. CASTRO") == castro
    )  # already has a given name


def test_find_signature() -> None:
    assert find_signature("Dear X:\n\ntext.\n\nN. KHRUSHCHEV\n\n28 October 1962") == "N. KHRUSHCHEV"
    assert find_signature("text.\n\nMao Zedong") == "Mao Zedong"
    assert find_signature("text.\n\nto Prof. PUSHKOV") is None
    assert find_signature("text.\n\nChaired by Comrade Brezhnev, L.I.") is None
    assert find_signature("It was a long sentence that ended.") is None
    assert find_signature(None) is None


# --- citations -----------------------------------------------------------------------------------


def test_three_citation_shapes() -> None:
    new = parse_citation(
        '"Letter from Khrushchev to Fidel Castro", October 28, 1962, Wilson Center Digital Archive, '
        "Archive of Foreign Policy, Russian Federation (AVP RF)\n<https://digitalarchive.wilsoncenter.org/document/114504>"
    )
    assert new is not None and new.shape == "new-site"
    assert (new.title, new.date_text, new.collection, new.source, new.url) == (
        "Letter from Khrushchev to Fidel Castro",
        "October 28, 1962",
        "Wilson Center Digital Archive",
        "Archive of Foreign Policy, Russian Federation (AVP RF)",
        "https://digitalarchive.wilsoncenter.org/document/114504",
    )
    old = parse_citation(
        '"Telegram from Soviet Ambassador to the USA Dobrynin to the USSR MFA," October 18, 1962, History and Public '
        "Policy Program Digital Archive, AVP RF, copy courtesy of NSA; translation by Mark H. Doctoroff "
        "http://digitalarchive.wilsoncenter.org/document/111776"
    )
    assert old is not None and old.shape == "old-site"
    assert old.title == "Telegram from Soviet Ambassador to the USA Dobrynin to the USSR MFA"
    assert old.source == "AVP RF, copy courtesy of NSA; translation by Mark H. Doctoroff"
    assert old.url == "http://digitalarchive.wilsoncenter.org/document/111776"
    pdf = parse_citation(
        "“Note from N. Khrushchev to the CPSU CC Presidium,” October 08, 1956, History and Public Policy Program "
        'Digital Archive, APRF, Fond 52. Published in "Istochnik". Translated by Gary Goldberg.'
    )
    assert pdf is not None and pdf.shape == "pdf-export"
    assert pdf.title == "Note from N. Khrushchev to the CPSU CC Presidium"
    assert pdf.source == 'APRF, Fond 52. Published in "Istochnik". Translated by Gary Goldberg.'


def test_citation_titles_with_inner_quotes_and_question_marks() -> None:
    c = parse_citation(
        "\"TASS Digest, 'The Anti-Soviet Fabrications; Etc.'\", October 16, 1945, Wilson Center Digital Archive, RGASPI"
    )
    assert c is not None and c.title == "TASS Digest, 'The Anti-Soviet Fabrications; Etc.'"
    c = parse_citation('"Where Is Castro?," 1962, Wilson Center Digital Archive, X')
    assert c is not None and (c.title, c.date_text, c.shape) == ("Where Is Castro?", "1962", "old-site")
    c = parse_citation('"A "Quoted" Word," 1962, Wilson Center Digital Archive, X')
    assert c is not None and c.title == 'A "Quoted" Word'
    assert parse_citation("no quotes here") is None


# --- source, credits, contents -------------------------------------------------------------------


def test_source_locators_and_people() -> None:
    s = parse_source("RGANI, f. 5, op. 49, d. 131, ll. 193-194. Translated by Gary Goldberg.")
    assert s is not None
    assert (s.repository, s.locator) == ("RGANI", "f. 5, op. 49, d. 131, ll. 193-194")
    assert [(c.name.given, c.name.family, c.role) for c in s.contributors] == [
        ("Gary", "Goldberg", "translator")
    ]
    s = parse_source("Obtained by Béla Révész; translated and edited by Paul Smith")
    assert s is not None and s.repository is None and s.locator is None
    assert [(c.name.name, c.role) for c in s.contributors] == [
        ("Béla Révész", "obtained-by"),
        ("Paul Smith", "translator"),
        ("Paul Smith", "editor"),
    ]
    assert parse_source("") is None
    assert parse_source("   ") is None


def test_credits_and_funders() -> None:
    sentences, funders = read_credits(
        "This document was made possible with support from the Leon Levy Foundation and the Carnegie Corporation of New York"
    )
    assert funders == ("Leon Levy Foundation", "Carnegie Corporation of New York")
    assert len(sentences) == 1
    _, funders = read_credits(
        "This document was made possible with support from Chun & Jane Chiu Family Foundation"
    )
    assert funders == ("Chun & Jane Chiu Family Foundation",)


@pytest.mark.parametrize(
    ("line", "kind", "language"),
    [
        ("Translation - English", "translation", "English"),
        ("Transcript - Russian", "transcript", "Russian"),
        ("Original Scan", "original-scan", None),
        ("English Translation", "translation", "English"),
        ("English Transcription", "transcript", "English"),
        ("English HTML", "html", "English"),
    ],
)
def test_contents_items(line: str, kind: str, language: str | None) -> None:
    item = read_content_item(line)
    assert (item.kind, item.language, item.text) == (kind, language, line)


def test_ministry_of_foreign_affairs_is_an_organization() -> None:
    n = parse_name("USSR Ministry of Foreign Affairs")
    assert n is not None and (n.kind, n.name, n.role) == (
        "organization",
        "USSR Ministry of Foreign Affairs",
        None,
    )


@pytest.mark.parametrize(
    "title",
    [
        "Memorandum of Conversation between Mao Zedong and Kim Il Sung Regarding Korea",
        "Memorandum of Conversation between Mao Zedong And Kim Il Sung On the Korean question",
        "Memorandum of Conversation between Mao Zedong and Kim Il Sung regarding Korea",
    ],
)
def test_title_case_conversation_participants(title: str) -> None:
    # "And" separates participants and "Regarding" / "On" start the clause in any case
    reading = read_title(title)
    assert [(n.family, n.given) for n in reading.participants] == [("Mao", "Zedong"), ("Kim", "Il Sung")]
    assert reading.authors == reading.recipients == ()


@pytest.mark.parametrize(
    "title",
    [
        "Letter From Khrushchev To Fidel Castro",
        "LETTER FROM Khrushchev TO Fidel Castro",
        "Letter from Khrushchev to Fidel Castro",
    ],
)
def test_title_case_from_to(title: str) -> None:
    # the " to " between sender and recipient, in any case
    reading = read_title(title)
    assert [n.name for n in reading.authors] == ["Khrushchev"]
    assert [n.name for n in reading.recipients] == ["Fidel Castro"]


# (sender: name, family, given, kind, role), recipients
POSTINGS = [
    # the " to " of a posting is not the one before a recipient; the place is not in the name
    (
        "Telegram from Soviet Ambassador to the USA Dobrynin",
        ("Dobrynin", "Dobrynin", None, "person", "Soviet Ambassador to the USA"),
        [],
    ),
    (
        "Report by Soviet Ambassador to Cuba Alekseev to the CPSU CC",
        ("Alekseev", "Alekseev", None, "person", "Soviet Ambassador to Cuba"),
        ["CPSU CC"],
    ),
    (
        "Letter from Soviet Ambassador to North Korea Puzanov to Kim Il Sung",
        ("Puzanov", "Puzanov", None, "person", "Soviet Ambassador to North Korea"),
        ["Kim Il Sung"],
    ),
    (
        "Telegram from Soviet Ambassador to the Soviet Union Smith",
        ("Smith", "Smith", None, "person", "Soviet Ambassador to the Soviet Union"),
        [],
    ),
    (
        "Letter From Soviet Ambassador To Cuba Alekseev To Fidel Castro",  # title case
        ("Alekseev", "Alekseev", None, "person", "Soviet Ambassador To Cuba"),
        ["Fidel Castro"],
    ),
    # an office without its holder's name is kept whole (never given "Soviet", family "Ambassador")
    ("Letter from the Polish Ambassador to Hungary", ("Polish Ambassador to Hungary", None, None, "organization", None), []),
    ("Telegram from Soviet Ambassador", ("Soviet Ambassador", None, None, "organization", None), []),
    # a recipient after an office: a person, or an organization that starts with a place
    ("Letter from the Soviet Ambassador to Mao Zedong", ("Soviet Ambassador", None, None, "organization", None), ["Mao Zedong"]),
    (
        "Telegram from the Hungarian Ambassador to the USSR Foreign Ministry",
        ("Hungarian Ambassador", None, None, "organization", None),
        ["USSR Foreign Ministry"],
    ),
    # names ending in a word that is also a title stay names
    ("Letter from Martin Luther King to Khrushchev", ("Martin Luther King", "King", "Martin Luther", "person", None), ["Khrushchev"]),
    # a consulate's city, listed or not, is the posting's place, never a given name
    ("Report from Soviet Consul General in Shenyang Ivanov", ("Ivanov", "Ivanov", None, "person", "Soviet Consul General in Shenyang"), []),
    ("Cable from Consul General at Shanghai Smith to the Department of State",
     ("Smith", "Smith", None, "person", "Consul General at Shanghai"), ["Department of State"]),
    ("Report from Consul in New York Ivanov", ("Ivanov", "Ivanov", None, "person", "Consul in New York"), []),
    ("Memorandum from Ambassador at Large Harriman to Kennedy", ("Harriman", "Harriman", None, "person", "Ambassador at Large"), ["Kennedy"]),
    # an office with a body's name in it, then its holder: the holder, not an organization
    ("Telegram from Minister of Foreign Affairs Gromyko to the CC CPSU",
     ("Gromyko", "Gromyko", None, "person", "Minister of Foreign Affairs"), ["CC CPSU"]),
    ("Letter from Chairman of the Council of Ministers Kosygin to Johnson",
     ("Kosygin", "Kosygin", None, "person", "Chairman of the Council of Ministers"), ["Johnson"]),
    ("Letter from First Secretary of the Central Committee Gomulka to Khrushchev",
     ("Gomulka", "Gomulka", None, "person", "First Secretary of the Central Committee"), ["Khrushchev"]),
    ("Note from Head of the Soviet Delegation Zorin to Rusk", ("Zorin", "Zorin", None, "person", "Head of the Soviet Delegation"), ["Rusk"]),
    # the body alone stays a body
    ("Telegram from the Council of Foreign Ministers to Moscow", ("Council of Foreign Ministers", None, None, "organization", None), ["Moscow"]),
]  # fmt: skip


@pytest.mark.parametrize(("title", "sender", "recipients"), POSTINGS)
def test_postings_and_offices_in_titles(
    title: str, sender: tuple[object, ...], recipients: list[str]
) -> None:
    reading = read_title(title)
    [author] = reading.authors
    assert (author.name, author.family, author.given, author.kind, author.role) == sender
    assert [n.name for n in reading.recipients] == recipients


def test_posting_places() -> None:
    from archivecite.parsing.places import is_office, is_posting, name_start_after_posting

    assert is_posting("Soviet Ambassador", "the USA Dobrynin")
    assert is_posting("Polish Ambassador", "Hungary")
    assert not is_posting("Soviet Ambassador", "Mao Zedong")  # not a place
    assert not is_posting("Hungarian Ambassador", "the USSR Foreign Ministry")  # an organization
    assert not is_posting("Khrushchev", "Cuba")  # no office on the left
    words = "Soviet Ambassador to North Korea Puzanov".split()
    assert name_start_after_posting(words, 3) == 5  # after "North Korea"
    assert name_start_after_posting("Letter to Cuba Alekseev".split(), 2) == 2  # no office
    assert is_office("First Deputy Foreign Minister") and is_office("the Soviet Ambassador to the GDR")
    assert not is_office("Mackenzie King") and not is_office("Ambassador to Cuba Alekseev")


CAPITALS = [
    # a title in capitals is read as it would be written otherwise; the names come out so
    ("LETTER FROM KHRUSHCHEV TO FIDEL CASTRO", "letter", ["Khrushchev"], ["Fidel Castro"], []),
    ("TELEGRAM FROM SOVIET AMBASSADOR TO THE USA DOBRYNIN TO THE USSR MFA", "telegram", ["Dobrynin"], ["USSR MFA"], []),
    ("CIPHERED TELEGRAM, FILIPPOV [STALIN] TO MAO ZEDONG", "telegram", ["Filippov [Stalin]"], ["Mao Zedong"], []),
    ("NOTE FROM N. KHRUSHCHEV TO THE CPSU CC PRESIDIUM", "note", ["N. Khrushchev"], ["CPSU CC Presidium"], []),
    ("MEMORANDUM OF CONVERSATION BETWEEN MAO ZEDONG AND KIM IL SUNG", "memorandum of conversation", [], [],
     ["Mao Zedong", "Kim Il Sung"]),
    ("LETTER FROM MCNAMARA TO J.F. KENNEDY", "letter", ["McNamara"], ["J.F. Kennedy"], []),
]  # fmt: skip


@pytest.mark.parametrize(("title", "doc_type", "senders", "recipients", "participants"), CAPITALS)
def test_titles_in_capitals(
    title: str, doc_type: str, senders: list[str], recipients: list[str], participants: list[str]
) -> None:
    reading = read_title(title)
    assert reading.doc_type == doc_type
    assert [n.name for n in reading.authors] == senders
    assert [n.name for n in reading.recipients] == recipients
    assert [n.name for n in reading.participants] == participants
    assert all(n.kind == "person" for n in reading.participants)
    # "FIDEL CASTRO" is a person (the acronym rule made it an organization), with its parts
    if recipients == ["Fidel Castro"]:
        assert (reading.recipients[0].kind, reading.recipients[0].family) == ("person", "Castro")


def test_recase_capitals() -> None:
    from archivecite.parsing.names import recase_capitals

    assert recase_capitals("REPORT, EMBASSY OF HUNGARY IN NORTH KOREA TO THE KWP CC") == (
        "Report, Embassy of Hungary in North Korea to the KWP CC"
    )
    assert (
        recase_capitals("KIM'S VISIT TO THE GDR AND NATO, PART II")
        == "Kim's Visit to the GDR and NATO, Part II"
    )
    assert recase_capitals("TO THE PZPR") == "To the PZPR"  # the first word keeps its capital


def test_record_with_a_title_in_capitals_keeps_the_title() -> None:
    text = (
        "October 28, 1962\n\nLETTER FROM KHRUSHCHEV TO FIDEL CASTRO\n\nCitation:\n\n"
        '"LETTER FROM KHRUSHCHEV TO FIDEL CASTRO", October 28, 1962, Wilson Center Digital Archive, AVP RF.\n\n'
        "Dear Comrade Fidel Castro:\n\nText.\n\nN. KHRUSHCHEV"
    )
    record = archivecite.parse(text)
    assert isinstance(record, archivecite.Record)
    assert record.title == "LETTER FROM KHRUSHCHEV TO FIDEL CASTRO"
    assert [n.name for n in record.authors] == ["N. Khrushchev"]  # completed from the signature
    assert [n.name for n in record.recipients] == ["Fidel Castro"]


def test_citation_title_with_a_comma_inside_and_after_the_quotes() -> None:
    parts = parse_citation('"Letter from A to B,", October 28, 1962, Wilson Center Digital Archive, AVP RF.')
    assert parts is not None
    assert (parts.title, parts.date_text, parts.source) == (
        "Letter from A to B",
        "October 28, 1962",
        "AVP RF.",
    )


PLACES_AND_TYPES = [
    # "Cable from" was read as one type phrase, which left the sender and recipient unread
    ("Cable from Zhou Enlai to Mao Zedong", "cable", [("Zhou Enlai", "person")], [("Mao Zedong", "person")]),
    ("Cable from the Chinese Embassy in Moscow to the Foreign Ministry", "cable",
     [("Chinese Embassy in Moscow", "organization")], [("Foreign Ministry", "organization")]),
    ("Information Note from Romanian Embassy in Beijing to Romanian Foreign Ministry", "note",
     [("Romanian Embassy in Beijing", "organization")], [("Romanian Foreign Ministry", "organization")]),
    # a state or a capital is a corporate name, not a person named "Cuba"
    ("Letter from Khrushchev to Cuba", "letter", [("Khrushchev", "person")], [("Cuba", "organization")]),
    ("Note from the Soviet Union to the United States", "note", [("Soviet Union", "organization")],
     [("United States", "organization")]),
    # an article before the type is not a sender
    ("A Cable from Havana", "cable", [("Havana", "organization")], []),
    # a number after the type; a word before the type that is more of it ("Intelligence Report")
    ("Telegram No. 235 from Shtykov to Vyshinsky", "telegram", [("Shtykov", "person")], [("Vyshinsky", "person")]),
    ("Intelligence Report from the CIA to the White House", "report", [("CIA", "organization")],
     [("White House", "organization")]),
    # the author after "of" for the types that name it so, not for "Letter of Thanks"
    ("Journal of Soviet Ambassador in the DPRK A.M. Puzanov for 1 June 1957", "diary",
     [("A.M. Puzanov", "person")], []),
    ("Letter of the CC of the Polish United Workers' Party to the CC CPSU", "letter",
     [("CC of the Polish United Workers' Party", "organization")], [("CC CPSU", "organization")]),
    ("Resolution of the CPSU CC Presidium on the Situation in Hungary", "resolution",
     [("CPSU CC Presidium", "organization")], []),
    ("Letter of Thanks", "letter", [], []),
    ("Minutes of the Meeting of the CPSU CC Presidium", "minutes", [], []),
    # a body's "of" is part of its name; a place or occasion after the author is not
    ("Statement by the Government of the People's Republic of China", "statement",
     [("Government of the People's Republic of China", "organization")], []),
    # "<type> for <recipient> from <sender>", not for a period or the record
    ("Memorandum for the President from Henry Kissinger regarding China", "memorandum",
     [("Henry Kissinger", "person")], [("President", "organization")]),
    ("Memorandum for the Secretary of State from the Director of Central Intelligence, 'Soviet Intentions'",
     "memorandum", [("Director of Central Intelligence", "organization")], [("Secretary of State", "organization")]),
    ("Report for the Period from January to March 1962", "report", [], []),
    ("Memorandum for the Record", "memorandum", [], []),
    # a consulate's city after "in" is its place, not its holder's name
    ("Report from the Soviet Consul General in Shenyang to the USSR MFA", "report",
     [("Soviet Consul General in Shenyang", "organization")], [("USSR MFA", "organization")]),
    ("Letter from Soviet Ambassador in Havana Alekseev to Fidel Castro", "letter", [("Alekseev", "person")],
     [("Fidel Castro", "person")]),
]  # fmt: skip


DIARIES = [
    # a diarist's record of his own conversation: the diarist is its author and a participant
    ("From the Journal of P. F. Yudin, Record of Conversation with Mao Zedong, 31 March 1956", "diary",
     [("P. F. Yudin", None)], [("P. F. Yudin", None), ("Mao Zedong", None)]),
    ("Diary of Soviet Ambassador to the PRC P.F. Yudin, Record of Conversation with Mao Zedong", "diary",
     [("P.F. Yudin", "Soviet Ambassador to the PRC")],
     [("P.F. Yudin", "Soviet Ambassador to the PRC"), ("Mao Zedong", None)]),
    ("From the Diary of S.V. Chervonenko, Record of a Conversation with Zhou Enlai", "diary",
     [("S.V. Chervonenko", None)], [("S.V. Chervonenko", None), ("Zhou Enlai", None)]),
    ("Diary of Yudin, Record of Conversation between Yudin and Mao Zedong", "diary",
     [("Yudin", None)], [("Yudin", None), ("Mao Zedong", None)]),
    # a record of a conversation that is no diary names participants only
    ("Record of Conversation between Mao Zedong and Soviet Ambassador Yudin", "record of conversation",
     [], [("Mao Zedong", None), ("Yudin", "Soviet Ambassador")]),
]  # fmt: skip


@pytest.mark.parametrize(("title", "doc_type", "authors", "participants"), DIARIES)
def test_diarists_records_of_conversations(
    title: str,
    doc_type: str,
    authors: list[tuple[str, str | None]],
    participants: list[tuple[str, str | None]],
) -> None:
    reading = read_title(title)
    assert reading.doc_type == doc_type
    assert [(n.name, n.role) for n in reading.authors] == authors
    assert [(n.name, n.role) for n in reading.participants] == participants
    assert reading.recipients == ()


@pytest.mark.parametrize(("title", "doc_type", "senders", "recipients"), PLACES_AND_TYPES)
def test_places_and_type_phrases_in_titles(
    title: str, doc_type: str, senders: list[tuple[str, str]], recipients: list[tuple[str, str]]
) -> None:
    reading = read_title(title)
    assert reading.doc_type == doc_type
    assert [(n.name, n.kind) for n in reading.authors] == senders
    assert [(n.name, n.kind) for n in reading.recipients] == recipients


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an office and nothing else is kept whole, never given "Secretary of", family "State"
        ("Secretary of State", ("Secretary of State", "organization", None, None, None)),
        (
            "President of the United States",
            ("President of the United States", "organization", None, None, None),
        ),
        # with its holder's name, the office is the role
        ("Secretary of State Rusk", ("Rusk", "person", "Rusk", None, "Secretary of State")),
        ("King Hussein", ("Hussein", "person", "Hussein", None, "King")),
        # the words after "<office> of" are its domain, not a name
        (
            "Director of Central Intelligence",
            ("Director of Central Intelligence", "organization", None, None, None),
        ),
        (
            "Minister of Defense Malinovsky",
            ("Malinovsky", "person", "Malinovsky", None, "Minister of Defense"),
        ),
        # a surname that is also a title stays a surname
        ("Mackenzie King", ("Mackenzie King", "person", "King", "Mackenzie", None)),
    ],
)
def test_offices_and_names(text: str, expected: tuple[object, ...]) -> None:
    name = parse_name(text)
    assert name is not None
    assert (name.name, name.kind, name.family, name.given, name.role) == expected
