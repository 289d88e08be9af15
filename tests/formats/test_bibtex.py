"""BibTeX, BibLaTeX and biblatex-chicago: gold output, parse-back with pybtex and
bibtexparser v2, record round trip per field, biber's data-model check, the reader on
Zotero / Better BibTeX exports, ASCII mode and hypothesis property tests."""

from __future__ import annotations

import datetime
import io
import os
import re
import shutil
import subprocess
from pathlib import Path

import bibtexparser
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pybtex.database import parse_string as pybtex_parse

from archivecite.errors import FormatError, ParseError
from archivecite.formats import _latex, detect_format, dumps, get_reader, get_writer
from archivecite.formats._common import MONTHS, translated_from, translation_statement_needed
from archivecite.formats.bibtex import BABEL, entry_fields, plain_fields
from archivecite.keys import KeyAllocator
from archivecite.model import (
    ArchivalDate,
    ContentItem,
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

# output-rules.md §2, byte for byte
GOLD_BIBTEX = """\
@misc{khrushchev1962castro,
  author       = {Khrushchev, N.},
  title        = {Letter from {Khrushchev} to {Fidel Castro}},
  howpublished = {Archive of Foreign Policy, Russian Federation ({AVP RF}); English translation in Wilson Center Digital Archive},
  year         = {1962},
  month        = oct,
  note         = {Letter dated October 28, 1962. Translated from the Russian},
  url          = {https://digitalarchive.wilsoncenter.org/document/114504},
}
"""

DIALECTS = ("bibtex", "biblatex", "biblatex-chicago")


def fixture_records() -> dict[str, Record]:
    import archivecite

    out = {}
    for path in sorted(FIXTURES.glob("*.txt")):
        rec = archivecite.parse(path.read_text(encoding="utf-8"))
        assert isinstance(rec, Record), path
        out[path.stem] = rec
    return out


FX = fixture_records()
FIXTURE_RECORDS = list(FX.values())
READER = get_reader("bibtex")
ALLOWED_CS = _latex.OWN_MACROS | {"mkbibquote", "&", "%", "$", "#", "_"}
NOT_TEXT = {"author", "url", "month", "year", "date", "langid"}


def read_back(text: str) -> list[Record]:
    out = list(READER.read(text))
    assert all(isinstance(r, Record) for r in out), [r for r in out if isinstance(r, FailedRecord)]
    return out  # type: ignore[return-value]


def ws(text: str) -> str:
    return " ".join(text.split())


# ------------------------------------------------------------------ gold


def test_gold_reference_record() -> None:
    assert dumps([REF], "bibtex") == GOLD_BIBTEX


def test_gold_from_parsed_fixture() -> None:
    rec = FX["114504"]
    assert dumps([rec], "bibtex") == GOLD_BIBTEX


def test_biblatex_reference_entry() -> None:
    assert dumps([REF], "biblatex") == (
        "@misc{khrushchev1962castro,\n"
        "  author       = {Khrushchev, N.},\n"
        "  title        = {Letter from Khrushchev to Fidel Castro},\n"
        "  entrysubtype = {letter},\n"
        "  date         = {1962-10-28},\n"
        "  langid       = {english},\n"
        "  howpublished = {Wilson Center Digital Archive},\n"
        "  library      = {Archive of Foreign Policy, Russian Federation (AVP RF)},\n"
        "  addendum     = {Archive of Foreign Policy, Russian Federation (AVP RF). Translated from the Russian},\n"
        "  url          = {https://digitalarchive.wilsoncenter.org/document/114504},\n"
        "  abstract     = {Khrushchev informed Castro of his deal with J.F.Kennedy.},\n"
        "}\n"
    )


def test_biblatex_chicago_reference_entry() -> None:
    assert dumps([REF], "biblatex-chicago") == (
        "@misc{khrushchev1962castro,\n"
        "  author       = {Khrushchev, N.},\n"
        "  title        = {N. Khrushchev to Fidel Castro},\n"
        "  shorttitle   = {Khrushchev to Castro},\n"
        "  entrysubtype = {letter},\n"
        "  date         = {1962-10-28},\n"
        "  langid       = {english},\n"
        "  note         = {Archive of Foreign Policy, Russian Federation (AVP RF)},\n"
        "  organization = {Wilson Center Digital Archive},\n"
        "  addendum     = {Translated from the Russian},\n"
        "  url          = {https://digitalarchive.wilsoncenter.org/document/114504},\n"
        "  abstract     = {Khrushchev informed Castro of his deal with J.F.Kennedy.},\n"
        "}\n"
    )


def test_title_first_entries() -> None:
    rec = FX["113266"]
    bib = dumps([rec], "bibtex")
    assert "@misc{transcript1979cpsu," in bib
    assert "title        = {Transcript of {CPSU CC Politburo Session} on {Afghanistan}}," in bib
    chicago = dumps([rec], "biblatex-chicago")
    assert r"title        = {\mkbibquote{Transcript of CPSU CC Politburo Session on Afghanistan}}," in chicago
    assert r"shorttitle   = {\mkbibquote{Transcript of CPSU CC}}," in chicago
    assert "entrysubtype = {transcript}," in chicago


def test_letter_form_other_genre_and_organization() -> None:
    rec = FX["111776"]
    chicago = dumps([rec], "biblatex-chicago")
    assert "title        = {Dobrynin to USSR MFA}," in chicago
    assert "titleaddon   = {telegram}," in chicago
    tass = FX["134696"]
    assert "author       = {{TASS}}," in dumps([tass], "bibtex")  # organizations double-braced


def test_sorttitle_for_leading_article() -> None:
    rec = Record(title="The Apple Memorandum", date=ArchivalDate("1960", DatePoint(1960)))
    out = dumps([rec], "biblatex")
    assert "sorttitle    = {Apple Memorandum}," in out
    assert "sorttitle" not in dumps([Record(title="Apple Memorandum")], "biblatex")


def test_no_type_or_origlanguage_in_biblatex() -> None:
    for rec in FIXTURE_RECORDS:
        for dialect in ("biblatex", "biblatex-chicago"):
            names = [f[0] for f in entry_fields(rec, dialect)]
            assert "type" not in names and "origlanguage" not in names


def test_langid_only_when_the_record_says() -> None:
    rec = FX["113266"]  # English HTML, no translation
    assert "langid" not in dumps([rec], "biblatex")
    assert "langid       = {english}," in dumps([REF], "biblatex")
    assert BABEL["German"] == "ngerman"


def test_dates_in_bibtex_note() -> None:
    def note(date: ArchivalDate | None, kind: str | None = "letter") -> str:
        return dict(
            (n, v) for n, v, _ in plain_fields(Record(title="X", doc_type=kind, date=date), "bibtex")
        ).get("note", "")

    assert note(ArchivalDate(None, DatePoint(1962, 10))) == "Letter dated October 1962"
    assert note(ArchivalDate(None, DatePoint(1962), approximate=True)) == "Letter dated ca. 1962"
    assert note(ArchivalDate(None, DatePoint(1962, 10, 22), DatePoint(1962, 11, 2))) == (
        "Letter dated October 22–November 2, 1962"
    )
    assert note(None) == "Letter (undated)"
    assert note(ArchivalDate(None, DatePoint(1962)), kind=None) == ""
    out = dumps(
        [Record(title="X", date=ArchivalDate(None, DatePoint(1962, 10, 22), DatePoint(1962, 11, 2)))],
        "bibtex",
    )
    back = read_back(out)[0]
    assert back.date is not None and back.date.edtf == "1962-10-22/1962-11-02"


# ------------------------------------------------------------------ parse-back by pybtex and bibtexparser


def _check_independent_parsers(records: list[Record], dialect: str, **options: object) -> str:
    out = dumps(records, dialect, **options)
    keys = KeyAllocator(str(options.get("key_scheme", "default")))
    expected = [(keys.key(r), entry_fields(r, dialect, **options)) for r in records]  # type: ignore[arg-type]
    assert _latex.balanced(out)
    # pybtex
    data = pybtex_parse(out, "bibtex")
    assert list(data.entries.keys()) == [k for k, _ in expected]
    for rec, (key, fields) in zip(records, expected, strict=True):
        entry = data.entries[key]
        assert entry.type == "misc"
        for name, value, macro in fields:
            assert _latex.balanced(value), (name, value)
            if name == "author":
                n_written = sum(1 for a in rec.authors if _latex.clean(a.name, "a"))
                assert len(entry.persons["author"]) == n_written
            elif macro:
                assert (
                    entry.fields[name]
                    == MONTHS[
                        [
                            "jan",
                            "feb",
                            "mar",
                            "apr",
                            "may",
                            "jun",
                            "jul",
                            "aug",
                            "sep",
                            "oct",
                            "nov",
                            "dec",
                        ].index(value)
                    ]
                )
            else:
                assert entry.fields[name] == value, (name, entry.fields[name], value)
    # bibtexparser v2
    lib = bibtexparser.parse_string(out)
    assert not lib.failed_blocks, [b.error for b in lib.failed_blocks]
    assert [e.key for e in lib.entries] == [k for k, _ in expected]
    for entry, (_, fields) in zip(lib.entries, expected, strict=True):
        got = {f.key: f.value for f in entry.fields}
        assert got == {name: value for name, value, _ in fields}
    return out


@pytest.mark.parametrize("dialect", DIALECTS)
def test_fixtures_parse_with_pybtex_and_bibtexparser(dialect: str) -> None:
    _check_independent_parsers(FIXTURE_RECORDS, dialect)
    for rec in FIXTURE_RECORDS:
        _check_independent_parsers([rec], dialect)


@pytest.mark.parametrize("dialect", DIALECTS)
def test_fixtures_decoded_values_equal_written(dialect: str) -> None:
    for rec in FIXTURE_RECORDS:
        raw = entry_fields(rec, dialect)
        plain = plain_fields(rec, dialect)
        assert [f[0] for f in raw] == [f[0] for f in plain]
        for (name, latex, _), (_, text, _) in zip(raw, plain, strict=True):
            if name == "url":
                assert latex == text
            elif name not in NOT_TEXT:
                assert _latex.decode_line(latex) == text, (name, latex)


# ------------------------------------------------------------------ record -> .bib -> record, per field


def _orig_langs(r: Record) -> tuple[str, ...]:
    stmt = translated_from(r)
    if stmt:
        return tuple(re.split(r" and ", stmt.removeprefix("Translated from the ")))
    return r.original_languages


def _src(r: Record, dialect: str) -> str | None:
    if r.source is None:
        return None
    text = ws(r.source.text)
    return text if dialect == "biblatex-chicago" else text.removesuffix(".")


def _names(ns: tuple[Name, ...]) -> list[tuple[str, str | None, str | None]]:
    return [(ws(n.full), n.family, n.given) for n in ns]


HELD = {
    "title": lambda r, d: None if d == "biblatex-chicago" and r.is_letter_form else r.title,
    "authors": lambda r, d: _names(r.authors),
    "recipients": lambda r, d: _names(r.recipients),
    "participants": lambda r, d: _names(r.participants),
    "date": lambda r, d: r.date.edtf if r.date else None,
    "doc_type": lambda r, d: r.doc_type,
    "source.text": lambda r, d: _src(r, d),
    "source.repository": lambda r, d: r.source.repository if r.source else None,
    "source.locator": lambda r, d: r.source.locator if r.source else None,
    "collection": lambda r, d: r.collection,
    "original_languages": lambda r, d: _orig_langs(r),
    "translation_language": lambda r, d: (
        ("English" if translation_statement_needed(r) else None)
        if d == "bibtex"
        else (r.translation_language if r.translation_language in BABEL else None)
    ),
    "summary": lambda r, d: None if d == "bibtex" else r.summary,
    "subjects": lambda r, d: () if d == "bibtex" else r.subjects,
    "record_id": lambda r, d: r.record_id,
    "canonical_url": lambda r, d: r.canonical_url,
    "url": lambda r, d: r.best_url,
}
BACK = {
    "title": lambda b, d: None if d == "biblatex-chicago" and b.is_letter_form else b.title,
    "authors": lambda b, d: _names(b.authors),
    "recipients": lambda b, d: _names(b.recipients),
    "participants": lambda b, d: _names(b.participants),
    "date": lambda b, d: b.date.edtf if b.date else None,
    "doc_type": lambda b, d: b.doc_type,
    "source.text": lambda b, d: b.source.text if b.source else None,
    "source.repository": lambda b, d: b.source.repository if b.source else None,
    "source.locator": lambda b, d: b.source.locator if b.source else None,
    "collection": lambda b, d: b.collection,
    "original_languages": lambda b, d: b.original_languages,
    "translation_language": lambda b, d: b.translation_language,
    "summary": lambda b, d: b.summary,
    "subjects": lambda b, d: b.subjects,
    "record_id": lambda b, d: b.record_id,
    "canonical_url": lambda b, d: b.canonical_url,
    "url": lambda b, d: b.url,
}


@pytest.mark.parametrize("dialect", DIALECTS)
@pytest.mark.parametrize("field", sorted(HELD))
def test_round_trip_keeps_field(dialect: str, field: str) -> None:
    back = read_back(dumps(FIXTURE_RECORDS, dialect))
    assert len(back) == len(FIXTURE_RECORDS)
    for orig, got in zip(FIXTURE_RECORDS, back, strict=True):
        assert BACK[field](got, dialect) == HELD[field](orig, dialect), (orig.record_id, field)


def test_round_trip_recovers_wcda_id_from_key() -> None:
    rec = Record(title="No URL here", record_id="113266")
    out = dumps([rec], "biblatex", key_scheme="wcda")
    assert out.startswith("@misc{wcda113266,")
    assert read_back(out)[0].record_id == "113266"


# ------------------------------------------------------------------ biber


BIBER = shutil.which("biber")


@pytest.mark.skipif(
    BIBER is None, reason="biber is not installed (apt-get install biber): data-model check skipped"
)
@pytest.mark.parametrize("ascii", [False, True])
@pytest.mark.parametrize("dialect", ["biblatex", "biblatex-chicago"])
def test_biber_validates_datamodel(dialect: str, ascii: bool, tmp_path: Path) -> None:
    nasty = Record(
        title=r"The {odd} \input{/etc/passwd} 100% #1 ~ ^ _ & $x$ -- ``q''",
        authors=(
            Name("Ruth Smith & Co", kind="organization"),
            Name("Jean de la Fontaine", family="de la Fontaine", given="Jean"),
        ),
        date=ArchivalDate(None, DatePoint(1962, 10), DatePoint(1963, 1), approximate=True),
        subjects=("Cuba", "Missiles, nuclear"),
        summary="Para one.\n\nPara {two}.",
        url="https://example.org/a b{c",
        original_languages=("Russian",),
        contents=(ContentItem("translation", "German", "Translation - German"),),
    )
    path = tmp_path / "t.bib"
    undated = Record(title="An Undated Note")  # biber needs a date: EDTF "XXXX" (year unknown)
    out = dumps([*FIXTURE_RECORDS, nasty, HOSTILE, undated], dialect, ascii=ascii, errors="replace")
    assert out.isascii() or not ascii
    path.write_text(out, encoding="utf-8")
    proc = subprocess.run(
        [BIBER, "--tool", "--validate-datamodel", path.name],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    log = proc.stdout + proc.stderr
    assert proc.returncode == 0, log
    problems = [line for line in log.splitlines() if re.search(r"\b(WARN|ERROR)\b", line)]
    assert problems == []
    assert "Processing" in log or "INFO" in log  # biber really ran


HOSTILE = Record(
    title=r"The {odd} \input{/etc/passwd} \write18{touch PWNED} 100% #1 ~ ^ _ & $x$ -- ``q'' \csname relax\endcsname"
    r" \catcode`\{=12 }{ \end{document}",
    authors=(
        Name("Ruth Smith & Co", kind="organization"),
        Name("Jean de la Fontaine", family="de la Fontaine", given="Jean"),
        Name("X\\", family="X\\}", given="{a"),
    ),
    date=ArchivalDate(None, DatePoint(1962, 10), DatePoint(1963, 1), approximate=True),
    summary="Para one.\n\nPara {two}.",
    url="https://example.org/a b{c%\\x}",
    collection="Coll_% # \\",
    source=Source("Src \\x } ^^5c"),
    doc_type="let\\ter",
)
PDFLATEX, BIBTEX = shutil.which("pdflatex"), shutil.which("bibtex")


@pytest.mark.skipif(
    PDFLATEX is None or BIBTEX is None, reason="pdflatex/bibtex not installed: compile test skipped"
)
def test_bibtex_output_compiles_and_runs_no_input_commands(tmp_path: Path) -> None:
    """LaTeX + BibTeX (plain) on every fixture and a hostile record, with shell escape ON:
    no TeX error, and the \\write18 in the title did not run."""
    (tmp_path / "refs.bib").write_text(dumps([*FIXTURE_RECORDS, HOSTILE], "bibtex"), encoding="utf-8")
    (tmp_path / "doc.tex").write_text(
        "\\documentclass{article}\\usepackage[T1]{fontenc}\\usepackage[utf8]{inputenc}\n"
        "\\begin{document}\\nocite{*}\\bibliographystyle{plain}\\bibliography{refs}\\end{document}\n",
        encoding="utf-8",
    )
    latex = [PDFLATEX, "-shell-escape", "-interaction=nonstopmode", "-halt-on-error", "doc.tex"]
    run = {"cwd": tmp_path, "capture_output": True, "text": True, "timeout": 300, "check": False}
    assert subprocess.run(latex, **run).returncode == 0  # type: ignore[call-overload]
    bib = subprocess.run([BIBTEX, "doc"], **run)  # type: ignore[call-overload]
    assert bib.returncode == 0 and "error" not in bib.stdout.lower(), bib.stdout
    second = subprocess.run(latex, **run)  # type: ignore[call-overload]
    log = (tmp_path / "doc.log").read_text(encoding="utf-8", errors="replace")
    assert second.returncode == 0 and "\n!" not in log, log[-2000:]
    assert "bibitem{ruth1962odd}" in (tmp_path / "doc.bbl").read_text(encoding="utf-8")
    assert not (tmp_path / "PWNED").exists()


# ------------------------------------------------------------------ the reader


ZOTERO = r"""
% Exported by Zotero / Better BibTeX
@string{wcda = "Wilson Center Digital Archive"}

@misc{khrushchev_letter_1962,
  title = {Letter from {Khrushchev} to {Fidel Castro}},
  author = {Khrushchev, N.},
  year = {1962},
  month = oct,
  howpublished = {Archive of Foreign Policy, Russian Federation ({AVP RF})},
  note = {Translation from the Russian by NSA},
  url = {https://digitalarchive.wilsoncenter.org/document/114504},
  archive = wcda,
  archiveprefix = {WCDA},
  language = {russian},
  keywords = {Cuban Missile Crisis, {Soviet Union, foreign relations}},
}

@unpublished{dobrynin_1962,
  title = {Telegram from Soviet Ambassador to the {USA} {Dobrynin} to the {USSR MFA}},
  author = {Dobrynin, A. F. and {USSR Ministry of Foreign Affairs}},
  date = {1962-10-18},
  archive_location = {AVP RF, copy courtesy of NSA},
  type = {Telegram},
  url = {http://digitalarchive.wilsoncenter.org/document/111776},
  abstract = {Dobrynin sends statements \& briefings; caf\'e -- 50\%},
}

@letter{broken,
  title = {Unclosed {brace},
  year = 1962
}
"""


def test_reader_reads_zotero_exports() -> None:
    out = list(READER.read(ZOTERO, file="refs.bib"))
    assert len(out) == 3
    first, second, third = out
    assert isinstance(first, Record) and isinstance(second, Record)
    assert first.title == "Letter from Khrushchev to Fidel Castro"
    assert first.authors == (Name("N. Khrushchev", family="Khrushchev", given="N."),)
    assert first.date is not None and first.date.edtf == "1962-10"
    assert first.collection == "Wilson Center Digital Archive"
    assert (
        first.source is not None
        and first.source.text == "Archive of Foreign Policy, Russian Federation (AVP RF)"
    )
    assert (
        first.record_id == "114504"
        and first.canonical_url == "https://digitalarchive.wilsoncenter.org/document/114504"
    )
    assert first.original_languages == ("Russian",)
    assert first.subjects == ("Cuban Missile Crisis", "Soviet Union, foreign relations")
    assert ("bibtex:note", "Translation from the Russian by NSA") in first.extra
    assert ("bibtex:archiveprefix", "WCDA") in first.extra
    assert first.span == LineSpan(5, 17) and first.file == "refs.bib"
    assert second.doc_type == "Telegram"
    assert second.date is not None and second.date.edtf == "1962-10-18"
    assert second.authors[1].kind == "organization"
    assert second.summary == "Dobrynin sends statements & briefings; café – 50%"
    assert second.source is not None and second.source.text == "AVP RF, copy courtesy of NSA"
    assert second.record_id == "111776"
    assert isinstance(third, FailedRecord)
    assert (
        third.line == ZOTERO.splitlines().index("@letter{broken,") + 1
        and third.diagnostics[0].code == "invalid-bibtex"
    )
    with pytest.raises(ParseError):
        list(READER.read(ZOTERO, strict=True))


def test_reader_failed_entries_do_not_stop_reading() -> None:
    text = "@misc{a, title = {One}}\n@misc{a, title = {Dup}}\n@misc{b, title = x # {y}}\n@misc{c, title={Three}}\n"
    out = list(READER.read(text))
    assert [type(r).__name__ for r in out] == ["Record", "FailedRecord", "FailedRecord", "Record"]
    assert out[3].title == "Three"  # type: ignore[union-attr]


def test_detect() -> None:
    assert READER.detect(GOLD_BIBTEX)
    assert READER.detect("% comment\n\n@Misc{x,\n")
    assert not READER.detect("October 28, 1962\n\nLetter from Khrushchev to Fidel Castro\n")
    assert not READER.detect('[{"schema": 1}]')
    assert detect_format(GOLD_BIBTEX) == "bibtex"


def test_reader_accepts_textio() -> None:
    assert next(iter(READER.read(io.StringIO(GOLD_BIBTEX)))).title == REF.title  # type: ignore[union-attr]


# ------------------------------------------------------------------ options, ASCII, errors


def test_writer_protocol_and_options() -> None:
    for dialect in DIALECTS:
        w = get_writer(dialect)
        assert w.options == frozenset({"ascii", "errors", "key_scheme"})
        assert w.extension == ".bib"
    with pytest.raises(FormatError):
        dumps([REF], "bibtex", errors="ignore")
    with pytest.raises(FormatError):
        dumps([REF], "bibtex", key_scheme="zotero")


def test_ascii_mode_writes_accents() -> None:
    rec = Record(
        title="Lettre de Béla Révész à l’École",
        authors=(Name("Béla Révész", family="Révész", given="Béla"),),
        source=Source("Magyar Országos Levéltár (MOL)"),
    )
    for dialect in DIALECTS:
        out = dumps([rec], dialect, ascii=True)
        assert out.isascii()
        assert r"{\'e}" in out
        back = read_back(out)[0]
        assert back.authors[0].family == "Révész" and back.authors[0].given == "Béla"
        if dialect != "biblatex-chicago":
            assert back.title == rec.title
    assert (
        r"title        = {Lettre de {B{\'e}la R{\'e}v{\'e}sz} {\`a} {l{\textquoteright}{\'E}cole}},"
        in dumps([rec], "bibtex", ascii=True)
    )


def test_ascii_mode_refuses_cyrillic_naming_char_and_field() -> None:
    rec = Record(title="Письмо", collection="Archive")
    with pytest.raises(FormatError, match=r"'title'.*U\+041F CYRILLIC CAPITAL LETTER PE"):
        dumps([rec], "bibtex", ascii=True)
    out = dumps([rec], "bibtex", ascii=True, errors="replace")
    assert "title        = {??????}," in out
    assert "Письмо" in dumps([rec], "bibtex")  # UTF-8 by default


def test_control_characters() -> None:
    rec = Record(title="bad\x00char")
    with pytest.raises(FormatError, match=r"'title'.*U\+0000"):
        dumps([rec], "biblatex")
    assert "bad\ufffdchar" in dumps([rec], "biblatex", errors="replace")


def test_failed_records() -> None:
    failed = FailedRecord(raw="junk", span=LineSpan(3, 4), diagnostics=(), file="x.txt")
    with pytest.raises(FormatError, match=r"x\.txt:3"):
        dumps([failed], "bibtex")
    out = dumps([REF, failed], "bibtex", errors="replace")
    assert out.endswith("\n% archivecite: unreadable record skipped (x.txt:3)\n")
    assert len(read_back(out)) == 1


def test_escaping_of_hostile_text() -> None:
    rec = Record(title=r"\input{/etc/passwd} \write18{rm -rf ~} \csname foo\endcsname \catcode`\{=12 }{")
    for dialect in DIALECTS:
        out = dumps([rec], dialect)
        assert _latex.balanced(out)
        assert set(_latex.control_sequences(out)) <= ALLOWED_CS
        assert read_back(out)[0].title == rec.title or dialect == "biblatex-chicago"


@pytest.mark.parametrize("dialect", DIALECTS)
def test_non_http_url_is_text_not_a_link(dialect: str) -> None:
    rec = Record(title="X", url="javascript:alert(1)", original_languages=("Russian",))
    out = dumps([rec], dialect)
    assert "url" not in [f[0] for f in entry_fields(rec, dialect)]
    assert "URL}: javascript:alert(1)" in out if dialect == "bibtex" else "URL: javascript:alert(1)" in out
    back = read_back(out)[0]
    assert back.url == "javascript:alert(1)" and back.original_languages == ("Russian",)


def test_url_is_verbatim() -> None:
    assert _latex.escape_url("https://x.org/a_b%20c#d~e&f") == "https://x.org/a_b%20c#d~e&f"
    assert _latex.escape_url("https://x.org/{a}b}c d%zz\\") == "https://x.org/{a}b%7Dc%20d%25zz%5C"
    assert _latex.escape_url("https://x.org/é", ascii=True) == "https://x.org/%C3%A9"


# ------------------------------------------------------------------ hypothesis

NASTY = [
    "\\",
    "{",
    "}",
    "%",
    "#",
    "~",
    "^",
    "@",
    "&",
    "$",
    "_",
    "\n",
    "\n\n",
    "\t",
    "\xa0",
    " and ",
    ",",
    "--",
    "``",
    "''",
    "?`",
    "<<",
    r"\input{/etc/passwd}",
    r"\write18{rm -rf /}",
    r"\csname",
    r"\catcode",
    r"\endcsname",
    "@misc{x,",
    "}}}",
    "{{{",
    "\\par",
    "Ж",
    "é",
]
_chars = st.characters(blacklist_categories=("Cs", "Cc"))
text = st.lists(st.one_of(st.text(_chars, max_size=6), st.sampled_from(NASTY)), max_size=8).map("".join)
nonblank = text.filter(lambda s: bool(_latex.clean(s, "t")))
word = st.text(
    st.characters(blacklist_categories=("Cs", "Cc", "Zs", "Zl", "Zp")), min_size=1, max_size=8
).filter(lambda s: bool(_latex.clean(s, "t")))
person = st.builds(
    lambda fam, giv: Name(f"{giv} {fam}", family=fam, given=giv),
    st.one_of(word, nonblank),
    st.one_of(word, nonblank),
)
org = st.builds(lambda n: Name(n, kind="organization"), nonblank)
dates = st.builds(
    lambda d, prec, approx: ArchivalDate(
        None,
        DatePoint(d.year, d.month if prec > 0 else None, d.day if prec > 1 else None),
        approximate=approx,
    ),
    st.dates(min_value=datetime.date(1000, 1, 1), max_value=datetime.date(2999, 12, 31)),
    st.integers(0, 2),
    st.booleans(),
)
records = st.builds(
    Record,
    title=st.one_of(st.none(), nonblank),
    authors=st.lists(st.one_of(person, org), max_size=2).map(tuple),
    recipients=st.lists(st.one_of(person, org), max_size=2).map(tuple),
    date=st.one_of(st.none(), dates),
    doc_type=st.one_of(st.none(), nonblank),
    collection=st.one_of(st.none(), nonblank),
    source=st.one_of(st.none(), st.builds(Source, nonblank)),
    summary=st.one_of(st.none(), text),
    subjects=st.lists(nonblank, max_size=3).map(tuple),
    url=st.one_of(st.none(), text),
    original_languages=st.lists(
        st.sampled_from(["Russian", "German", "English", "Chinese"]), max_size=2, unique=True
    ).map(tuple),
    contents=st.lists(
        st.builds(
            lambda lang: ContentItem("translation", lang, f"Translation - {lang}"),
            st.sampled_from(["English", "German"]),
        ),
        max_size=1,
    ).map(tuple),
)


@settings(
    max_examples=int(os.environ.get("BIB_HYPOTHESIS_EXAMPLES", "150")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(st.lists(records, min_size=1, max_size=3), st.sampled_from(DIALECTS))
def test_property_any_text_parses_back(recs: list[Record], dialect: str) -> None:
    out = _check_independent_parsers(recs, dialect)
    assert set(_latex.control_sequences(out)) <= ALLOWED_CS, out
    back = read_back(out)
    assert len(back) == len(recs)
    for rec, got in zip(recs, back, strict=True):
        raw = entry_fields(rec, dialect)
        plain = plain_fields(rec, dialect)
        for (name, latex, _), (_, value, _) in zip(raw, plain, strict=True):
            if name not in NOT_TEXT:
                assert _latex.decode_line(latex) == value, (name, latex, value)
        # names: family and given as written, other names whole
        written = [a for a in rec.authors if _latex.clean(a.name, "a")]
        assert len(got.authors) == len(written)
        for o, g in zip(written, got.authors, strict=True):
            fam, giv = _latex.clean(o.family or "", "a"), _latex.clean(o.given or "", "a")
            if o.kind == "person" and fam and giv:
                assert (g.family, g.given) == (fam, giv)
            else:
                assert g.name == _latex.clean(o.name, "a")
        if rec.url and _latex.clean(rec.url, "u"):
            linkable = re.match(r"(?i)https?://", _latex.clean(rec.url, "u"))
            assert got.url == (_latex.escape_url(rec.url) if linkable else _latex.clean(rec.url, "u"))
            assert ("url" in {f[0] for f in entry_fields(rec, dialect)}) == bool(linkable)
        if dialect != "bibtex":
            assert got.summary == (
                _latex.clean(rec.summary, "s", paragraphs=True) or None if rec.summary else None
            )
            assert got.subjects == tuple(_latex.clean(s, "s") for s in rec.subjects)
            assert got.collection == (_latex.clean(rec.collection, "c") if rec.collection else None)
        if dialect == "biblatex":
            assert got.title == (_latex.clean(rec.title, "t") if rec.title else None)
        if dialect != "bibtex":
            assert (got.date.edtf if got.date else None) == (rec.date.edtf if rec.date else None)


latin = st.text(
    st.characters(min_codepoint=0x20, max_codepoint=0x17F, blacklist_categories=("Cs", "Cc")), max_size=20
)


@settings(max_examples=int(os.environ.get("BIB_HYPOTHESIS_EXAMPLES", "100")), deadline=None)
@given(latin, st.sampled_from(DIALECTS))
def test_property_ascii_mode(value: str, dialect: str) -> None:
    rec = Record(
        title=value or None, collection=value or None, authors=(Name(value or "x", kind="organization"),)
    )
    try:
        out = dumps([rec], dialect, ascii=True)
    except FormatError as exc:
        assert "ASCII mode" in str(exc) and "field" in str(exc)
        return
    assert out.isascii()
    _check_independent_parsers([rec], dialect, ascii=True)
    for (name, latex, _), (_, plain, _) in zip(
        entry_fields(rec, dialect, ascii=True), plain_fields(rec, dialect), strict=True
    ):
        if name not in NOT_TEXT:
            assert _latex.decode_line(latex) == plain


protect_text = st.text(st.sampled_from(list("AbCdxY .,()[\"';:’«ÉéłŁЖжǅ-")), max_size=20)


@settings(max_examples=int(os.environ.get("BIB_HYPOTHESIS_EXAMPLES", "300")), deadline=None)
@given(protect_text, st.booleans())
def test_property_fast_case_protection_equals_word_loop(value: str, title: bool) -> None:
    text = _latex.clean(value, "t")
    slow = _latex._protect_slow(text, "t", title=title, ascii=False, errors="strict")
    assert _latex.protect(value, "t", title=title) == slow
    assert _latex.decode_line(slow) == text


def test_bib_to_chicago_note_gives_the_gold_note() -> None:
    """The issue's use case: ``archivecite convert refs.bib --to chicago-note``."""
    back = read_back(GOLD_BIBTEX)
    assert dumps(back, "chicago-note").strip() == (
        "N. Khrushchev to Fidel Castro, October 28, 1962, Archive of Foreign Policy, Russian Federation "
        "(AVP RF), English translation, Wilson Center Digital Archive, "
        "https://digitalarchive.wilsoncenter.org/document/114504."
    )


bib_noise = st.lists(
    st.one_of(
        st.sampled_from(
            [
                "@misc{",
                "@string{x = ",
                "@comment{",
                "@preamble{",
                "author = ",
                "title = {",
                "},",
                "}",
                "{",
                '"',
                "#",
                ",",
                "\n",
                "and",
                "month = oct",
            ]
        ),
        st.text(max_size=5),
        st.sampled_from(NASTY),
    ),
    max_size=30,
).map("".join)


@settings(max_examples=int(os.environ.get("BIB_HYPOTHESIS_EXAMPLES", "150")), deadline=None)
@given(bib_noise)
def test_property_reader_never_crashes(text: str) -> None:
    for item in READER.read(text):
        assert isinstance(item, (Record, FailedRecord))
    try:
        list(READER.read(text, strict=True))
    except ParseError:
        pass
    READER.detect(text)
