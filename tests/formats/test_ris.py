"""RIS writer and reader (output rules §5), checked with rispy as the independent reader."""

from __future__ import annotations

import io
import re
from pathlib import Path

import attrs
import pytest
import rispy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archivecite.errors import FormatError, ParseError
from archivecite.formats import detect_format, get_reader, get_writer
from archivecite.formats.ris import RISReader, dumps, fold, loads
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
from reference_records import REFERENCE

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "records"
CANON = "https://digitalarchive.wilsoncenter.org/document/"

REF = REFERENCE  # the reference record 114504 as in output-rules §0 (tests/reference_records.py)

REF_RIS = """\
TY  - PCOMM
TI  - Letter from Khrushchev to Fidel Castro
AU  - Khrushchev, N.
A2  - Castro, Fidel
DA  - 1962/10/28/
PY  - 1962
M3  - letter
LA  - English
AB  - Khrushchev informed Castro of his deal with J.F.Kennedy.
DB  - Archive of Foreign Policy, Russian Federation (AVP RF)
DP  - Wilson Center Digital Archive
UR  - https://digitalarchive.wilsoncenter.org/document/114504
UR  - https://wilson-center-digital-archive.dvincitest.com/document/114504
N1  - Original language: Russian
N1  - Credits: This document was made possible with support from Leon Levy Foundation
ER  -\x20
"""

#: What RIS cannot hold (docs/formats/ris.md): set to the empty value for comparisons.
LOST = {
    "funders": (),
    "participants": (),
    "signature": None,
    "body": None,
    "extra": (),
    "citation": None,
    "span": None,
}

TAG_LINE = re.compile(r"^(TY|TI|AU|A2|A4|DA|PY|M3|LA|AB|DB|AN|DP|UR|KW|N1|ER)  - (\S.*)?$")


def roundtrip(record: Record) -> Record:
    (back,) = loads(dumps([record]))
    assert isinstance(back, Record)
    return attrs.evolve(back, span=None)


def kept(record: Record, **changes: object) -> Record:
    """``record`` reduced to what RIS keeps; ``changes`` spell out expected normalisations."""
    date = record.date and attrs.evolve(record.date, text=None)
    return attrs.evolve(record, date=date, **{**LOST, **changes})  # type: ignore[arg-type]


# ---------------------------------------------------------------- writer: gold


def test_reference_record_gold() -> None:
    assert dumps([REF]) == REF_RIS


def test_gold_reads_with_rispy() -> None:
    (entry,) = rispy.loads(dumps([REF]))
    assert entry == {
        "type_of_reference": "PCOMM",
        "title": "Letter from Khrushchev to Fidel Castro",
        "authors": ["Khrushchev, N."],
        "secondary_authors": ["Castro, Fidel"],
        "date": "1962/10/28/",
        "year": "1962",
        "type_of_work": "letter",
        "language": "English",
        "abstract": "Khrushchev informed Castro of his deal with J.F.Kennedy.",
        "name_of_database": "Archive of Foreign Policy, Russian Federation (AVP RF)",
        "database_provider": "Wilson Center Digital Archive",
        "urls": [CANON + "114504", "https://wilson-center-digital-archive.dvincitest.com/document/114504"],
        "notes": [
            "Original language: Russian",
            "Credits: This document was made possible with support from Leon Levy Foundation",
        ],
    }


def test_registry_writer_and_records_separated_by_blank_line() -> None:
    buf = io.StringIO()
    get_writer("ris").write([REF, REF], buf)
    assert buf.getvalue() == REF_RIS + "\n" + REF_RIS
    assert len(rispy.loads(buf.getvalue())) == 2


def test_title_first_record_is_manuscript() -> None:
    rec = Record(
        title="Transcript of CPSU CC Politburo Session on Afghanistan",
        date=ArchivalDate("March 22, 1979", DatePoint(1979, 3, 22)),
        doc_type="Minutes/transcript",
        collection="History and Public Policy Program Digital Archive",
        source=Source(
            "TsKhSD, f. 89, per. 25, dok. 2", repository="TsKhSD", locator="f. 89, per. 25, dok. 2"
        ),
    )
    assert dumps([rec]) == (
        "TY  - MANSCPT\n"
        "TI  - Transcript of CPSU CC Politburo Session on Afghanistan\n"
        "DA  - 1979/03/22/\n"
        "PY  - 1979\n"
        "M3  - Minutes/transcript\n"
        "DB  - TsKhSD\n"
        "AN  - f. 89, per. 25, dok. 2\n"
        "DP  - History and Public Policy Program Digital Archive\n"
        "ER  - \n"
    )


