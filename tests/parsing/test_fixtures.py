"""Every bundled record parsed field by field, with exact values."""

from __future__ import annotations

import pytest

from archivecite import ContentItem, Contributor, LineSpan, Name, Record

WCDA = "Wilson Center Digital Archive"
HAPP = "History and Public Policy Program Digital Archive"


def names(ns: tuple[Name, ...]) -> list[tuple[str, str | None, str | None, str]]:
    return [(n.name, n.family, n.given, n.kind) for n in ns]


def test_seed_record_fields(seed_record: Record) -> None:
    r = seed_record
    assert r.record_id == "114504"
    assert r.url == "https://wilson-center-digital-archive.dvincitest.com/document/114504"
    assert r.canonical_url == "https://digitalarchive.wilsoncenter.org/document/114504"
    assert r.title == "Letter from Khrushchev to Fidel Castro"
    assert r.date is not None
    assert (r.date.text, r.date.edtf, r.date.precision) == ("October 28, 1962", "1962-10-28", "day")
    assert r.doc_type == "letter"
    assert names(r.authors) == [("N. Khrushchev", "Khrushchev", "N.", "person")]
    assert names(r.recipients) == [("Fidel Castro", "Castro", "Fidel", "person")]
    assert r.collection == WCDA
    assert r.source is not None
    assert r.source.text == "Archive of Foreign Policy, Russian Federation (AVP RF)"
    assert r.source.repository == "Archive of Foreign Policy, Russian Federation (AVP RF)"
    assert r.source.locator is None
    assert r.summary is not None and r.summary.startswith(
        "Khrushchev informed Castro of his deal with J.F.Kennedy."
    )
    assert r.summary.endswith("e.g. firing at American planes.")
    assert r.credits == ("This document was made possible with support from Leon Levy Foundation",)
    assert r.funders == ("Leon Levy Foundation",)
    assert r.original_languages == ("Russian",)
    assert r.contents == (ContentItem("translation", "English", "Translation - English"),)
    assert r.body is not None
    assert r.body.startswith("Dear Comrade Fidel Castro:\n\nOur message of 27 October")
    assert r.body.endswith("N. KHRUSHCHEV\n\n28 October 1962")
    assert r.signature == "N. KHRUSHCHEV"
    assert r.extra == ()
    assert r.citation == (
        '"Letter from Khrushchev to Fidel Castro", October 28, 1962, Wilson Center Digital Archive, '
        "Archive of Foreign Policy, Russian Federation (AVP RF)\n"
        "<https://wilson-center-digital-archive.dvincitest.com/document/114504>"
    )
    assert r.span == LineSpan(3, 42)
    assert r.diagnostics == ()


def test_seed_body_is_verbatim(seed_record: Record, fixture_texts: dict[str, str]) -> None:
    text = fixture_texts["114504"]
    assert seed_record.body is not None
    start = text.index("Dear Comrade Fidel Castro:")
    assert text[start:] == seed_record.body


