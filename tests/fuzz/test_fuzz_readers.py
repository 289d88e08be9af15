"""Fuzz every input format's reader with hostile text, random bytes and mutated documents.

Properties: a lenient read yields only ``Record``/``FailedRecord`` (or raises ``ParseError``
with an error diagnostic when a whole document is unreadable; never the text reader); a strict read raises nothing
but ``ArchiveCiteError``; nothing ever raises anything else; the text reader loses nothing
(every failed block and every body is input text, verbatim).

Budget: ``ARCHIVECITE_FUZZ_EXAMPLES`` examples per test (default 100; the whole folder runs in
about two minutes). ``atheris_main.py`` runs the same tests coverage-guided for longer.
"""

from __future__ import annotations

import io
import os
import sys
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _strategies import HOSTILE, hostile_text

import archivecite
from archivecite import ArchiveCiteError, FailedRecord, ParseError, Record
from archivecite.formats import get_reader
from mutations import apply_edit

EXAMPLES = int(os.environ.get("ARCHIVECITE_FUZZ_EXAMPLES", "100"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)
FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "records"
READERS = ["text", "json", "bibtex", "ris", "csl-json", "tei"]
# the writer whose output each reader reads best (the seed documents for mutation)
SEED_WRITER = {"json": "json", "bibtex": "biblatex", "ris": "ris", "csl-json": "csl-json", "tei": "tei-bibl"}
# readers that may refuse a whole document even when lenient (a ParseError: not JSON, not
# XML, no RIS entry at all: there is no record to attach the problem to); the text reader
# never refuses, it yields failed records
DOCUMENT_READERS = {"json", "csl-json", "tei", "ris", "bibtex"}


@cache
def seed_documents() -> dict[str, str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted(FIXTURES.glob("*.txt"))]
    records = [r for t in texts for r in archivecite.read(t) if isinstance(r, Record)]
    docs = {fmt: archivecite.dumps(records[:4], writer) for fmt, writer in SEED_WRITER.items()}
    docs["text"] = "\n\n====\n\n".join(texts[:4])
    return docs


@st.composite
def mutated(draw: st.DrawFn, fmt: str) -> str:
    """A valid document of ``fmt`` with a few random insertions, deletions and replacements."""
    doc = seed_documents()[fmt]
    for _ in range(draw(st.integers(1, 6))):
        i = draw(st.integers(0, len(doc)))
        j = min(len(doc), i + draw(st.integers(0, 60)))
        piece = draw(st.sampled_from(HOSTILE) | hostile_text)
        op = draw(st.sampled_from(["insert", "delete", "replace", "duplicate"]))
        doc = apply_edit(doc, op, i, j, piece)
    return doc


def read_lenient(fmt: str, text: str) -> list[Record | FailedRecord]:
    try:
        out = list(get_reader(fmt).read(text))
    except ParseError as exc:
        assert fmt in DOCUMENT_READERS, f"{fmt} reader raised in lenient mode: {exc}"
        assert exc.diagnostics and exc.diagnostics[0].severity == "error"
        return []
    assert all(isinstance(r, Record | FailedRecord) for r in out)
    for r in out:
        assert all(d.code and d.severity in ("error", "warning", "info") for d in r.diagnostics)
    return out


def read_strict(fmt: str, text: str) -> None:
    try:
        out = list(get_reader(fmt).read(text, strict=True))
    except ArchiveCiteError:
        return
    assert all(isinstance(r, Record) for r in out)


@pytest.mark.parametrize("fmt", READERS)
@FUZZ
@given(data=st.data())
def test_reader_on_mutated_documents(fmt: str, data: st.DataObject) -> None:
    text = data.draw(mutated(fmt))
    read_lenient(fmt, text)
    read_strict(fmt, text)


@pytest.mark.parametrize("fmt", READERS)
@FUZZ
@given(text=hostile_text | st.text())
def test_reader_on_arbitrary_text(fmt: str, text: str) -> None:
    read_lenient(fmt, text)
    read_strict(fmt, text)


@FUZZ
@given(data=st.binary(max_size=2000) | st.sampled_from(READERS).flatmap(mutated).map(str.encode))
def test_detected_read_of_arbitrary_bytes(data: bytes) -> None:
    """Format detection plus reading, from a binary stream, as the CLI does for a file."""
    try:
        out = list(archivecite.read(io.BytesIO(data)))
    except ParseError:
        return  # a detected document format whose document is unreadable
    assert all(isinstance(r, Record | FailedRecord) for r in out)


def _normalised(text: str) -> str:
    from archivecite.parsing.splitter import text_blocks

    return "".join(text_blocks(text, None, []))


@FUZZ
@given(text=st.one_of(mutated("text"), hostile_text))
def test_text_reader_loses_nothing(text: str) -> None:
    """Failed blocks keep their raw text; bodies and citations are input text, verbatim."""
    norm = _normalised(text)
    for r in archivecite.read(text, format="text"):
        if isinstance(r, FailedRecord):
            assert (r.raw.strip() and r.raw.strip() in norm) or not r.raw.strip()
            assert r.diagnostics
        else:
            if r.body is not None:
                assert r.body in norm
            if r.citation is not None:
                assert " ".join(r.citation.split()) in " ".join(norm.split())


@FUZZ
@given(text=mutated("text"))
def test_text_reader_streams_the_same_as_it_reads_whole(text: str) -> None:
    """Reading a stream (blocks, line iteration) gives exactly what reading the string gives."""
    whole = list(archivecite.read(text, format="text"))
    streamed = list(archivecite.read(io.BytesIO(text.encode("utf-8", "surrogatepass")), format="text"))
    assert streamed == whole