@pytest.mark.parametrize(
    ("date", "da", "py"),
    [
        (ArchivalDate("1971", DatePoint(1971)), "1971///", "1971"),
        (ArchivalDate("November 1967", DatePoint(1967, 11)), "1967/11//", "1967"),
        (ArchivalDate("March 05, 1949", DatePoint(1949, 3, 5)), "1949/03/05/", "1949"),
        (ArchivalDate("ca. 1962", DatePoint(1962), approximate=True), "1962///1962~", "1962"),
        (ArchivalDate("1962?", DatePoint(1962), uncertain=True), "1962///1962?", "1962"),
        (
            ArchivalDate(None, DatePoint(1962, 10, 22), DatePoint(1962, 11, 2)),
            "1962/10/22/1962-10-22/1962-11-02",
            "1962",
        ),
    ],
)
def test_dates(date: ArchivalDate, da: str, py: str) -> None:
    rec = Record(title="T", date=date)
    (entry,) = rispy.loads(dumps([rec]))
    assert (entry["date"], entry["year"]) == (da, py)
    assert roundtrip(rec).date == attrs.evolve(date, text=None)  # the date as worded is not kept


def test_names_persons_organizations() -> None:
    rec = Record(
        title="T",
        authors=(Name("USSR MFA", kind="organization"), Name("Dobrynin", family="Dobrynin")),
        recipients=(Name("Mao Zedong", family="Mao", given="Zedong", family_first=True),),
    )
    (entry,) = rispy.loads(dumps([rec]))
    assert entry["authors"] == ["USSR MFA", "Dobrynin,"]
    # family-first names keep their order (no comma: Zotero keeps it as one field)
    assert entry["secondary_authors"] == ["Mao Zedong"]
    back = roundtrip(rec)
    assert back.authors == rec.authors
    assert back.recipients == rec.recipients


def test_family_first_name_the_reader_would_not_recognise_is_written_with_a_comma() -> None:
    rec = Record(recipients=(Name("Qwerty Asdf", family="Qwerty", given="Asdf", family_first=True),))
    (entry,) = rispy.loads(dumps([rec]))
    assert entry["secondary_authors"] == ["Qwerty, Asdf"]
    # the parts survive, the family-first flag does not
    assert roundtrip(rec).recipients == (Name("Asdf Qwerty", family="Qwerty", given="Asdf"),)


def test_comma_less_names_from_other_tools_are_read_like_page_dumps() -> None:
    (rec,) = loads("TY  - PCOMM\nAU  - Nikita Khrushchev\nA2  - Embassy of Hungary in North Korea\nER  - \n")
    assert isinstance(rec, Record)
    assert rec.authors == (Name("Nikita Khrushchev", family="Khrushchev", given="Nikita"),)
    assert rec.recipients[0].kind == "organization"


def test_no_access_date_and_nothing_invented() -> None:
    assert dumps([Record(title="Only a title")]) == "TY  - MANSCPT\nTI  - Only a title\nER  - \n"


def test_failed_records_are_refused_not_skipped() -> None:
    failed = FailedRecord(raw="junk", span=LineSpan(3, 4), diagnostics=())
    with pytest.raises(FormatError, match="failed record"):
        dumps([REF, failed])  # type: ignore[list-item]


# ---------------------------------------------------------------- injection


INJECTIONS = [
    "Title\nER  - \nTY  - JOUR\nTI  - Injected",
    "Title\r\nER  - \r\nTY  - BOOK",
    "Title\rAU  - Evil, Person",
    "Title\u2028TY  - JOUR\u2029ER  - ",
    "Title\x85KW  - injected\x0bN1  - x\x0cUR  - http://evil",
    "TY  - JOUR",
    "ER  - ",
    "\nER  - \n\n1.\nTY  - JOUR\n",
]


