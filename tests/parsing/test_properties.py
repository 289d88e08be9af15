"""Property-based tests: arbitrary and mutated input never crashes the parser."""

from __future__ import annotations

import io
import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import archivecite
from archivecite import ArchiveCiteError, FailedRecord, Record
from archivecite.formats.jsonfmt import dumps, loads, record_from_dict, record_to_dict

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "records"
SETTINGS = settings(suppress_health_check=[HealthCheck.function_scoped_fixture])

# text built from the pieces real records are made of, plus arbitrary characters
PIECES = st.sampled_from(
    [
        "Citation:", "Summary:", "Credits:", "Original Language:", "Contents:", "Subjects:", "Record ID:",
        "October 28, 1962", "September, 1956", "1971", "Letter from Khrushchev to Fidel Castro",
        '"Title," March 05, 1949, History and Public Policy Program Digital Archive, APRF, f. 5, op. 1.',
        '"Title", 1962, Wilson Center Digital Archive, X <https://digitalarchive.wilsoncenter.org/document/1>',
        "Translation - English", "Russian", "N. KHRUSHCHEV", "=====", "\f", "\r", "\x00", "", " ", "“", "”", "[", "]",
        "Dear Comrade:", "Funny Label:", "https://digitalarchive.wilsoncenter.org/node/5",
    ]
)  # fmt: skip
LINES = st.lists(st.one_of(PIECES, st.text(max_size=40)), max_size=40)


def _check_result(results: list[Record | FailedRecord]) -> None:
    for r in results:
        assert isinstance(r, Record | FailedRecord)
        back = record_from_dict(json.loads(json.dumps(record_to_dict(r))))
        assert back == r


@SETTINGS
@given(st.text(max_size=2000))
def test_arbitrary_text_never_raises(text: str) -> None:
    _check_result(list(archivecite.read(text)))
    result = archivecite.parse(text)
    assert isinstance(result, Record | FailedRecord)


@SETTINGS
@given(LINES)
def test_record_like_text_never_raises(lines: list[str]) -> None:
    text = "\n".join(lines)
    _check_result(list(archivecite.read(text)))
    archivecite.parse(text)


@SETTINGS
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_never_raise(data: bytes) -> None:
    _check_result(list(archivecite.read(io.BytesIO(data))))
    archivecite.parse(data)


@SETTINGS
@given(LINES)
def test_strict_mode_raises_only_archivecite_errors(lines: list[str]) -> None:
    text = "\n".join(lines)
    try:
        list(archivecite.read(text, strict=True))
    except ArchiveCiteError:
        pass
    try:
        archivecite.parse(text, strict=True)
    except ArchiveCiteError:
        pass


#: Non-ASCII letters that case-insensitive patterns match as ASCII ones (long s, dotless i,
#: dotted capital I, Kelvin sign): a month or label read so must not reach a lookup table as is.
_FOLD = str.maketrans({"s": "ſ", "i": "ı", "I": "İ", "k": "\u212a"})

MUTATIONS = st.lists(
    st.tuples(
        st.sampled_from(["delete", "duplicate", "swap", "insert", "truncate", "upper", "fold"]),
        st.integers(0, 60),
        st.text(max_size=10),
    ),
    min_size=1,
    max_size=6,
)


@SETTINGS
@given(
    st.sampled_from(
        ["110385", "111776", "112230", "113266", "114504", "117035", "134696", "280697", "300653"]
    ),
    MUTATIONS,
)
def test_mutated_real_records_never_raise(rid: str, mutations: list[tuple[str, int, str]]) -> None:
    lines = (FIXTURES / f"{rid}.txt").read_text(encoding="utf-8").split("\n")
    for op, pos, junk in mutations:
        if not lines:
            break
        i = pos % len(lines)
        if op == "delete":
            del lines[i]
        elif op == "duplicate":
            lines.insert(i, lines[i])
        elif op == "swap":
            j = (i + 1) % len(lines)
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "insert":
            lines[i] = lines[i][: pos % (len(lines[i]) + 1)] + junk + lines[i][pos % (len(lines[i]) + 1) :]
        elif op == "truncate":
            lines = lines[: i + 1]
        elif op == "upper":
            lines[i] = lines[i].upper()
        elif op == "fold":  # letters that only re.I matches to ASCII ones ("ſept", "cıtation")
            lines[i] = lines[i].translate(_FOLD)
    text = "\n".join(lines)
    results = list(archivecite.read(text))
    _check_result(results)
    try:
        list(archivecite.read(text, strict=True))
    except ArchiveCiteError:
        pass


def test_no_text_is_lost(fixture_texts: dict[str, str]) -> None:
    """Body and citation come from the input verbatim (line endings aside)."""
    for text in fixture_texts.values():
        rec = archivecite.parse(text)
        assert isinstance(rec, Record)
        assert rec.body is None or rec.body in text
        assert rec.citation is not None and rec.citation in text
        for _label, value in rec.extra:
            assert value in text


def test_json_round_trip_for_every_fixture(fixture_records: dict[str, Record]) -> None:
    records = list(fixture_records.values())
    text = dumps(records)
    data = json.loads(text)
    assert isinstance(data, list) and len(data) == 9
    for obj in data:
        assert obj["schema"] == 1
        for key in (
            "record_id", "url", "canonical_url", "title", "date", "doc_type", "authors", "recipients", "collection",
            "source", "summary", "credits", "funders", "original_languages", "contents", "body", "signature", "extra",
            "citation",
        ):  # fmt: skip
            assert key in obj
    assert loads(text) == records
    seed = data[[o["record_id"] for o in data].index("114504")]
    assert seed["date"]["text"] == "October 28, 1962" and seed["date"]["edtf"] == "1962-10-28"
    assert seed["authors"][0] | {} == {
        "name": "N. Khrushchev", "family": "Khrushchev", "given": "N.", "kind": "person",
        "real_name": None, "family_first": False, "role": None,
    }  # fmt: skip
    assert seed["source"]["repository"] == "Archive of Foreign Policy, Russian Federation (AVP RF)"
    assert seed["contents"] == [
        {"kind": "translation", "language": "English", "text": "Translation - English"}
    ]


def test_json_keeps_failed_records() -> None:
    results = list(archivecite.read("just words\n"))
    assert isinstance(results[0], FailedRecord)
    assert loads(dumps(results)) == results
    assert json.loads(dumps(results))[0]["failed"] is True
