"""interpret.py's section readers against archivecite 0.1.0's (tests/legacy_parsing)."""

from __future__ import annotations

import importlib

from hypothesis import given, settings
from hypothesis import strategies as st

from legacy_parsing import interpret_v010

# the module (the package re-exports the function ``interpret`` under the same name)
interpret = importlib.import_module("archivecite.parsing.interpret")

LINE_PIECES = [
    "N. KHRUSHCHEV", "KHRUSHCHEV", "Mao Zedong", "Sincerely", "SINCERELY", "[Stalin]", "(signed)", "A. B.",
    "28 October 1962", "October 28, 1962.", "1962", "", " ", "\t", "Dear Comrade:", "Yours,", "text.",
    "\r", "\x0b", "\x0c", "\x1c", "\x85", "\u2028", "\u2029", "é", "Ж", "Filippov [Stalin]",
    "In connection with this we would like to recommend to you now, at this critical moment.",
]  # fmt: skip


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(LINE_PIECES), max_size=12), st.sampled_from(["\n", "\n\n", " \n"]))
def test_find_signature_on_record_like_bodies(pieces: list[str], sep: str) -> None:
    body = sep.join(pieces)
    assert interpret.find_signature(body) == interpret_v010.find_signature(body)


@settings(max_examples=1000, deadline=None)
@given(st.text(max_size=200))
def test_find_signature_on_arbitrary_text(body: str) -> None:
    assert interpret.find_signature(body) == interpret_v010.find_signature(body)