@pytest.mark.parametrize("evil", INJECTIONS)
@pytest.mark.parametrize(
    "field", ["title", "summary", "doc_type", "collection", "subject", "author", "source", "url"]
)
def test_values_cannot_inject_tags_or_records(evil: str, field: str) -> None:
    values = {
        "title": {"title": evil},
        "summary": {"summary": evil},
        "doc_type": {"doc_type": evil},
        "collection": {"collection": evil},
        "subject": {"subjects": (evil,)},
        "author": {"authors": (Name(evil, family=evil, given=evil),)},
        "source": {"source": Source(evil, repository=evil, locator=evil)},
        "url": {"url": evil},
    }[field]
    rec = Record(**values)  # type: ignore[arg-type]
    text = dumps([rec, REF])
    lines = text.split("\n")
    assert all(TAG_LINE.match(line) or line == "" for line in lines), text
    assert [line for line in lines if line.startswith("TY  - ")] == ["TY  - MANSCPT", "TY  - PCOMM"]
    assert sum(line == "ER  - " for line in lines) == 2
    entries = rispy.loads(text)
    assert len(entries) == 2
    assert entries[0]["type_of_reference"] == "MANSCPT"
    assert "unknown_tag" not in entries[0]
    assert entries[1] == rispy.loads(REF_RIS)[0]
    assert len(loads(text, strict=True)) == 2


def test_fold_line_breaks() -> None:
    assert fold(" a\r\nb\rc\nd\u2028e\u2029f\x85g\x0bh\x0ci\x1cj  ") == "a b c d e f g h i j"
    assert fold("x\n\n\ny") == "x y"
    assert fold("\n") == ""


def test_semicolon_in_url_is_encoded_so_readers_do_not_split_it() -> None:
    rec = Record(title="T", url="https://example.org/a;b")
    (entry,) = rispy.loads(dumps([rec]))
    assert entry["urls"] == ["https://example.org/a%3Bb"]


# ---------------------------------------------------------------- round trips, field by field

_TRANSLATOR = Contributor(Name("Gary Goldberg", family="Goldberg", given="Gary"), "translator")
FIELD_CASES: dict[str, tuple[Record, dict[str, object]]] = {
    "title": (Record(title="A “quoted” title — with Ünïcödé"), {}),
    "record_id": (Record(record_id="113266", url=CANON + "113266", canonical_url=CANON + "113266"), {}),
    "url": (Record(url="https://example.org/x"), {}),
    "url+canonical": (
        Record(
            record_id="110385",
            url=CANON + "110385.pdf?v=eda1d0de153860bdd9491da9e3598060",
            canonical_url=CANON + "110385",
        ),
        {},
    ),
    "date": (Record(date=ArchivalDate("March 05, 1949", DatePoint(1949, 3, 5))), {}),
    "date-range": (Record(date=ArchivalDate(None, DatePoint(1962), DatePoint(1963), approximate=True)), {}),
    "doc_type": (Record(doc_type="Minutes/transcript"), {}),
    "authors": (Record(authors=(Name("N. Khrushchev", family="Khrushchev", given="N."),)), {}),
    "recipients": (Record(recipients=(Name("USSR MFA", kind="organization"),)), {}),
    "letter": (REF, {}),
    "collection": (Record(collection="History and Public Policy Program Digital Archive"), {}),
    "source": (
        Record(
            source=Source(
                text="RGANI, f. 5, op. 49, d. 131, ll. 193-194. Translated by Gary Goldberg.",
                repository="RGANI",
                locator="f. 5, op. 49, d. 131, ll. 193-194",
                contributors=(_TRANSLATOR,),
            )
        ),
        {},
    ),
    "source-unparsed": (Record(source=Source(text="Obtained by Béla Révész")), {}),
    "source-repository-only": (Record(source=Source(text="AVP RF", repository="AVP RF")), {}),
    "summary": (Record(summary="Line one.\n\nLine two."), {"summary": "Line one. Line two."}),
    "credits": (Record(credits=("This document was made possible with support from X",)), {}),
    "original_languages": (Record(original_languages=("Russian", "German")), {}),
    "language": (
        Record(
            original_languages=("Russian",),
            contents=(ContentItem("translation", "English", "Translation - English"),),
        ),
        {},
    ),
    "subjects": (Record(subjects=("Cuban Missile Crisis, 1962", "Nuclear weapons")), {}),
}


