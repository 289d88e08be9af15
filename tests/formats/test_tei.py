"""TEI writers (tei-bibl, tei, cmif) and the TEI reader.

Output is checked with an independent reader (plain lxml + XPath) and validated against
TEI P5 ``tei_all.rng`` (the ``tei_schema`` fixture, compiled once per session).
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

import archivecite
from archivecite import FormatError, ParseError
from archivecite.formats import detect_format, dumps, get_reader, get_writer
from archivecite.formats._body import split_body
from archivecite.formats.tei import LANGUAGE_CODES, TEIWriter, language_code, load_authority
from archivecite.model import (
    ArchivalDate,
    ContentItem,
    Contributor,
    DatePoint,
    FailedRecord,
    Name,
    Record,
    Source,
)

NS = {"t": "http://www.tei-c.org/ns/1.0"}
KINDS = ("tei-bibl", "tei", "cmif")
FIXTURE_IDS = ["110385", "111776", "112230", "113266", "114504", "117035", "134696", "280697", "300653"]
LOCAL = ("span", "file", "diagnostics")


def write(kind: str, records: list[Record], **options: Any) -> str:
    buf = io.StringIO()
    get_writer(kind).write(records, buf, **options)
    return buf.getvalue()


def xml(text: str) -> Any:
    """Independent reading: plain lxml, bytes (the declaration says UTF-8)."""
    return etree.fromstring(text.encode("utf-8"))


def valid(schema: Any, text: str) -> None:
    doc = xml(text)
    if not schema.validate(doc):
        errors = [f"{e.line}: {e.message}" for e in schema.error_log][:5]
        raise AssertionError("not valid TEI:\n" + "\n".join(errors) + "\n" + text[:3000])


def read_back(text: str) -> list[Record]:
    out = list(get_reader("tei").read(text))
    assert all(isinstance(r, Record) for r in out), out
    return out  # type: ignore[return-value]


def fields(rec: Record, skip: tuple[str, ...] = ()) -> dict[str, Any]:
    return {f.name: getattr(rec, f.name) for f in attrs.fields(Record) if f.name not in LOCAL + skip}


def has_correspondents(rec: Record) -> bool:
    return bool(rec.authors or rec.recipients)


# ---------------------------------------------------------------------------- validity


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("rid", FIXTURE_IDS)
def test_every_fixture_validates(
    tei_schema: Any, fixture_records: dict[str, Record], kind: str, rid: str
) -> None:
    rec = fixture_records[rid]
    if kind == "cmif" and not has_correspondents(rec):
        with pytest.raises(FormatError, match="no record with a sender or recipient"):
            write(kind, [rec])
        return
    valid(tei_schema, write(kind, [rec]))


@pytest.mark.parametrize("kind", KINDS)
def test_all_fixtures_in_one_output_validate(
    tei_schema: Any, fixture_records: dict[str, Record], kind: str
) -> None:
    records = [fixture_records[r] for r in FIXTURE_IDS]
    text = write(kind, records)
    valid(tei_schema, text)
    root = xml(text)
    if kind == "tei":
        assert root.tag == "{http://www.tei-c.org/ns/1.0}teiCorpus"
        assert len(root.findall("t:TEI", NS)) == len(records)
    elif kind == "tei-bibl":
        ids = root.xpath("//t:listBibl/t:biblStruct/t:analytic/t:idno[@type='WCDA']/text()", namespaces=NS)
        assert ids == [r.record_id for r in records if r.record_id]
        assert len(root.xpath("//t:listBibl/t:biblStruct", namespaces=NS)) == len(records)
    else:
        letters = [r for r in records if has_correspondents(r)]
        assert len(root.xpath("//t:correspDesc", namespaces=NS)) == len(letters)
        skipped = [c.text for c in root.iter(etree.Comment)]
        assert len(skipped) == len(records) - len(letters)
        assert all("skipped" in c for c in skipped)


# ---------------------------------------------------------------------------- seed (gold)


def test_seed_full_document(tei_schema: Any, seed_record: Record) -> None:
    text = write("tei", [seed_record])
    valid(tei_schema, text)
    root = xml(text)
    assert root.tag == "{http://www.tei-c.org/ns/1.0}TEI"

    def one(path: str) -> Any:
        found = root.xpath(path, namespaces=NS)
        assert len(found) == 1, (path, found)
        return found[0]

    cd = "t:teiHeader/t:profileDesc/t:correspDesc"
    assert one(f"{cd}/t:correspAction[@type='sent']/t:persName/text()") == "N. Khrushchev"
    assert one(f"{cd}/t:correspAction[@type='received']/t:persName/text()") == "Fidel Castro"
    assert one(f"{cd}/t:correspAction[@type='sent']/t:date/@when") == "1962-10-28"
    assert root.xpath("t:teiHeader/t:profileDesc/t:langUsage/t:language/@ident", namespaces=NS) == [
        "en",
        "ru",
    ]
    assert root.xpath("t:teiHeader/t:profileDesc/t:langUsage/t:language/text()", namespaces=NS) == [
        "English",
        "Russian",
    ]
    assert one("t:text/@xml:lang") == "en"
    assert one("t:text/t:body/t:closer/t:signed/text()") == "N. KHRUSHCHEV"
    assert one("t:text/t:body/t:closer/t:dateline/text()") == "28 October 1962"
    assert one("t:text/t:body/t:opener/t:salute/text()") == "Dear Comrade Fidel Castro:"
    paras = root.xpath("t:text/t:body/t:p", namespaces=NS)
    assert len(paras) == 5
    assert paras[0].text.startswith("Our message of 27 October to President Kennedy")
    assert paras[-1].text == "We send our greetings to you and to all your administrative collective."
    ps = "t:teiHeader/t:fileDesc/t:publicationStmt"
    assert one(f"{ps}/t:idno[@type='WCDA']/text()") == "114504"
    assert (
        one(f"{ps}/t:idno[@subtype='canonical']/text()")
        == "https://digitalarchive.wilsoncenter.org/document/114504"
    )
    ms = "t:teiHeader/t:fileDesc/t:sourceDesc/t:msDesc"
    assert (
        one(f"{ms}/t:msIdentifier/t:repository/text()")
        == "Archive of Foreign Policy, Russian Federation (AVP RF)"
    )
    assert one(f"{ms}/t:msContents/t:textLang/@mainLang") == "ru"
    assert one("t:teiHeader/t:profileDesc/t:abstract/t:p/text()").startswith("Khrushchev informed Castro")
    assert one("t:teiHeader/t:profileDesc/t:creation/t:date/@when") == "1962-10-28"
    assert one("t:teiHeader/t:profileDesc/t:creation/t:date/text()") == "October 28, 1962"
    assert (
        one("t:teiHeader/t:fileDesc/t:titleStmt/t:title/text()") == "Letter from Khrushchev to Fidel Castro"
    )
    assert one("t:teiHeader/t:fileDesc/t:titleStmt/t:funder/text()") == "Leon Levy Foundation"
    # no authority URI is invented
    assert root.xpath("//@ref", namespaces=NS) == []


def test_seed_bibl_struct(tei_schema: Any, seed_record: Record) -> None:
    text = write("tei-bibl", [seed_record])
    valid(tei_schema, text)
    bs = xml(text).xpath("//t:listBibl/t:biblStruct", namespaces=NS)
    assert len(bs) == 1
    an = bs[0].find("t:analytic", NS)
    pers = an.find("t:author/t:persName", NS)
    assert pers.findtext("t:forename", namespaces=NS) == "N."
    assert pers.findtext("t:surname", namespaces=NS) == "Khrushchev"
    assert "".join(pers.itertext()) == "N. Khrushchev"
    assert an.findtext("t:title[@level='a']", namespaces=NS) == "Letter from Khrushchev to Fidel Castro"
    assert an.find("t:date", NS).get("when") == "1962-10-28"
    assert an.findtext("t:idno[@type='URI'][@subtype='canonical']", namespaces=NS) == (
        "https://digitalarchive.wilsoncenter.org/document/114504"
    )
    assert an.findtext("t:idno[@type='WCDA']", namespaces=NS) == "114504"
    mono = bs[0].find("t:monogr", NS)
    assert mono.findtext("t:title[@level='m']", namespaces=NS) == "Wilson Center Digital Archive"
    assert mono.find("t:imprint", NS) is not None
    note = bs[0].find("t:note[@type='repository']", NS)
    assert "".join(note.itertext()) == "Archive of Foreign Policy, Russian Federation (AVP RF)"
    # idno is never a direct child of biblStruct (the schema rejects it)
    assert bs[0].find("t:idno", NS) is None


def test_bare_list_bibl_is_a_valid_fragment(tei_schema: Any, seed_record: Record) -> None:
    text = write("tei-bibl", [seed_record], standalone=False)
    root = xml(text)
    assert root.tag == "{http://www.tei-c.org/ns/1.0}listBibl"
    wrapped = write("tei-bibl", [seed_record])
    inner = xml(wrapped).find(".//t:listBibl", NS)

    def squash(el: Any) -> bytes:
        return re.sub(rb">\s+<", b"><", etree.tostring(el, with_tail=False))

    assert squash(root.find("t:biblStruct", NS)) == squash(inner.find("t:biblStruct", NS))
    assert valid(tei_schema, wrapped) is None
    assert [fields(r) for r in read_back(text)] == [fields(r) for r in read_back(wrapped)]


def test_seed_cmif(tei_schema: Any, seed_record: Record) -> None:
    text = write(
        "cmif",
        [seed_record],
        editor="Jane Doe <jane@example.org>",
        publisher="Example Project",
        file_url="https://example.org/cmif.xml",
    )
    valid(tei_schema, text)
    root = xml(text)
    fd = root.find("t:teiHeader/t:fileDesc", NS)
    assert fd.findtext("t:titleStmt/t:editor", namespaces=NS) == "Jane Doe"
    assert fd.findtext("t:titleStmt/t:editor/t:email", namespaces=NS) == "jane@example.org"
    assert fd.findtext("t:publicationStmt/t:publisher", namespaces=NS) == "Example Project"
    assert fd.find("t:publicationStmt/t:publisher/t:ref", NS) is None
    linked = xml(write("cmif", [seed_record], publisher="Example Project <https://example.org/>"))
    ref = linked.find(".//t:publicationStmt/t:publisher/t:ref", NS)
    assert (ref.text, ref.get("target")) == ("Example Project", "https://example.org/")
    assert (
        fd.findtext("t:publicationStmt/t:idno[@type='url']", namespaces=NS) == "https://example.org/cmif.xml"
    )
    assert re.fullmatch(r"\d{4}-\d\d-\d\d", fd.find("t:publicationStmt/t:date", NS).get("when"))
    lic = fd.find("t:publicationStmt/t:availability/t:licence", NS)
    assert lic.get("target") == "https://creativecommons.org/licenses/by/4.0/"
    bibl = fd.find("t:sourceDesc/t:bibl[@type='online']", NS)
    cd = root.find("t:teiHeader/t:profileDesc/t:correspDesc", NS)
    assert cd.get("source") == "#" + bibl.get("{http://www.w3.org/XML/1998/namespace}id")
    assert cd.get("ref") == "https://digitalarchive.wilsoncenter.org/document/114504"
    sent, received = cd.findall("t:correspAction", NS)
    assert (sent.get("type"), received.get("type")) == ("sent", "received")
    # CMIF: correspAction children only persName/orgName, placeName, date; plain names
    assert [c.tag.split("}")[1] for c in sent] == ["persName", "date"]
    assert sent.find("t:persName", NS).text == "N. Khrushchev" and len(sent.find("t:persName", NS)) == 0
    assert sent.find("t:date", NS).attrib == {"when": "1962-10-28"}
    assert received.findtext("t:persName", namespaces=NS) == "Fidel Castro"


def test_cmif_unknown_correspondent_and_dates(tei_schema: Any) -> None:
    rec = Record(
        title="Letter to X",
        recipients=(Name("USSR MFA", kind="organization"),),
        date=ArchivalDate(text="ca. 1962", start=DatePoint(1962), approximate=True),
    )
    text = write("cmif", [rec], today=dt.date(2024, 1, 2))
    valid(tei_schema, text)
    root = xml(text)
    sent = root.find(".//t:correspAction[@type='sent']", NS)
    assert sent.findtext("t:persName", namespaces=NS) == "Unknown"
    # CMIF dates carry values only (YYYY, YYYY-MM, YYYY-MM-DD), no qualifiers
    assert sent.find("t:date", NS).attrib == {"when": "1962"}
    assert root.find(".//t:correspAction[@type='received']/t:orgName", NS).text == "USSR MFA"
    assert root.find(".//t:publicationStmt/t:date", NS).get("when") == "2024-01-02"
    back = read_back(text)[0]
    assert back.authors == () and back.recipients == (Name("USSR MFA", kind="organization"),)


# ---------------------------------------------------------------------------- round trips


@pytest.mark.parametrize("rid", FIXTURE_IDS)
def test_roundtrip_full_document_fixture(fixture_records: dict[str, Record], rid: str) -> None:
    rec = fixture_records[rid]
    (back,) = read_back(write("tei", [rec]))
    assert fields(back) == fields(rec)


@pytest.mark.parametrize("rid", FIXTURE_IDS)
def test_roundtrip_bibl_fixture(fixture_records: dict[str, Record], rid: str) -> None:
    rec = fixture_records[rid]
    (back,) = read_back(write("tei-bibl", [rec]))
    # tei-bibl holds everything but the body, unknown sections and the raw citation
    assert fields(back, ("body", "extra", "citation")) == fields(rec, ("body", "extra", "citation"))
    assert (back.body, back.extra, back.citation) == (None, (), None)


def cmif_view(rec: Record) -> dict[str, Any]:
    """What CMIF holds: title, record id, the best URL, date values, correspondents."""
    date = rec.date
    return {
        "title": rec.title,
        "record_id": rec.record_id,
        "url": rec.best_url,
        "date": (date.start, date.end) if date else None,
        "authors": [(n.name, n.kind) for n in rec.authors],
        "recipients": [(n.name, n.kind) for n in rec.recipients],
    }


def test_roundtrip_cmif_fixtures(fixture_records: dict[str, Record]) -> None:
    records = [fixture_records[r] for r in FIXTURE_IDS]
    back = read_back(write("cmif", records))
    letters = [r for r in records if has_correspondents(r)]
    assert [cmif_view(b) for b in back] == [cmif_view(r) for r in letters]
    assert back[0].best_url == letters[0].best_url


def test_corpus_roundtrip(fixture_records: dict[str, Record]) -> None:
    records = [fixture_records[r] for r in FIXTURE_IDS]
    back = read_back(write("tei", records))
    assert [fields(b) for b in back] == [fields(r) for r in records]


FULL = Record(
    title="Record of Conversation",
    record_id="999",
    url="http://digitalarchive.wilsoncenter.org/document/999",
    canonical_url="https://digitalarchive.wilsoncenter.org/document/999",
    date=ArchivalDate(
        text="October 22-28, 1962?",
        start=DatePoint(1962, 10, 22),
        end=DatePoint(1962, 10, 28),
        uncertain=True,
    ),
    doc_type="Memorandum of Conversation",
    authors=(
        Name("Mao Zedong", family="Mao", given="Zedong", family_first=True),
        Name("Filippov [Stalin]", family="Filippov", real_name="Stalin"),
        Name("Dobrynin", family="Dobrynin", role="Soviet Ambassador to the USA"),
        Name("N. Khrushchev", family="Khrushchev", given="Nikita"),
    ),
    recipients=(Name("USSR MFA", kind="organization"), Name("Castro Fidel", family="Castro", given="Fidel")),
    participants=(
        Name("Kim Il Sung", family="Kim", given="Il Sung", family_first=True),
        Name("TASS", kind="organization"),
    ),
    collection="History and Public Policy Program Digital Archive",
    source=Source(
        text="RGASPI, f. 558, op. 11, d. 97, ll. 67-70. Contributed by Sergey Radchenko and translated by Gary Goldberg.",
        repository="RGASPI",
        locator="f. 558, op. 11, d. 97, ll. 67-70",
        contributors=(
            Contributor(Name("Sergey Radchenko", family="Radchenko", given="Sergey"), "contributor"),
            Contributor(Name("Gary Goldberg", family="Goldberg", given="Gary"), "translator"),
        ),
    ),
    summary="A summary & <b>markup</b> ]]> kept.",
    credits=("This document was made possible with support from Leon Levy Foundation",),
    funders=("Leon Levy Foundation",),
    original_languages=("Russian", "Kazakh-Uyghur"),
    contents=(
        ContentItem("translation", "English", "Translation - English"),
        ContentItem("original-scan", "Russian", "Original Scan"),
        ContentItem("odd kind/1", None, ""),
    ),
    subjects=("Cuban Missile Crisis", "Nuclear weapons"),
    body="  Top Secret\nCopy No. 1\n\nMy dear premier,\n\nText with  two spaces.\r\nAnd a CR.\n\n\n\nN. KHRUSHCHEV \n\n28 October 1962\n",
    signature="N. KHRUSHCHEV",
    extra=(("Associated People & Organizations", "Khrushchev\nCastro"), ("Empty", "")),
    citation='"Record of Conversation," 1962, Wilson Center.',
)


def test_roundtrip_full_record_every_field(tei_schema: Any) -> None:
    text = write("tei", [FULL])
    valid(tei_schema, text)
    (back,) = read_back(text)
    assert fields(back) == fields(FULL)
    root = xml(text)
    # name parts that the display name does not contain are kept in nested notes
    pers = root.find(".//t:biblStruct/t:analytic/t:author[4]/t:persName", NS)
    assert pers.findtext("t:note[@type='given']", namespaces=NS) == "Nikita"
    dob = root.find(".//t:biblStruct/t:analytic/t:author[3]/t:persName", NS)
    assert dob.findtext("t:note[@type='role']", namespaces=NS) == "Soviet Ambassador to the USA"
    stalin = root.find(".//t:biblStruct/t:analytic/t:author[2]/t:persName", NS)
    assert stalin.findtext("t:addName[@type='real']", namespaces=NS) == "Stalin"
    # unknown language: text without a code; langUsage only lists coded languages
    assert root.xpath("//t:langUsage/t:language/@ident", namespaces=NS) == ["en", "ru"]
    tl = root.find(".//t:msContents/t:textLang", NS)
    assert tl.get("mainLang") == "ru" and tl.get("otherLangs") is None
    assert [s.text for s in tl.findall("t:seg", NS)] == ["Russian", "Kazakh-Uyghur"]
    # uncertain range -> notBefore/notAfter + cert
    d = root.find(".//t:creation/t:date", NS)
    assert d.attrib == {"notBefore": "1962-10-22", "notAfter": "1962-10-28", "cert": "low"}
    # body structure: no salutation at the top (two address lines first are longer rules)
    body = root.find(".//t:text/t:body", NS)
    assert body.findtext("t:closer/t:signed", namespaces=NS) == "N. KHRUSHCHEV"
    assert body.find("t:p/t:lb", NS) is not None


def test_roundtrip_bibl_full_record(tei_schema: Any) -> None:
    text = write("tei-bibl", [FULL])
    valid(tei_schema, text)
    (back,) = read_back(text)
    assert fields(back, ("body", "extra", "citation")) == fields(FULL, ("body", "extra", "citation"))


def test_roundtrip_cmif_full_record(tei_schema: Any) -> None:
    text = write("cmif", [FULL])
    valid(tei_schema, text)
    (back,) = read_back(text)
    assert cmif_view(back) == cmif_view(FULL)
    assert back.canonical_url == FULL.canonical_url and back.url is None


def test_empty_and_missing_values_are_distinguished() -> None:
    rec = Record(title="", body="", date=ArchivalDate(text="", start=DatePoint(1962)), summary="")
    (back,) = read_back(write("tei", [rec]))
    assert (back.title, back.body, back.date, back.summary) == ("", "", rec.date, "")
    none = Record(title=None)
    (back,) = read_back(write("tei", [none]))
    assert fields(back) == fields(none)


# ---------------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("date", "attrib"),
    [
        (ArchivalDate("October 28, 1962", DatePoint(1962, 10, 28)), {"when": "1962-10-28"}),
        (ArchivalDate("October 1962", DatePoint(1962, 10)), {"when": "1962-10"}),
        (ArchivalDate("ca. 1962", DatePoint(1962), approximate=True), {"when": "1962", "precision": "low"}),
        (ArchivalDate("1962?", DatePoint(1962), uncertain=True), {"when": "1962", "cert": "low"}),
        (
            ArchivalDate("October 22-28, 1962", DatePoint(1962, 10, 22), DatePoint(1962, 10, 28)),
            {"from": "1962-10-22", "to": "1962-10-28"},
        ),
        (
            ArchivalDate("ca. 1962-1963", DatePoint(1962), DatePoint(1963), approximate=True),
            {"notBefore": "1962", "notAfter": "1963", "precision": "low"},
        ),
    ],
)
def test_date_attributes(tei_schema: Any, date: ArchivalDate, attrib: dict[str, str]) -> None:
    rec = Record(title="T", date=date)
    text = write("tei-bibl", [rec])
    valid(tei_schema, text)
    el = xml(text).find(".//t:analytic/t:date", NS)
    assert dict(el.attrib) == attrib
    assert el.text == date.text
    (back,) = read_back(text)
    assert back.date == date


def test_impossible_date_is_a_format_error() -> None:
    rec = Record(title="T", date=ArchivalDate("x", DatePoint(1962, 2, 30)))
    for kind in ("tei-bibl", "tei"):
        with pytest.raises(FormatError, match="1962-02-30"):
            write(kind, [rec])


# ---------------------------------------------------------------------------- authority


def test_authority_json_and_csv(tmp_path: Path, tei_schema: Any, seed_record: Record) -> None:
    js = tmp_path / "a.json"
    js.write_text(json.dumps({"N. Khrushchev": "https://d-nb.info/gnd/118567187"}), encoding="utf-8")
    cs = tmp_path / "a.csv"
    cs.write_text("name,uri\nfidel castro,http://viaf.org/viaf/12345\n", encoding="utf-8")
    for kind in KINDS:
        text = write(kind, [seed_record], authority=str(js))
        valid(tei_schema, text)
        refs = xml(text).xpath("//t:persName[@ref]", namespaces=NS)
        assert {r.get("ref") for r in refs} == {"https://d-nb.info/gnd/118567187"}
        assert all("".join(r.itertext()) == "N. Khrushchev" for r in refs)
    text = write("cmif", [seed_record], authority=str(cs))
    (ref,) = xml(text).xpath("//t:persName[@ref]", namespaces=NS)
    assert (ref.text, ref.get("ref")) == ("Fidel Castro", "http://viaf.org/viaf/12345")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("[1, 2]", "JSON"),
        ('{"a": "not a uri"}', "absolute URI"),
        ("a,b,c\n", "2 columns"),
        ('{"a": ', "not valid JSON"),
    ],
)
def test_bad_authority_table(tmp_path: Path, content: str, message: str) -> None:
    p = tmp_path / "bad.txt"
    p.write_text(content, encoding="utf-8")
    with pytest.raises(FormatError, match=message):
        load_authority(p)
    with pytest.raises(FormatError):
        load_authority(tmp_path / "missing.json")


# ---------------------------------------------------------------------------- write_dir, options


def test_write_dir(tmp_path: Path, tei_schema: Any, fixture_records: dict[str, Record]) -> None:
    records: list[Record | FailedRecord] = [fixture_records[r] for r in FIXTURE_IDS]
    records += [
        Record(title="Letter from Khrushchev to Castro"),
        Record(title="Letter from Khrushchev to Castro"),
    ]
    records += [attrs.evolve(fixture_records["114504"])]
    paths = TEIWriter().write_dir(records, tmp_path / "out")
    names = [p.name for p in paths]
    for i, rec in enumerate(records[:9]):
        assert isinstance(rec, Record)
        if rec.record_id:
            assert names[i] == f"{rec.record_id}.xml"
        else:
            assert names[i].endswith(f"-{i + 1}.xml")
    assert "letter-from-khrushchev-to-castro-10.xml" in names
    assert "letter-from-khrushchev-to-castro-11.xml" in names
    assert names[-1] == "114504-2.xml"
    assert len(set(names)) == len(names) == len(records)
    for path in paths:
        text = path.read_text(encoding="utf-8")
        assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<TEI ')
        valid(tei_schema, text)


def test_options_are_declared_and_have_defaults(seed_record: Record) -> None:
    assert get_writer("tei").options == {"errors", "authority", "editor", "publisher"}
    assert get_writer("cmif").options == {"errors", "authority", "editor", "publisher", "file_url"}
    assert get_writer("tei-bibl").options == {"errors", "authority", "standalone"}
    for kind in KINDS:
        assert dumps([seed_record], kind).startswith('<?xml version="1.0" encoding="UTF-8"?>')
    text = write("tei", [seed_record], editor="J. Doe", publisher="My Edition")
    root = xml(text)
    assert root.findtext(".//t:titleStmt/t:editor", namespaces=NS) == "J. Doe"
    assert root.findtext(".//t:publicationStmt/t:publisher", namespaces=NS) == "My Edition"
    with pytest.raises(FormatError):
        write("tei", [seed_record], file_url="x")
    with pytest.raises(FormatError):
        write("tei", [seed_record], errors="ignore")


def test_failed_records_are_not_dropped_silently(seed_record: Record) -> None:
    failed = FailedRecord(raw="junk", span=archivecite.LineSpan(7, 9), diagnostics=())
    text = write("tei-bibl", [failed, seed_record])
    assert "failed record (input line 7) not written" in text
    assert len(read_back(text)) == 1
    text = write("tei", [failed, seed_record])
    assert "failed record (input line 7)" in text
    with pytest.raises(FormatError, match="no record"):
        write("tei", [failed])


# ---------------------------------------------------------------------------- characters


def test_illegal_characters_replaced_or_strict(tei_schema: Any) -> None:
    rec = Record(title="A\x00B\x1f\ud800C\ufffe", summary="x\x0by", body="a\x07b")
    for kind in ("tei-bibl", "tei"):
        text = write(kind, [rec])
        valid(tei_schema, text)
        (back,) = read_back(text)
        assert back.title == "A\ufffdB\ufffd\ufffdC\ufffd"
        assert back.summary == "x\ufffdy"
        with pytest.raises(FormatError, match=r"title: character U\+0000"):
            write(kind, [rec], errors="strict")
    assert read_back(write("tei", [rec]))[0].body == "a\ufffdb"


def test_language_codes() -> None:
    assert language_code("Russian") == "ru"
    assert language_code(" english ") == "en"
    assert language_code("Farsi") == language_code("Persian") == "fa"
    assert language_code("Klingon") is None and language_code(None) is None
    assert all(re.fullmatch("[a-z]{2}", c) for c in LANGUAGE_CODES.values())


def test_unknown_language_has_no_code(tei_schema: Any) -> None:
    rec = Record(
        title="T",
        original_languages=("Old Church Slavonic",),
        contents=(ContentItem("translation", "Esperanto-ish", "Translation - Esperanto-ish"),),
    )
    text = write("tei", [rec])
    valid(tei_schema, text)
    root = xml(text)
    assert root.find(".//t:langUsage", NS) is None
    assert root.find("t:text", NS).get("{http://www.w3.org/XML/1998/namespace}lang") is None
    tl = root.find(".//t:textLang", NS)
    assert tl.attrib == {} and tl.findtext("t:seg", namespaces=NS) == "Old Church Slavonic"


# ---------------------------------------------------------------------------- reader


def test_detect() -> None:
    reader = get_reader("tei")
    assert reader.detect('<?xml version="1.0"?>\n<TEI xmlns="http://www.tei-c.org/ns/1.0">')
    assert not reader.detect("<html><body>TEI</body></html>")
    assert not reader.detect("October 28, 1962\n\nLetter from Khrushchev")
    assert detect_format('\ufeff<listBibl xmlns="http://www.tei-c.org/ns/1.0">') == "tei"


def test_reader_errors() -> None:
    reader = get_reader("tei")
    with pytest.raises(ParseError, match="malformed XML"):
        list(reader.read("<TEI xmlns='http://www.tei-c.org/ns/1.0'><teiHeader>"))
    with pytest.raises(ParseError, match="not TEI"):
        list(reader.read("<html/>"))
    bad = (
        '<listBibl xmlns="http://www.tei-c.org/ns/1.0"><biblStruct><analytic><date when="late"/></analytic>'
        "<monogr><imprint><date/></imprint></monogr></biblStruct>\n<biblStruct><analytic>"
        '<title level="a">Fine</title></analytic><monogr><imprint><date/></imprint></monogr></biblStruct></listBibl>'
    )
    out = list(reader.read(bad, file="x.xml"))
    assert isinstance(out[0], FailedRecord) and out[0].diagnostics[0].code == "invalid-tei"
    assert "late" in out[0].diagnostics[0].message and out[0].file == "x.xml"
    assert isinstance(out[1], Record) and out[1].title == "Fine" and out[1].span.start == 2
    with pytest.raises(ParseError, match="unreadable date value"):
        list(reader.read(bad, strict=True))


# ---------------------------------------------------------------------------- body structure


def test_body_split_seed(seed_record: Record) -> None:
    assert seed_record.body is not None
    body = split_body(seed_record.body, seed_record.signature)
    assert body.text == seed_record.body
    assert [b.kind for b in body.opener] == ["salute"]
    assert [(b.kind, b.text) for b in body.closer] == [
        ("signed", "N. KHRUSHCHEV"),
        ("dateline", "28 October 1962"),
    ]
    assert len(body.paragraphs) == 5


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("for Comrade Mao Zedong\n\n“Comrade Mao Zedong!\n\nWe have received it.", ["opener", "salute", "p"]),
        ("My dear premier,\n\nText.\n\nJ. Nehru", ["salute", "p", "signed"]),
        ("My dear premier,\n\nText.\n\nJ. N.", ["salute", "p", "p"]),
        ("Text mentions Dear Sir: inside.\n\nMore.", ["p", "p"]),
        (
            "A long first paragraph that is not an address line at all, it goes on and on and on and on.\n\nDear Sir:\n\nx",
            ["p", "p", "p"],
        ),
        ("Text.\n\nMoscow, 28 October 1962", ["p", "dateline"]),
        ("Text.\n\n28 October 1962\n\nMore text after the date.", ["p", "p", "p"]),
        ("Only one block", ["p"]),
        (
            "Secret.\nF.N.33.\nNew Delhi, 1st April, 1949.\nMy dear premier,\nMy last letter to you.\nJ. Nehru",
            ["opener", "opener", "opener", "salute", "p", "signed"],
        ),
        ("8 October 1956\nTop Secret\nIn addition to the information.", ["p", "p", "p"]),
    ],
)
def test_body_recognition(text: str, kinds: list[str]) -> None:
    body = split_body(text, "J. NEHRU")
    assert [b.kind for b in body.blocks] == kinds
    assert body.text == text


def test_signature_only_when_given() -> None:
    text = "Text.\n\nN. KHRUSHCHEV"
    assert [b.kind for b in split_body(text).blocks] == ["p", "p"]
    assert [b.kind for b in split_body(text, "N.  Khrushchev").blocks] == ["p", "signed"]


@settings(max_examples=200, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(list("ab :,!\n\n\n\t\r \u00a0\u2028Dear28 October1962")), max_size=80)
)
def test_body_split_keeps_every_character(text: str) -> None:
    body = split_body(text, "ab")
    assert body.text == text
    assert body.opener + body.paragraphs + body.closer == body.blocks
    assert all(not b.sep.strip(" \t\r\n") for b in body.blocks)
    assert not body.leading.strip(" \t\r\n")


# ---------------------------------------------------------------------------- hypothesis

NASTY = [
    "<",
    "&",
    "]]>",
    "\x00",
    "\x1f",
    "\ud800",
    "\udfff",
    "\ufffe",
    "\uffff",
    "\r",
    "\n\n",
    "--",
    '"',
    "'",
    "\t",
]
texts = st.one_of(
    st.text(st.characters(blacklist_categories=()), max_size=12),
    st.lists(st.sampled_from(NASTY) | st.text(max_size=3), max_size=6).map("".join),
)
nonempty = texts.filter(bool)
opt = st.none() | texts


@st.composite
def names(draw: Any) -> Name:
    kind = draw(st.sampled_from(["person", "organization"]))
    return Name(
        name=draw(nonempty),
        family=draw(st.none() | nonempty),
        given=draw(st.none() | nonempty),
        kind=kind,
        real_name=draw(st.none() | nonempty),
        family_first=draw(st.booleans()),
        role=draw(st.none() | nonempty),
    )


points = st.builds(
    lambda y, m, d: DatePoint(y, m, d if m else None),
    st.integers(1, 9999),
    st.none() | st.integers(1, 12),
    st.none() | st.integers(1, 28),
)
dates = st.builds(ArchivalDate, opt, points, st.none() | points, st.booleans(), st.booleans())


@st.composite
def records(draw: Any) -> Record:
    return Record(
        title=draw(opt),
        record_id=draw(opt),
        url=draw(opt),
        canonical_url=draw(opt),
        date=draw(st.none() | dates),
        doc_type=draw(opt),
        authors=tuple(draw(st.lists(names(), max_size=2))),
        recipients=tuple(draw(st.lists(names(), max_size=2))),
        participants=tuple(draw(st.lists(names(), max_size=2))),
        collection=draw(opt),
        source=draw(
            st.none()
            | st.builds(
                Source,
                texts,
                st.none() | nonempty,
                st.none() | nonempty,
                st.lists(st.builds(Contributor, names(), texts), max_size=2).map(tuple),
            )
        ),
        summary=draw(opt),
        credits=tuple(draw(st.lists(texts, max_size=2))),
        funders=tuple(draw(st.lists(texts, max_size=2))),
        original_languages=tuple(draw(st.lists(texts | st.sampled_from(["Russian", "English"]), max_size=2))),
        contents=tuple(
            draw(st.lists(st.builds(ContentItem, texts, st.none() | nonempty, texts), max_size=2))
        ),
        subjects=tuple(draw(st.lists(texts, max_size=2))),
        body=draw(
            st.none()
            | st.lists(texts | st.sampled_from(["Dear Sir:", "\n\n", "\n"]), max_size=6).map("".join)
        ),
        signature=draw(opt),
        extra=tuple(draw(st.lists(st.tuples(texts, texts), max_size=2))),
        citation=draw(opt),
    )


def _clean(value: Any) -> Any:
    """What XML can hold: illegal characters become U+FFFD (independent of the writer)."""
    if isinstance(value, str):
        return "".join(
            c
            if c in "\t\n\r" or "\x20" <= c <= "\ud7ff" or "\ue000" <= c <= "\ufffd" or c >= "\U00010000"
            else "\ufffd"
            for c in value
        )
    if isinstance(value, tuple):
        return tuple(_clean(v) for v in value)
    if attrs.has(type(value)):
        return attrs.evolve(
            value, **{f.name: _clean(getattr(value, f.name)) for f in attrs.fields(type(value))}
        )
    return value


HYPO = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@HYPO
@given(records())
def test_hypothesis_full_document(tei_schema: Any, rec: Record) -> None:
    text = write("tei", [rec])  # replace mode: never an error for these (valid) dates
    valid(tei_schema, text)
    (back,) = read_back(text)
    assert fields(back) == fields(_clean(rec))


@HYPO
@given(records())
def test_hypothesis_bibl(tei_schema: Any, rec: Record) -> None:
    text = write("tei-bibl", [rec])
    valid(tei_schema, text)
    (back,) = read_back(text)
    skip = ("body", "extra", "citation")
    assert fields(back, skip) == fields(_clean(rec), skip)


@HYPO
@given(st.lists(records(), min_size=1, max_size=3))
def test_hypothesis_cmif(tei_schema: Any, recs: list[Record]) -> None:
    try:
        text = write("cmif", recs)
    except FormatError as exc:
        assert "no record with a sender or recipient" in str(exc)
        assert not any(has_correspondents(r) for r in recs)
        return
    valid(tei_schema, text)
    back = read_back(text)
    letters = [_clean(r) for r in recs if has_correspondents(r)]
    assert [(b.title, b.record_id, b.authors and b.authors[0].name) for b in back] == [
        (r.title, r.record_id, r.authors and r.authors[0].name) for r in letters
    ]


@HYPO
@given(records())
def test_hypothesis_strict_raises_only_format_error(rec: Record) -> None:
    clean = _clean(rec) == rec
    for kind in ("tei-bibl", "tei"):
        try:
            write(kind, [rec], errors="strict")
        except FormatError as exc:
            assert not clean, exc
            assert "cannot be written in XML" in str(exc)
        else:
            assert clean or kind == "tei-bibl"  # tei-bibl does not write body, extra, citation


# ---------------------------------------------------------------------------- CLI


def test_cli_folder_and_cmif_options(tmp_path: Path, tei_schema: Any) -> None:
    from archivecite.cli import main

    fixtures = Path(__file__).resolve().parents[2] / "fixtures" / "records"
    inputs = [str(fixtures / f"{r}.txt") for r in ("114504", "110385", "113266")]
    out_dir = tmp_path / "tei-files"
    assert main(["convert", *inputs, "--to", "tei", "-o", f"{out_dir}/"]) == 0
    files = sorted(p.name for p in out_dir.iterdir())
    assert "114504.xml" in files and "110385.xml" in files and len(files) == 3
    for p in out_dir.iterdir():
        valid(tei_schema, p.read_text(encoding="utf-8"))
    table = tmp_path / "names.csv"
    table.write_text("Fidel Castro,http://viaf.org/viaf/12345\n", encoding="utf-8")
    cmif = tmp_path / "letters.xml"
    args = ["convert", *inputs, "--to", "cmif", "-o", str(cmif), "--editor", "J. Doe <j@example.org>"]
    args += ["--file-url", "https://example.org/letters.xml", "--authority", str(table)]
    assert main(args) == 0
    text = cmif.read_text(encoding="utf-8")
    valid(tei_schema, text)
    root = xml(text)
    assert root.findtext(".//t:idno[@type='url']", namespaces=NS) == "https://example.org/letters.xml"
    assert root.find(".//t:persName[@ref='http://viaf.org/viaf/12345']", NS).text == "Fidel Castro"
    # and back: the folder's files read as TEI (detected from content)
    back = tmp_path / "back.json"
    assert main(["convert", str(out_dir / "114504.xml"), "--to", "json", "-o", str(back)]) == 0
    assert json.loads(back.read_text(encoding="utf-8"))[0]["signature"] == "N. KHRUSHCHEV"
