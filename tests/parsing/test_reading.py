"""Many records in one input: layouts, line endings, encodings, failures, strictness."""

from __future__ import annotations

import io
from pathlib import Path

import attrs
import pytest

import archivecite
from archivecite import FailedRecord, ParseError, Record

ORDER = ["110385", "111776", "112230", "113266", "114504", "117035", "134696", "280697", "300653"]
SEPARATORS = {
    "blank lines": "\n\n\n",
    "single newline": "\n",
    "equals separator": "\n\n==========\n\n",
    "dash separator": "\n------\n",
    "form feed": "\n\f\n",
    "form feed inline": "\f",
}


def _strip_span(r: Record | FailedRecord) -> Record:
    assert isinstance(r, Record), r
    return attrs.evolve(r, span=None)


@pytest.mark.parametrize("layout", sorted(SEPARATORS))
@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_nine_records_in_order(
    layout: str, newline: str, fixture_texts: dict[str, str], fixture_records: dict[str, Record]
) -> None:
    text = SEPARATORS[layout].join(fixture_texts[i] for i in ORDER).replace("\n", newline)
    got = list(archivecite.read(text))
    assert len(got) == 9
    assert all(isinstance(r, Record) for r in got)
    assert [r.title for r in got] == [fixture_records[i].title for i in ORDER]  # type: ignore[union-attr]
    for rid, rec in zip(ORDER, got, strict=True):
        assert _strip_span(rec) == attrs.evolve(fixture_records[rid], span=None)


def test_line_spans_point_into_the_file(fixture_texts: dict[str, str]) -> None:
    text = "\n\n=====\n\n".join(fixture_texts[i] for i in ORDER)
    lines = text.split("\n")
    for rec in archivecite.read(text):
        assert isinstance(rec, Record) and rec.span is not None
        first = lines[rec.span.start - 1].strip()
        assert first in (rec.title, rec.date.text if rec.date else None)
        assert lines[rec.span.end - 1].strip()


def test_bytes_crlf_bom_and_file_objects(tmp_path: Path, fixture_texts: dict[str, str]) -> None:
    text = "\n\n".join(fixture_texts[i] for i in ORDER)
    data = b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8")
    path = tmp_path / "export.txt"
    path.write_bytes(data)
    from_path = list(archivecite.read(path))
    from_binary = list(archivecite.read(io.BytesIO(data)))
    from_text = list(archivecite.read(io.StringIO(text)))
    assert len(from_path) == len(from_binary) == len(from_text) == 9
    assert [r.title for r in from_path] == [r.title for r in from_text]  # type: ignore[union-attr]
    assert all(r.file == str(path) for r in from_path)


def test_utf16_with_bom(fixture_texts: dict[str, str]) -> None:
    data = fixture_texts["114504"].encode("utf-16")
    (rec,) = list(archivecite.read(io.BytesIO(data)))
    assert isinstance(rec, Record) and rec.record_id == "114504"


def test_invalid_utf8_is_a_diagnostic_with_byte_offset(fixture_texts: dict[str, str]) -> None:
    text = fixture_texts["114504"]
    data = text.encode("utf-8").replace(b"Comrade Fidel", b"Comrade \xe9 Fidel", 1)
    (rec,) = list(archivecite.read(io.BytesIO(data)))
    assert isinstance(rec, Record)
    (diag,) = [d for d in rec.diagnostics if d.code == "invalid-utf8"]
    assert diag.severity == "warning"
    assert diag.line == text.split("\n").index("Dear Comrade Fidel Castro:") + 1
    assert "byte " in diag.message and "0xe9" in diag.message
    assert rec.body is not None and rec.body.startswith("Dear Comrade é Fidel Castro:")


def test_nul_bytes_and_form_feeds_do_not_crash(fixture_texts: dict[str, str]) -> None:
    text = fixture_texts["114504"].replace("Summary:", "Sum\x00mary:")
    (rec,) = list(archivecite.read(text))
    assert isinstance(rec, Record)
    assert rec.summary is not None
    assert any(d.code == "control-characters" for d in rec.diagnostics)


BROKEN = "Citation:\n\nthis is not a citation at all\n\nSummary:\n\nnothing here either\n"


