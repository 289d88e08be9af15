"""Fast paths added for speed give what the plain formulations give: the dates' quick reading
of the usual shapes (no regex) against ``_COMMON``; the splitter's control-character check in
pieces against the control regex (on text longer than one piece); the usual URL read without
regexes; the signature's last lines found without splitting the body."""

from __future__ import annotations

import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from archivecite.parsing import dates, splitter, urls
from legacy_parsing import interpret_v010

SETTINGS = settings(max_examples=600, deadline=None)

TOKEN = st.one_of(
    st.sampled_from(
        [
            "October",
            "Oct.",
            "oct",
            "OCT.,",
            "Sept",
            "sept.",
            "June",
            "jun,",
            "May.",
            "may..",
            "Mayo",
            "ſept",
            "Aprİl",
            "Dec.,",
            "28",
            "28,",
            "5",
            "05",
            "005",
            "5th",
            "1962",
            "1962,",
            "196",
            "١٩٦٢",
            "²",
            "12",
            "1",
            "",
            ",",
            ".",
            "\n",
            "1962\n",
            "October\n",
        ]
    ),
    st.text(alphabet="0123456789OctMay .,\n", max_size=6),
)
SPACE = st.sampled_from([" ", "  ", "\t", "\n", "\u00a0", ""])


@st.composite
def date_like(draw: st.DrawFn) -> str:
    n = draw(st.integers(1, 4))
    out = []
    for i in range(n):
        if i:
            out.append(draw(SPACE))
        out.append(draw(TOKEN))
    return "".join(out)


def _regex_parts(text: str) -> tuple[str, int, str] | None:
    common = dates._COMMON.match(text)
    if common is None or len(text) > dates.MAX_DATE_LENGTH:
        return None
    month, day, year, day2, month2, year2 = common.groups()
    if month is None:
        return year2, dates._month(month2), day2
    return year, dates._month(month), day


@SETTINGS
@given(date_like())
@example("October 28, 1962")
@example("Oct. 28 1962")
@example("28 Oct., 1962")
@example("28 October 1962\n")
@example("ſept 5, 1962")
@example("5 Sept 1962")
@example("May 5th, 1962")
def test_common_parts_is_the_common_regex(text: str) -> None:
    assert dates._common_parts(text) == _regex_parts(text)
    quick = dates._quick_common(text)
    assert quick is None or quick == _regex_parts(text)


@SETTINGS
@given(date_like())
@example("October 28, 1962")
@example("28 October 1962")
def test_looks_like_date_line_as_before(text: str) -> None:
    s = text.strip()
    before = bool(s) and len(s) <= 60 and bool(dates._DATE_LINE_HINT.match(s)) and dates.is_date(s)
    assert dates.looks_like_date_line(text) == before


UNREADABLE = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f\ud800-\udfff]")


@settings(max_examples=60, deadline=None)
@given(
    st.integers(0, 3 * splitter._CHECK_PIECE),
    st.sampled_from(["", "\x00", "\x7f", "\ud800", "\udfff", "é", "\x0c"]),
    st.sampled_from(["a", "é", "\U0001f600"]),
)
def test_has_control_in_pieces(at: int, bad: str, filler: str) -> None:
    text = filler * at + bad + filler * 5
    assert splitter._has_control(text) == bool(UNREADABLE.search(text))


# --- urls: the usual URL read without regexes -----------------------------------------------


def _regex_record_id(url: str) -> str | None:
    m = urls._HOST_PATH.match(url.strip())
    if not m:
        return None
    host = m.group(1).split("@")[-1].split(":")[0]
    if not urls._is_archive_host(host):
        return None
    doc = urls._DOC_PATH.match(m.group(2) or "/")
    return doc.group(1) if doc else None


URL_PIECE = st.sampled_from(
    [
        "https://", "http://", "HTTPS://", "Http://", "ftp://", "digitalarchive.wilsoncenter.org",
        "wilson-center-digital-archive.dvincitest.com", "example.org", "user@", ":8080", "/",
        "document", "/document/", "Document/", "/node/", "114504", "1234567890", "١٢٣", "²",
        ".pdf", "?v=1", "#x", " ", "\n", "", "a", "//",
    ]
)  # fmt: skip


@SETTINGS
@given(st.lists(URL_PIECE, max_size=8).map("".join))
@example("https://digitalarchive.wilsoncenter.org/document/114504")
@example("https://digitalarchive.wilsoncenter.org/document/114504/")
@example("https://digitalarchive.wilsoncenter.org/document/114504\n")
@example("http://wilson-center-digital-archive.dvincitest.com/document/1")
@example("https://digitalarchive.wilsoncenter.org")
@example("https:///document/1")
def test_record_id_from_url_is_the_regex_reading(url: str) -> None:
    assert urls.record_id_from_url(url) == _regex_record_id(url)


# --- interpret: the signature's last lines found without splitting the body ----------------


BODY_PIECE = st.sampled_from(
    ["N. KHRUSHCHEV", "28 October 1962", "\n", "\n\n", " ", "\t", "\u2028", "\x0c", "word", "\r", ""]
)


@SETTINGS
@given(st.lists(BODY_PIECE, max_size=16).map("".join))
def test_find_signature_as_with_rsplit(body: str) -> None:
    from archivecite.parsing.interpret import find_signature

    # the frozen 0.1.0 reading (which split every line of the body)
    assert find_signature(body) == interpret_v010.find_signature(body)
