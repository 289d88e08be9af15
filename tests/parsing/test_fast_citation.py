"""parse_citation against archivecite 0.1.0's (tests/legacy_parsing/citation_v010.py).

Equal parts (or ``None`` for both) on every fixture record's citation, on the benchmark's
generated records, and with hypothesis on arbitrary text, on text built from citation pieces,
on citations assembled part by part and on real citations with a piece inserted or a span
removed. The fast paths' helpers are also checked against the plain formulations they replace.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import attrs
from hypothesis import example, given, settings
from hypothesis import strategies as st

import archivecite
from archivecite import Record
from archivecite.parsing import citation
from bench_records import bench_parse
from legacy_parsing import citation_v010

ROOT = Path(__file__).resolve().parents[2]


def _same(text: str) -> None:
    new, old = citation.parse_citation(text), citation_v010.parse_citation(text)
    # two classes (the frozen copy has its own CitationParts): compare the fields
    assert (None if new is None else attrs.asdict(new)) == (None if old is None else attrs.asdict(old)), text


@cache
def _fixture_citations() -> tuple[str, ...]:
    out = []
    for path in sorted((ROOT / "fixtures" / "records").glob("*.txt")):
        rec = archivecite.parse(path.read_text(encoding="utf-8"), file=path.name)
        assert isinstance(rec, Record), path
        assert rec.citation, path
        out.append(rec.citation)
    return tuple(out)


def test_fixture_citations() -> None:
    cits = _fixture_citations()
    assert len(cits) >= 9
    for text in cits:
        _same(text)
    # the three shapes are all there
    shapes = {p.shape for p in map(citation.parse_citation, cits) if p is not None}
    assert shapes == {"new-site", "old-site", "pdf-export"}


def test_benchmark_citations() -> None:
    texts, _ = bench_parse().generate(3000)
    for text in texts:
        rec = archivecite.parse(text)
        assert isinstance(rec, Record) and rec.citation
        _same(rec.citation)


FRAGMENTS = [
    '"', "“", "”", ',"', '",', ",”", "”,", "'", "’",
    "Letter from A to B", "Title, with comma", "Minutes, Mao’s Conversation", "[undated]",
    "October 28, 1962", "September, 1956", "1956", "April 27", "Oct. 22-28, 1962", "28 October 1962",
    "Wilson Center Digital Archive", "History and Public Policy Program Digital Archive",
    "Digital Archive", "Foreign Digital Archive", "the Digital Archive", "Archive", "Digital", "and", "of",
    "APRF, Fond 45", "f. 5, op. 49", "Translated by Gary Goldberg.", "Published in \"Istochnik\"",
    ".", ",", ", ", " ", "  ", "\n", "\t", "\u00a0", "\u2028", "\x1f",
    "<https://digitalarchive.wilsoncenter.org/document/114504>",
    "https://digitalarchive.wilsoncenter.org/document/114504", "http://x.org/a.", "http://x.org/a",
    "<", ">", "< ", " >", "http://", "https://", "http://x", "http://x.", "https://x", "HTTP://X.ORG",
    "httpſ://x.org", "http://a>b", "http://a<b", "<http://>", "<https://>", "<http://x>", "<https://x.org/a>",
    " < https://x.org/a>", "<https://x.org/a >",
]  # fmt: skip

PIECE_TEXT = st.lists(st.sampled_from(FRAGMENTS), max_size=16).map("".join)


@settings(max_examples=3000, deadline=None)
@given(PIECE_TEXT)
@example('"Title", October 28, 1962, Wilson Center Digital Archive, APRF <https://a.org/d/1>')
@example('"Title,", Wilson Center Digital Archive, APRF')
@example('"Title," "Other", October 28, 1962, Wilson Center Digital Archive, "Quoted", Source')
@example('"A", B, Wilson Center Digital Archive Digital Archive, C')
@example('"T", 1962, Wilson Center Digital Archive, x http://a.b.')
@example('"T", 1962, Wilson Center Digital Archive, x < http://a.b >.')
def test_citation_pieces(text: str) -> None:
    _same(text)


@settings(max_examples=3000, deadline=None)
@given(st.sampled_from(['"', "“", "”", " “", "\n", ""]), PIECE_TEXT)
def test_citation_pieces_after_a_quote(opening: str, text: str) -> None:
    _same(opening + text)


def _pick(*options: str) -> st.SearchStrategy[str]:
    return st.sampled_from(options)


# citations put together from their parts, each in its usual forms and some unusual ones
ASSEMBLED = st.tuples(
    _pick('"', "“", "”", ""),
    _pick("Letter from A to B", "Report, A to B", 'Note on "X"', "Minutes, Mao’s Talk, [undated]", "", "A,"),
    _pick('",', ',"', ",”", '"', "”", '","', "", '", "'),
    _pick(" October 28, 1962", " September, 1956", " 1958", " April 1, 1949", " [undated]", "", " Source"),
    _pick(", ", ",", " ", ". "),
    _pick(
        "Wilson Center Digital Archive",
        "History and Public Policy Program Digital Archive",
        "Foreign Policy Digital Archive",
        "Digital Archive",
        "wilson Center Digital Archive",
        "",
    ),
    _pick(", ", ". ", " ", "", ",", "."),
    _pick("APRF, Fond 45, Opis 1, Delo 340, List 82.", 'RGANI, f. 5. "Istochnik", no. 2', "", "x, y"),
    _pick(
        "\n<https://digitalarchive.wilsoncenter.org/document/100005>",
        " <https://a.org/d/1>",
        " http://digitalarchive.wilsoncenter.org/document/111776",
        " http://x.org/a.",
        " <http://x>",
        "<https://a.org/d/1>",
        " https://a.org/d/1>",
        " < https://a.org/d/1 > .",
        " < https://a.org/d/1>",
        " <https://a.org/d/1 >",
        " <http://>",
        " <https://>",
        " <http://x>",
        " https://",
        " http://x.",
        " https://x.",
        " https://x.org/a>.",
        " < https://x.org/a>.",
        "",
        "\n",
        "  ",
    ),
).map("".join)


@settings(max_examples=3000, deadline=None)
@given(ASSEMBLED)
def test_assembled_citations(text: str) -> None:
    _same(text)


@settings(max_examples=1500, deadline=None)
@given(st.data())
def test_real_citations_changed(data: st.DataObject) -> None:
    text = data.draw(st.sampled_from(_fixture_citations()))
    i = data.draw(st.integers(0, len(text)))
    if data.draw(st.booleans()):
        text = text[:i] + data.draw(st.sampled_from(FRAGMENTS)) + text[i:]
    else:
        text = text[:i] + text[i + data.draw(st.integers(1, 40)) :]
    _same(text)


@settings(max_examples=1500, deadline=None)
@given(st.text(max_size=60), st.sampled_from(['"', "“", "”", ""]))
def test_arbitrary_text(text: str, opening: str) -> None:
    _same(opening + text)


# --- the helpers of the fast paths against the plain formulations -------------------------------


@settings(max_examples=2000, deadline=None)
@given(
    st.one_of(
        PIECE_TEXT, st.text(max_size=30), st.text(alphabet=st.sampled_from(" a\n\t\r\x1f\x85\xa0\u3000é"))
    )
)
def test_is_collapsed_only_when_join_of_split_is_the_text(text: str) -> None:
    collapsed = " ".join(text.split()) == text
    assert not citation._is_collapsed(text) or collapsed
    if text.isprintable():
        assert citation._is_collapsed(text) == collapsed


def _collapsed_citation(text: str) -> str | None:
    s = " ".join(text.split())
    return s if s and s[0] in '"“”' else None


@settings(max_examples=2000, deadline=None)
@given(PIECE_TEXT, st.sampled_from(['"', "“"]))
def test_split_url_is_the_trailing_url_search(text: str, opening: str) -> None:
    s = _collapsed_citation(opening + text)
    if s is None:
        return
    m = citation._TRAILING_URL.search(s)
    expected = (s[: m.start()].rstrip(), m.group(1) or m.group(2)) if m else (s, None)
    assert citation._split_url(s) == expected


@settings(max_examples=2000, deadline=None)
@given(ASSEMBLED)
def test_collection_span_is_the_search_after_the_closing_quote(text: str) -> None:
    s = _collapsed_citation(text)
    if s is None:
        return
    s = citation._split_url(s)[0]
    close = citation._closing_quote(s)
    search_from = close if close is not None else 1
    first_da = s.find("Digital Archive", search_from)
    coll = (
        citation._COLLECTION.search(s, max(search_from, s.rfind(",", search_from, first_da)))
        if first_da >= 0
        else None
    )
    assert citation._collection_span(s) == (coll.span(1) if coll else None)