def test_broken_record_between_two_good_ones(fixture_texts: dict[str, str]) -> None:
    text = fixture_texts["114504"] + "\n\n=====\n\n" + BROKEN + "\n=====\n\n" + fixture_texts["110385"]
    got = list(archivecite.read(text, file="notes.txt"))
    assert [type(r).__name__ for r in got] == ["Record", "FailedRecord", "Record"]
    failed = got[1]
    assert isinstance(failed, FailedRecord)
    expected_line = text.split("\n").index("Citation:", 10) + 1
    assert failed.span.start == expected_line
    assert failed.raw.strip() == BROKEN.strip()
    codes = [d.code for d in failed.diagnostics]
    assert "missing-title" in codes
    diag = next(d for d in failed.diagnostics if d.code == "missing-title")
    assert (diag.file, diag.line, diag.severity) == ("notes.txt", expected_line, "error")
    assert (
        diag.format() == f"notes.txt:{expected_line}: [missing-title] no title line and no readable citation"
    )


def test_strict_mode_raises_parse_error_with_location(fixture_texts: dict[str, str]) -> None:
    text = fixture_texts["114504"] + "\n=====\n" + BROKEN
    with pytest.raises(ParseError) as info:
        list(archivecite.read(text, file="x.txt", strict=True))
    err = info.value
    assert isinstance(err, ValueError) and isinstance(err, archivecite.ArchiveCiteError)
    assert err.file == "x.txt" and err.line == text.split("\n").index("Citation:", 10) + 1
    assert "missing-title" in str(err)
    with pytest.raises(ParseError):
        archivecite.parse("just some words", strict=True)
    assert isinstance(archivecite.parse("just some words"), FailedRecord)


def test_records_split_without_separators_at_repeated_citation(fixture_texts: dict[str, str]) -> None:
    # 280697 has no date line: it starts at its title, found by looking back from "Citation:"
    text = fixture_texts["300653"].rstrip() + "\n" + fixture_texts["280697"]
    got = list(archivecite.read(text))
    assert [r.record_id for r in got] == ["300653", "280697"]  # type: ignore[union-attr]
    first = got[0]
    assert isinstance(first, Record) and first.body is not None
    assert first.body.endswith("later than usual.")


BARE = [
    '"Letter from Khrushchev to Fidel Castro", October 28, 1962, Wilson Center Digital Archive, '
    "Archive of Foreign Policy, Russian Federation (AVP RF) <https://digitalarchive.wilsoncenter.org/document/114504>",
    '"Transcript of CPSU CC Politburo Session on Afghanistan," March 22, 1979, History and Public Policy Program '
    "Digital Archive, TsKhSD, f. 89, per. 25, dok. 2",
    "“Note from N. Khrushchev to the CPSU CC Presidium regarding conversations with Yugoslav leaders in the Crimea,” "
    "October 08, 1956, History and Public Policy Program Digital Archive, APRF, Fond 52, Opis 1, Delo 349, List "
    "64-113. Translated by Gary Goldberg.",
]


def test_bare_citation_lines_one_per_line() -> None:
    text = "\n".join(BARE) + "\n"
    got = list(archivecite.read(text))
    assert len(got) == 3
    a, b, c = got
    assert isinstance(a, Record) and isinstance(b, Record) and isinstance(c, Record)
    assert a.record_id == "114504" and a.doc_type == "letter" and a.authors[0].family == "Khrushchev"
    assert a.authors[0].given is None  # no signature in a bare citation: nothing to complete from
    assert b.date is not None and b.date.edtf == "1979-03-22" and b.source is not None
    assert b.source.locator == "f. 89, per. 25, dok. 2"
    assert c.collection == "History and Public Policy Program Digital Archive"
    assert c.translators[0].name == "Gary Goldberg"
    assert [r.citation for r in got] == BARE  # type: ignore[union-attr]


def test_bare_citation_with_wrapped_url() -> None:
    text = (
        '"Letter from Khrushchev to Fidel Castro", October 28, 1962, Wilson Center Digital Archive, '
        "Archive of Foreign Policy, Russian Federation (AVP RF)\n"
        "<https://wilson-center-digital-archive.dvincitest.com/document/114504>\n"
    )
    rec = archivecite.parse(text)
    assert isinstance(rec, Record)
    assert rec.record_id == "114504"
    assert rec.url == "https://wilson-center-digital-archive.dvincitest.com/document/114504"
    assert (
        rec.source is not None and rec.source.text == "Archive of Foreign Policy, Russian Federation (AVP RF)"
    )