@pytest.mark.parametrize("field", sorted(FIELD_CASES))
def test_roundtrip_field(field: str) -> None:
    rec, changes = FIELD_CASES[field]
    assert roundtrip(rec) == kept(rec, **changes)


def test_rispy_reads_every_case_back_to_the_written_values() -> None:
    records = [rec for rec, _ in FIELD_CASES.values()]
    entries = rispy.loads(dumps(records))
    assert len(entries) == len(records)
    for rec, entry in zip(records, entries, strict=True):
        assert entry.get("title") == rec.title
        assert entry.get("abstract") == (fold(rec.summary) if rec.summary else None)
        assert entry.get("keywords", []) == list(rec.subjects)
        assert entry.get("database_provider") == rec.collection
        assert entry.get("type_of_work") == rec.doc_type


# ---------------------------------------------------------------- reading the archive's RIS export

WCDA_RIS = """\
TY  - MANSCPT
TI  - Letter from Khrushchev to Fidel Castro
AU  - Khrushchev, Nikita
DA  - 1962/10/28
PY  - 1962
DB  - Wilson Center Digital Archive
AN  - RGANI, f. 5, op. 49, d. 131, ll. 193-194. Translated by Gary Goldberg.
LA  - Russian
M3  - Letter
KW  - Cuban Missile Crisis, 1962
KW  - Nuclear weapons
UR  - https://digitalarchive.wilsoncenter.org/document/114504
ER  -\x20
"""


def test_reads_wilson_center_ris_export() -> None:
    (rec,) = loads(WCDA_RIS, file="export.ris")
    assert isinstance(rec, Record)
    assert rec.collection == "Wilson Center Digital Archive"
    assert rec.source is not None
    assert rec.source.text == "RGANI, f. 5, op. 49, d. 131, ll. 193-194. Translated by Gary Goldberg."
    assert (rec.source.repository, rec.source.locator) == ("RGANI", "f. 5, op. 49, d. 131, ll. 193-194")
    assert rec.translators == (Name("Gary Goldberg", family="Goldberg", given="Gary"),)
    assert rec.original_languages == ("Russian",)
    assert rec.contents == ()  # LA is the original language here, not a translation's
    assert rec.doc_type == "Letter"
    assert rec.subjects == ("Cuban Missile Crisis, 1962", "Nuclear weapons")
    assert rec.record_id == "114504" and rec.canonical_url == CANON + "114504"
    assert rec.url == CANON + "114504"
    assert rec.date == ArchivalDate(None, DatePoint(1962, 10, 28))
    assert rec.authors == (Name("Nikita Khrushchev", family="Khrushchev", given="Nikita"),)
    assert (rec.span, rec.file) == (LineSpan(1, 13), "export.ris")


def test_crlf_numbered_headers_and_unknown_tags() -> None:
    text = "1.\r\nTY  - GEN\r\nTI  - A title\r\n  continued\r\nCY  - Moscow\r\nER  - \r\n\r\n"
    (rec,) = loads(text)
    assert isinstance(rec, Record)
    assert rec.title == "A title continued"
    assert rec.extra == (("RIS TY", "GEN"), ("RIS CY", "Moscow"))
    assert rec.span == LineSpan(2, 6)


def test_reads_streams_line_by_line(tmp_path: Path) -> None:
    path = tmp_path / "refs.ris"
    path.write_bytes(("\ufeff" + REF_RIS + "\n" + REF_RIS).replace("\n", "\r\n").encode("utf-8"))
    for newline in (None, ""):
        with open(path, encoding="utf-8", newline=newline) as handle:
            out = list(RISReader().read(handle, file=str(path)))
        assert [r.span for r in out] == [LineSpan(1, 16), LineSpan(18, 33)]
        assert all(isinstance(r, Record) and r.title == REF.title for r in out)
    assert [r.span for r in RISReader().read(io.StringIO(REF_RIS.replace("\n", "\r")))] == [LineSpan(1, 16)]