EXPECTED = {
    "110385": dict(
        title="Ciphered Telegram, Filippov [Stalin] to Mao Zedong",
        url="https://digitalarchive.wilsoncenter.org/document/110385",
        date=("September 10, 1951", "1951-09-10"),
        doc_type="telegram",
        authors=[("Filippov [Stalin]", "Filippov", None, "person")],
        recipients=[("Mao Zedong", "Mao", "Zedong", "person")],
        collection=WCDA,
        source=(
            "APRF, Fond 45, Opis 1, Delo 340, List 82.",
            "APRF",
            "Fond 45, Opis 1, Delo 340, List 82",
            (),
        ),
        languages=(),
        contents=(),
        funders=(),
        body_start="for Comrade Mao Zedong\n\n“Comrade Mao Zedong!",
        summary_start="Telegram from Stalin to Mao agreeing",
    ),
    "111776": dict(
        title="Telegram from Soviet Ambassador to the USA Dobrynin to the USSR MFA",
        url="http://digitalarchive.wilsoncenter.org/document/111776",
        date=("October 18, 1962", "1962-10-18"),
        doc_type="telegram",
        authors=[("Dobrynin", "Dobrynin", None, "person")],
        recipients=[("USSR MFA", None, None, "organization")],
        collection=HAPP,
        source=(
            "AVP RF, copy courtesy of NSA; translation by Mark H. Doctoroff",
            "AVP RF",
            None,
            (("Mark H. Doctoroff", "translator"),),
        ),
        languages=(),
        contents=(("html", "English"),),
        funders=(),
        body_start="Telegram from Soviet Ambassador to the USA Dobrynin to the USSR MFA, 18 October 1962\n\nTOP SECRET",
        summary_start="Dobrynin sends statements",
    ),
    "112230": dict(
        title="Note from N. Khrushchev to the CPSU CC Presidium regarding conversations with Yugoslav leaders in the Crimea",
        url="http://digitalarchive.wilsoncenter.org/document/112230",
        date=("October 08, 1956", "1956-10-08"),
        doc_type="note",
        authors=[("N. Khrushchev", "Khrushchev", "N.", "person")],
        recipients=[("CPSU CC Presidium", None, None, "organization")],
        collection=HAPP,
        source=(
            'APRF, Fond 52, Opis 1, Delo 349, List 64-113. Published in "Istochnik" no earlier than 24 September 1956. '
            "Translated by Gary Goldberg.",
            "APRF",
            "Fond 52, Opis 1, Delo 349, List 64-113",
            (("Gary Goldberg", "translator"),),
        ),
        languages=("Russian",),
        contents=(("translation", "English"),),
        funders=(),
        body_start="8 October 1956\nTop Secret\nTO THE CPSU CC PRESIDIUM",
        summary_start="Khrushchev describes his conversations",
    ),
    "113266": dict(
        title="Transcript of CPSU CC Politburo Session on Afghanistan",
        url=None,
        date=("March 22, 1979", "1979-03-22"),
        doc_type="transcript",
        authors=[],
        recipients=[],
        collection=HAPP,
        source=("TsKhSD, f. 89, per. 25, dok. 2", "TsKhSD", "f. 89, per. 25, dok. 2", ()),
        languages=(),
        contents=(("html", "English"),),
        funders=(),
        body_start="Top Secret\nOnly copy\nWorking transcript\n\n22 March 1979",
        summary_start=None,
    ),
    "117035": dict(
        title="Minutes, Mao’s Conversation with a Yugoslavian Communist Union Delegation, Beijing, [undated]",
        url=None,
        date=("September, 1956", "1956-09"),
        doc_type="minutes",
        authors=[],
        recipients=[],
        collection=HAPP,
        source=(
            "Mao Zedong waijiao wenxuan [Selected Diplomatic Papers of Mao Zedong] (Beijing: The Central Press of "
            "Historical Documents, 1993), 251-262. Translated and Annotated by Zhang Shu Guang and Chen Jian",
            None,
            None,
            (
                ("Zhang Shu Guang", "translator"),
                ("Zhang Shu Guang", "annotator"),
                ("Chen Jian", "translator"),
                ("Chen Jian", "annotator"),
            ),
        ),
        languages=(),
        contents=(),
        funders=("Leon Levy Foundation",),
        body_start="We welcome you to China.  We are very pleased at your visit.",
        summary_start="Mao apologizes to Yugoslavian",
    ),
    "134696": dict(
        title="TASS Digest Distributed to Cde. I.V. Stalin and Cde. C.M. Molotov, 'The Anti-Soviet Fabrications of a "
        "Mexican Newspaper; Etc.'",
        url="https://digitalarchive.wilsoncenter.org/document/134696",
        date=("October 16, 1945", "1945-10-16"),
        doc_type="digest",
        authors=[("TASS", None, None, "organization")],
        recipients=[
            ("Cde. I.V. Stalin", "Stalin", "I.V.", "person"),
            ("Cde. C.M. Molotov", "Molotov", "C.M.", "person"),
        ],
        collection=WCDA,
        source=(
            "RGASPI, f. 558, op. 11, d. 97, ll. 67-70. Contributed by Sergey Radchenko and translated by Gary Goldberg.",
            "RGASPI",
            "f. 558, op. 11, d. 97, ll. 67-70",
            (("Sergey Radchenko", "contributor"), ("Gary Goldberg", "translator")),
        ),
        languages=("Russian",),
        contents=(),
        funders=(),
        body_start=None,
        summary_start="Summary of news reports from Mexico",
    ),
    "280697": dict(
        title="Letter to the Deputy Chairman of the Soviet Committee of the MGG, Prof. Pushkov",
        url="https://digitalarchive.wilsoncenter.org/document/280697",
        date=("1958", "1958"),
        doc_type="letter",
        authors=[],
        recipients=[("Prof. Pushkov", "Pushkov", None, "person")],
        collection=WCDA,
        source=(
            "RGANI, f. 5, op. 49, d. 131, ll. 193-194. Translated by Gary Goldberg.",
            "RGANI",
            "f. 5, op. 49, d. 131, ll. 193-194",
            (("Gary Goldberg", "translator"),),
        ),
        languages=("Russian",),
        contents=(),
        funders=("Chun & Jane Chiu Family Foundation",),
        body_start="from Peking\n\nTO THE DEPUTY CHAIRMAN",
        summary_start=None,
    ),
    "300653": dict(
        title="Letter, Jawaharlal Nehru to All Provincial Premiers",
        url="https://digitalarchive.wilsoncenter.org/document/300653",
        date=("April 1, 1949", "1949-04-01"),
        doc_type="letter",
        authors=[("Jawaharlal Nehru", "Nehru", "Jawaharlal", "person")],
        recipients=[("All Provincial Premiers", None, None, "organization")],
        collection=WCDA,
        source=(
            "Nehru Memorial Museum and Library, File No. JNSG, vol. 21-1.",
            "Nehru Memorial Museum and Library",
            "File No. JNSG, vol. 21-1",
            (),
        ),
        languages=("English",),
        contents=(),
        funders=(),
        body_start="Secret.\nF.N.33.\nNew Delhi, 1st April, 1949.\nMy dear premier,",
        summary_start="Nehru briefs the Provincial Premiers",
    ),
}