def test_sections_reordered_and_missing(fixture_texts: dict[str, str], seed_record: Record) -> None:
    text = fixture_texts["114504"]
    head, body = text.split("Translation - English\n", 1)
    summary_block = "Summary:\n\n" + (seed_record.summary or "") + "\n\n"
    no_summary = head.replace(summary_block, "")
    reordered = no_summary + "Translation - English\n" + body + "\n\n" + summary_block
    rec = archivecite.parse(reordered)
    assert isinstance(rec, Record)
    assert rec.summary == seed_record.summary  # the summary after the body
    assert rec.body == seed_record.body
    assert rec.funders == ("Leon Levy Foundation",)


def test_unknown_labels_are_kept(fixture_texts: dict[str, str]) -> None:
    text = fixture_texts["114504"].replace(
        "Summary:",
        "Record ID:\n\n114504\n\nOriginal Classification:\n\nTop Secret\n\nProvenance Note:\n\nfrom a box\n\nSubjects:\n\n"
        "Cuban Missile Crisis; Nuclear weapons\n\nSummary:",
    )
    rec = archivecite.parse(text)
    assert isinstance(rec, Record)
    assert rec.extra == (
        ("Record ID", "114504"),
        ("Original Classification", "Top Secret"),
        ("Provenance Note", "from a box"),
        ("Subjects", "Cuban Missile Crisis; Nuclear weapons"),
    )
    assert rec.subjects == ("Cuban Missile Crisis", "Nuclear weapons")
    assert [d.code for d in rec.diagnostics] == ["unknown-section"]
    assert rec.summary is not None and rec.summary.startswith("Khrushchev informed")


def test_label_value_on_the_same_line_and_case_insensitive(fixture_texts: dict[str, str]) -> None:
    text = fixture_texts["114504"].replace("Original Language:\n\nRussian", "ORIGINAL LANGUAGE: Russian")
    rec = archivecite.parse(text)
    assert isinstance(rec, Record) and rec.original_languages == ("Russian",)


def test_record_id_from_record_id_section_when_url_is_a_slug() -> None:
    text = (
        "April 1, 1949\n\nLetter, Jawaharlal Nehru to All Provincial Premiers\n\nCitation:\n\n"
        '"Letter, Jawaharlal Nehru to All Provincial Premiers", April 1, 1949, Wilson Center Digital Archive, '
        "Nehru Memorial Museum and Library <https://digitalarchive.wilsoncenter.org/document/letter-jawaharlal-nehru-all-provincial-premiers>"
        "\n\nRecord ID:\n\n300653\n"
    )
    rec = archivecite.parse(text)
    assert isinstance(rec, Record)
    assert rec.url.endswith("letter-jawaharlal-nehru-all-provincial-premiers")  # type: ignore[union-attr]
    assert rec.record_id == "300653"
    assert rec.canonical_url == "https://digitalarchive.wilsoncenter.org/document/300653"


def test_node_urls_are_not_record_ids() -> None:
    rec = archivecite.parse(
        '"Some Report," 1971, History and Public Policy Program Digital Archive, MOL '
        "https://digitalarchive.wilsoncenter.org/node/12345"
    )
    assert isinstance(rec, Record)
    assert rec.url == "https://digitalarchive.wilsoncenter.org/node/12345"
    assert rec.record_id is None and rec.canonical_url is None


def test_streaming_is_lazy() -> None:
    """read() yields the first record after reading one block (about 1 MiB), not the whole input."""
    consumed = []

    def lines():  # type: ignore[no-untyped-def]
        for i in range(1_000_000):
            consumed.append(i)
            yield BARE[0] + "\n"

    it = archivecite.read(io.StringIO("".join(BARE[0] + "\n" for _ in range(3))))
    assert isinstance(next(it), Record)
    from archivecite.parsing import read_text_records

    gen = read_text_records(lines())
    first = next(gen)
    assert isinstance(first, Record)
    assert len(consumed) < 20_000  # of 1,000,000 lines