def test_unterminated_entry_is_kept_with_a_warning_and_strict_raises() -> None:
    text = REF_RIS + "\nTY  - MANSCPT\nTI  - Last one\n"
    out = loads(text)
    assert len(out) == 2
    last = out[1]
    assert isinstance(last, Record) and last.title == "Last one"
    assert [d.code for d in last.diagnostics] == ["ris-unterminated"]
    assert last.diagnostics[0].line == 18
    with pytest.raises(ParseError, match="ris-unterminated"):
        loads(text, strict=True)


def test_unreadable_date_is_kept_with_a_warning() -> None:
    (rec,) = loads("TY  - MANSCPT\nTI  - T\nDA  - sometime in spring\nER  - \n")
    assert isinstance(rec, Record)
    assert rec.date is None
    assert rec.extra == (("Date", "sometime in spring"),)
    assert [d.code for d in rec.diagnostics] == ["unparsed-date"]


@pytest.mark.parametrize("da", ["1962/13/01/", "1962/02/40/"])
def test_impossible_dates_are_not_invented(da: str) -> None:
    (rec,) = loads(f"TY  - MANSCPT\nDA  - {da}\nER  - \n")
    assert isinstance(rec, Record) and rec.date is None


def test_not_ris_raises() -> None:
    with pytest.raises(ParseError, match="not-ris"):
        loads("just some text\n")
    assert loads("") == []


def test_detect() -> None:
    reader = RISReader()
    assert reader.detect(REF_RIS)
    assert reader.detect("\n\nTY  - JOUR\n")
    assert detect_format(REF_RIS) == "ris"
    assert not reader.detect("[{}]")
    assert not reader.detect("October 28, 1962\n\nLetter from Khrushchev to Fidel Castro\n")
    assert get_reader("ris") is not None


# ---------------------------------------------------------------- fixtures (through the parser)


def _parse_fixtures() -> list[Record]:
    import archivecite

    out = []
    for path in sorted(FIXTURES.glob("*.txt")):
        rec = archivecite.parse(path.read_text(encoding="utf-8"))
        assert isinstance(rec, Record), path.name
        out.append(rec)
    assert len(out) == 9
    return out


def _ris_name(n: Name) -> Name:
    from archivecite.parsing.names import parse_name

    if n.kind == "person" and n.family:
        if n.family_first and n.given:
            found = parse_name(f"{n.family} {n.given}")
            if found is not None and (found.family, found.given, found.family_first) == (
                n.family,
                n.given,
                True,
            ):
                return found
        return Name(f"{n.given} {n.family}" if n.given else n.family, family=n.family, given=n.given)
    return parse_name(n.name) or Name(n.name, kind="organization")


def _ris_view(rec: Record) -> Record:
    """What RIS keeps of a parsed record."""
    source = rec.source
    if source is not None:
        source = attrs.evolve(
            source,
            contributors=tuple(Contributor(_ris_name(n), "translator") for n in source.translators),
        )
    lang = rec.text_language
    contents: tuple[ContentItem, ...] = ()
    if lang:
        kind, label = (
            ("transcript", "Transcript") if lang in rec.original_languages else ("translation", "Translation")
        )
        contents = (ContentItem(kind, lang, f"{label} - {lang}"),)
    return kept(
        rec,
        authors=tuple(map(_ris_name, rec.authors)),
        recipients=tuple(map(_ris_name, rec.recipients)),
        source=source,
        contents=contents,
        summary=fold(rec.summary) if rec.summary else None,
        url=rec.url or rec.canonical_url,
        file=None,
        diagnostics=(),
    )


def test_fixtures_roundtrip() -> None:
    records = _parse_fixtures()
    back = loads(dumps(records), strict=True)
    assert len(back) == len(records)
    for rec, got in zip(records, back, strict=True):
        assert attrs.evolve(got, span=None) == _ris_view(rec), rec.record_id


def test_fixtures_read_by_rispy() -> None:
    records = _parse_fixtures()
    text = dumps(records)
    assert all(TAG_LINE.match(line) or line == "" for line in text.split("\n"))
    entries = rispy.loads(text)
    assert len(entries) == len(records)
    for rec, entry in zip(records, entries, strict=True):
        assert entry["type_of_reference"] == ("PCOMM" if rec.is_letter_form else "MANSCPT")
        assert entry.get("title") == rec.title
        assert "unknown_tag" not in entry