@pytest.mark.parametrize("rid", sorted(EXPECTED))
def test_corpus_record_fields(rid: str, fixture_records: dict[str, Record]) -> None:
    r = fixture_records[rid]
    e = EXPECTED[rid]
    assert r.title == e["title"]
    assert r.url == e["url"]
    if e["url"] and "/document/" in e["url"]:
        assert r.record_id == rid
        assert r.canonical_url == f"https://digitalarchive.wilsoncenter.org/document/{rid}"
    else:
        assert r.record_id is None and r.canonical_url is None  # the record does not say
    assert r.date is not None and (r.date.text, r.date.edtf) == e["date"]
    assert r.doc_type == e["doc_type"]
    assert names(r.authors) == e["authors"]
    assert names(r.recipients) == e["recipients"]
    assert r.collection == e["collection"]
    text, repo, loc, people = e["source"]  # type: ignore[misc]
    assert r.source is not None
    assert (r.source.text, r.source.repository, r.source.locator) == (text, repo, loc)
    assert tuple((c.name.name, c.role) for c in r.source.contributors) == people
    assert r.original_languages == e["languages"]
    assert tuple((c.kind, c.language) for c in r.contents) == e["contents"]
    assert r.funders == e["funders"]
    if e["body_start"] is None:
        assert r.body is None
    else:
        assert r.body is not None and r.body.startswith(e["body_start"])
    if e["summary_start"] is None:
        assert r.summary is None
    else:
        assert r.summary is not None and r.summary.startswith(e["summary_start"])
    assert r.extra == ()
    assert [d.code for d in r.diagnostics] == []


def test_no_invented_given_names(fixture_records: dict[str, Record]) -> None:
    # "Dobrynin" has no signature to complete him; "Pushkov" only a surname.
    assert fixture_records["111776"].authors[0].given is None
    assert fixture_records["280697"].recipients[0].given is None
    assert fixture_records["111776"].authors[0].role == "Soviet Ambassador to the USA"
    assert (
        fixture_records["280697"].recipients[0].role == "Deputy Chairman of the Soviet Committee of the MGG"
    )


def test_pseudonym_keeps_both(fixture_records: dict[str, Record]) -> None:
    sender = fixture_records["110385"].authors[0]
    assert (sender.family, sender.real_name) == ("Filippov", "Stalin")


def test_family_first_names(fixture_records: dict[str, Record]) -> None:
    mao = fixture_records["110385"].recipients[0]
    assert mao.family_first and mao.full == "Mao Zedong" and mao.inverted == "Mao Zedong"
    src = fixture_records["117035"].source
    assert src is not None
    zhang = src.contributors[0].name
    assert (zhang.family, zhang.given, zhang.family_first) == ("Zhang", "Shu Guang", True)


def test_conversation_has_participants_not_sender(fixture_records: dict[str, Record]) -> None:
    r = fixture_records["117035"]
    assert r.authors == () and r.recipients == ()
    assert [(n.name, n.kind) for n in r.participants] == [
        ("Mao", "person"),
        ("Yugoslavian Communist Union Delegation", "organization"),
    ]


def test_translator_names(fixture_records: dict[str, Record]) -> None:
    assert fixture_records["111776"].translators == (
        Name("Mark H. Doctoroff", family="Doctoroff", given="Mark H."),
    )
    src = fixture_records["134696"].source
    assert src is not None
    assert (
        Contributor(Name("Sergey Radchenko", family="Radchenko", given="Sergey"), "contributor")
        in src.contributors
    )
