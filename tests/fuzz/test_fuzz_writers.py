"""Fuzz every writer with hostile records, then read its output back with its reader.

Properties: a writer raises nothing but ``FormatError``; its output is UTF-8 encodable; the
reader of its format reads it back to the same number of records, none failed (JSON: equal
records); HTML output has only archivecite's own tags and http(s) links; Markdown output has no
link to anything but http(s); XML output is well-formed.

Budget: ``ARCHIVECITE_FUZZ_EXAMPLES`` examples per test (default 100).
"""

from __future__ import annotations

import html.parser
import json
import os
import re
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _strategies import record_lists

import archivecite
from archivecite import FailedRecord, FormatError, Record
from archivecite.formats import available_writers, get_reader

EXAMPLES = int(os.environ.get("ARCHIVECITE_FUZZ_EXAMPLES", "100"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)
# the reader of each writer's format; writers without one are read by the text reader
READER_OF = {
    "json": "json",
    "csl-json": "csl-json",
    "bibtex": "bibtex",
    "biblatex": "bibtex",
    "biblatex-chicago": "bibtex",
    "ris": "ris",
    "tei-bibl": "tei",
    "tei": "tei",
    "cmif": "tei",
}
WRITERS = available_writers()
MARKUP_WRITERS = [w for w in WRITERS if "markup" in archivecite.get_writer(w).options]


def write(records: list[Record], fmt: str, **options: Any) -> str | None:
    try:
        out = archivecite.dumps(records, fmt, **options)
    except FormatError:
        return None  # a clear refusal (cmif with no correspondent, an unwritable character)
    out.encode("utf-8")  # no lone surrogate, nothing a UTF-8 file cannot hold
    return out


def expected_count(records: list[Record], fmt: str) -> int:
    if fmt == "cmif":  # CMIF holds correspondence only
        return sum(1 for r in records if r.authors or r.recipients)
    return len(records)


@pytest.mark.parametrize("fmt", WRITERS)
@FUZZ
@given(records=record_lists)
def test_writer_then_reader(fmt: str, records: list[Record]) -> None:
    out = write(records, fmt)
    if out is None:
        return
    reader = READER_OF.get(fmt)
    if reader is None:  # Chicago, CSL: text only; the text reader must still cope
        back = list(archivecite.read(out, format="text"))
        assert all(isinstance(r, Record | FailedRecord) for r in back)
        return
    back = list(get_reader(reader).read(out))
    failed = [r for r in back if isinstance(r, FailedRecord)]
    assert failed == []
    assert len(back) == expected_count(records, fmt)
    if fmt == "json":
        assert back == records


class _Tags(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


@pytest.mark.parametrize("fmt", MARKUP_WRITERS)
@FUZZ
@given(records=record_lists)
def test_html_output_has_only_own_tags_and_web_links(fmt: str, records: list[Record]) -> None:
    out = write(records, fmt, markup="html")
    if out is None:
        return
    parser = _Tags()
    parser.feed(out)
    parser.close()
    for tag, attrs in parser.tags:
        assert tag in ("a", "i", "em", "div", "span", "b"), (tag, out)
        if tag == "a":
            assert set(attrs) == {"href"} and re.match(r"https?://", attrs["href"] or "", re.I), out
        elif tag == "div":
            assert attrs == {"class": "csl-entry"}, out
        else:
            assert attrs == {}, out


_MD_LINK = re.compile(r"(?<!\\)\]\(|(?<!\\)<(?!https?://)[A-Za-z][A-Za-z0-9+.-]{1,31}:", re.I)


@pytest.mark.parametrize("fmt", MARKUP_WRITERS)
@FUZZ
@given(records=record_lists)
def test_markdown_output_has_no_foreign_links(fmt: str, records: list[Record]) -> None:
    out = write(records, fmt, markup="markdown")
    if out is None:
        return
    assert not _MD_LINK.search(out), out  # no inline link, no autolink but http(s)
    assert "<script" not in out.lower() or "\\<script" in out.lower()


@pytest.mark.parametrize("fmt", ["tei-bibl", "tei", "cmif"])
@FUZZ
@given(records=record_lists)
def test_xml_output_is_well_formed(fmt: str, records: list[Record]) -> None:
    from lxml import etree

    out = write(records, fmt)
    if out is None:
        return
    root = etree.fromstring(out.encode("utf-8"), etree.XMLParser(resolve_entities=False, no_network=True))
    links = [el.get("target") for el in root.iter() if el.get("target") is not None]
    links += [el.get("ref") for el in root.iter("{*}correspDesc") if el.get("ref") is not None]
    assert all(re.match(r"https?://", u or "", re.I) for u in links), links  # no authority table here


@pytest.mark.parametrize("fmt", ["json", "csl-json"])
@FUZZ
@given(records=record_lists)
def test_json_output_is_strict_json(fmt: str, records: list[Record]) -> None:
    out = write(records, fmt)
    assert out is not None
    data = json.loads(out.encode("utf-8"), parse_constant=lambda c: pytest.fail(f"non-JSON constant {c}"))
    assert isinstance(data, list) and len(data) == len(records)


@pytest.mark.parametrize("fmt", ["ris"])
@FUZZ
@given(records=record_lists)
def test_ris_every_line_is_a_tag_line(fmt: str, records: list[Record]) -> None:
    out = write(records, fmt)
    assert out is not None
    lines = [ln for ln in out.split("\n") if ln]
    assert all(re.match(r"^[A-Z][A-Z0-9]  - ", ln) for ln in lines), out
    assert sum(1 for ln in lines if ln.startswith("TY  - ")) == len(records)
    assert sum(1 for ln in lines if ln == "ER  - ") == len(records)