# ---------------------------------------------------------------- hypothesis: any Unicode, no injection

_EVIL = st.sampled_from(
    ["\nER  - \n", "\nTY  - JOUR\n", "\r\nAU  - X, Y", "\u2028N1  - z", "ER  - ", "\n\n1.\n"]
)
_piece = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=15) | _EVIL
_text = st.lists(_piece, max_size=3).map("".join)
_opt = st.none() | _text
_names = st.lists(st.builds(Name, name=_text, family=_opt, given=_opt), max_size=2)


@st.composite
def any_record(draw: st.DrawFn) -> Record:
    return Record(
        title=draw(_opt),
        url=draw(_opt),
        doc_type=draw(_opt),
        authors=tuple(draw(_names)),
        recipients=tuple(draw(_names)),
        collection=draw(_opt),
        source=draw(st.none() | st.builds(Source, text=_text, repository=_opt, locator=_opt)),
        summary=draw(_opt),
        credits=tuple(draw(st.lists(_text, max_size=2))),
        original_languages=tuple(draw(st.lists(_text, max_size=2))),
        subjects=tuple(draw(st.lists(_text, max_size=2))),
    )


def _expected(value: str | None) -> str | None:
    return fold(value) or None if value is not None else None


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(any_record(), min_size=1, max_size=3))
def test_any_unicode_gives_ris_without_injected_records_or_tags(records: list[Record]) -> None:
    text = dumps(records)
    lines = text.split("\n")
    assert all(TAG_LINE.match(line) or line == "" for line in lines)
    entries = rispy.loads(text)
    assert len(entries) == len(records)
    for rec, entry in zip(records, entries, strict=True):
        assert "unknown_tag" not in entry
        assert entry["type_of_reference"] == ("PCOMM" if rec.is_letter_form else "MANSCPT")
        assert entry.get("title") == _expected(rec.title)
        assert entry.get("abstract") == _expected(rec.summary)
        assert entry.get("type_of_work") == _expected(rec.doc_type)
        assert entry.get("database_provider") == _expected(rec.collection)
        assert entry.get("keywords", []) == [fold(s) for s in rec.subjects if fold(s)]
        n_names = sum(1 for n in rec.authors if fold(n.name if not n.family else n.family + ","))
        assert len(entry.get("authors", [])) == n_names
    back = loads(text, strict=True)
    assert len(back) == len(records)
    for rec, got in zip(records, back, strict=True):
        assert isinstance(got, Record)
        assert got.title == _expected(rec.title)
        assert got.subjects == tuple(fold(s) for s in rec.subjects if fold(s))


_line = st.one_of(
    st.sampled_from(
        [
            "TY  - MANSCPT",
            "ER  - ",
            "TI  - x",
            "DA  - 1962/10/28/",
            "DA  - 1962/1x/",
            "AU  - a, b",
            "UR  - http://a;b",
            "N1  - Source: s",
            "KW  - k",
            "  continued",
            "",
            "PY  - 99",
            "A4  - ,",
        ]
    ),
    st.builds(
        lambda t, v: f"{t}  - {v}",
        st.sampled_from(["TY", "ER", "DA", "PY", "DB", "AN", "DP", "LA", "ZZ", "UR"]),
        _text,
    ),
    _text,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_line, max_size=12))
def test_any_text_reads_without_crashing(lines: list[str]) -> None:
    text = "\n".join(lines)
    try:
        out = loads(text)
    except ParseError:
        return
    assert all(isinstance(r, (Record, FailedRecord)) for r in out)
    for r in out:
        if isinstance(r, Record):  # whatever was read can be written again, one entry each
            assert len(rispy.loads(dumps([r]))) == 1


def test_parsed_reference_record_gold() -> None:
    import archivecite

    rec = archivecite.parse((FIXTURES / "114504.txt").read_text(encoding="utf-8"))
    assert isinstance(rec, Record)
    summary = (
        "Khrushchev informed Castro of his deal with J.F.Kennedy. The Soviet leader warned Castro of "
        "attempts to sabotage the agreement by men in the Pentagon and urged him to restrain from being "
        "provoked, e.g. firing at American planes."
    )
    assert dumps([rec]) == REF_RIS.replace(f"AB  - {REF.summary}", f"AB  - {summary}")
