"""Safe XML parsing: no entity expansion, no DTD or network access, no huge trees."""

from __future__ import annotations

import http.server
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from lxml import etree

from archivecite import ParseError, Record
from archivecite.formats import get_reader
from archivecite.xmlsafe import parse_xml, safe_parser

BILLION_LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
    + "".join(
        f' <!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n' for i in range(1, 10)
    )
    + "]>\n<lolz>&lol9;</lolz>"
)


@pytest.fixture
def http_server() -> Iterator[tuple[int, list[str]]]:
    """A local HTTP server that records every request (and would serve an entity)."""
    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            hits.append(self.path)
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b'<!ENTITY e "FROM-THE-NETWORK">')

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1], hits
    finally:
        server.shutdown()
        server.server_close()


def test_billion_laughs_rejected_fast() -> None:
    start = time.perf_counter()
    with pytest.raises(ParseError) as info:
        parse_xml(BILLION_LAUGHS)
    assert time.perf_counter() - start < 1.0
    assert info.value.diagnostics[0].code == "invalid-xml"
    assert "lol" * 5 not in str(info.value)


def test_xxe_local_file_rejected(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT", encoding="utf-8")
    doc = f'<!DOCTYPE r [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>\n<r>&xxe;</r>'
    with pytest.raises(ParseError, match="entity declarations are not allowed") as info:
        parse_xml(doc)
    assert "TOP-SECRET" not in str(info.value)
    # the same through the TEI reader
    tei = f'<!DOCTYPE TEI [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]><TEI xmlns="http://www.tei-c.org/ns/1.0">&xxe;</TEI>'
    with pytest.raises(ParseError):
        list(get_reader("tei").read(tei))


def test_external_dtd_on_network_not_fetched(http_server: tuple[int, list[str]]) -> None:
    port, hits = http_server
    doc = f'<!DOCTYPE r SYSTEM "http://127.0.0.1:{port}/tei.dtd">\n<r>a &e; b</r>'
    root = parse_xml(doc)
    assert hits == []
    # the reference stays an unexpanded entity node; nothing from the network is in the text
    assert "FROM-THE-NETWORK" not in etree.tostring(root, encoding="unicode")
    assert [type(c).__name__ for c in root] == ["_Entity"]
    # a parameter entity pointing to the network is refused, still without a request
    pe = f'<!DOCTYPE r [<!ENTITY % p SYSTEM "http://127.0.0.1:{port}/p.dtd"> %p;]><r/>'
    with pytest.raises(ParseError):
        parse_xml(pe)
    assert hits == []
    # the server does answer: the absence of hits above is meaningful
    import urllib.request

    urllib.request.urlopen(f"http://127.0.0.1:{port}/probe", timeout=5).read()
    assert hits == ["/probe"]


def test_external_dtd_on_disk_not_expanded(tmp_path: Path) -> None:
    dtd = tmp_path / "ext.dtd"
    dtd.write_text('<!ENTITY e "EXPANDED-FROM-DISK">', encoding="utf-8")
    root = parse_xml(f'<!DOCTYPE r SYSTEM "{dtd.as_uri()}"><r>a &e; b</r>')
    assert "EXPANDED-FROM-DISK" not in etree.tostring(root, encoding="unicode")


def test_tei_reader_ignores_unexpanded_entities(tmp_path: Path) -> None:
    text = (
        '<!DOCTYPE listBibl SYSTEM "http://127.0.0.1:9/none.dtd"><listBibl xmlns="http://www.tei-c.org/ns/1.0">'
        '<biblStruct><analytic><title level="a">A&e;B</title></analytic>'
        "<monogr><imprint><date/></imprint></monogr></biblStruct></listBibl>"
    )
    (rec,) = get_reader("tei").read(text)
    assert isinstance(rec, Record) and rec.title == "AB"


def test_deep_nesting_refused_without_huge_tree() -> None:
    depth = 5000
    with pytest.raises(ParseError, match="depth"):
        parse_xml("<a>" * depth + "</a>" * depth)
    parse_xml("<a>" * 200 + "</a>" * 200)  # ordinary depth is fine


def test_huge_text_node_refused() -> None:
    with pytest.raises(ParseError):
        parse_xml("<r>" + "x" * 12_000_000 + "</r>")


@pytest.mark.parametrize(
    ("doc", "line"),
    [("<r>\n<a></r>", 2), ("", None), ("<r>&undefined;</r>", 1), ("not xml", 1), ("<r/>\n<r/>", 2)],
)
def test_malformed_is_parse_error(doc: str, line: int | None) -> None:
    with pytest.raises(ParseError) as info:
        parse_xml(doc, file="in.xml")
    diag = info.value.diagnostics[0]
    assert (diag.code, diag.file) == ("invalid-xml", "in.xml")
    if line is not None:
        assert diag.line == line
    assert not isinstance(info.value, etree.XMLSyntaxError)


def test_declarations_bom_and_bytes() -> None:
    assert parse_xml('\ufeff<?xml version="1.0" encoding="ISO-8859-1"?><r>é</r>').text == "é"
    assert parse_xml('<?xml version="1.0" encoding="ISO-8859-1"?><r>\xe9</r>'.encode("latin-1")).text == "é"
    assert parse_xml(b"<r>\xc3\xa9</r>").text == "é"
    with pytest.raises(ParseError):
        parse_xml(b"<r>\x00</r>")
    with pytest.raises(TypeError):
        parse_xml(42)  # type: ignore[arg-type]


def test_whitespace_and_comments_kept() -> None:
    root = parse_xml("<r>  <a/>\n\n<!-- c --></r>")
    assert root.text == "  " and root[0].tail == "\n\n"
    parser = safe_parser()
    assert parser is not safe_parser()  # a new parser each time (parsers are not thread-safe)
