"""Hypothesis strategies shared by the fuzz tests and ``atheris_main.py``.

Hostile text everywhere: markup of every output language (HTML, Markdown, LaTeX, RIS, XML),
control characters, lone surrogates are excluded (they cannot be written as UTF-8 at all),
and the shapes the parser looks for (quotes, commas, dates, labels, URLs).
"""

from __future__ import annotations

from hypothesis import strategies as st

from archivecite.model import (
    ArchivalDate,
    ContentItem,
    Contributor,
    DatePoint,
    LineSpan,
    Name,
    Record,
    Source,
)

#: Fragments that mean something in some output or input language.
HOSTILE = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    "[x](javascript:alert(1))",
    "*em*",
    "_u_",
    "`code`",
    "# h",
    "\\",
    "{",
    "}",
    "}}{",
    "%",
    "\\input{/etc/passwd}",
    "\\write18{rm -rf ~}",
    "@comment{",
    "#",
    "~",
    "$",
    "^",
    "&",
    "\nER  - \n",
    "\nTY  - JOUR\n",
    "\r\n",
    "\r",
    "\n\n",
    "]]>",
    "<![CDATA[",
    "&amp;",
    "&#0;",
    "\x00",
    "\x01",
    "\x0b",
    "\x0c",
    "\x1b[31m",
    "\x7f",
    "\u2028",
    "\u2029",
    "\ufeff",
    "\u200b",
    '"',
    "“",
    "”",
    "'",
    "’",
    ",",
    '",',
    ',"',
    "Citation:",
    "Summary:",
    "Contents:",
    "----",
    "October 28, 1962",
    "1962",
    "Digital Archive",
    "<https://x.org/a b>",
    "http://x.org/\"'<>",
    "Letter from A to B",
    " to ",
    "Москва",
    "毛泽东",
    "\U0001f600",
    "A\u0301",
    "ß",
    "İ",
]

# printable and non-printable code points, no surrogates (not encodable in UTF-8)
_chars = st.characters(blacklist_categories=("Cs",))
hostile_text = st.lists(st.sampled_from(HOSTILE) | st.text(_chars, max_size=8), max_size=6).map("".join)
nonempty_text = hostile_text.filter(lambda s: s.strip() != "")
opt_text = st.none() | hostile_text


@st.composite
def names(draw: st.DrawFn) -> Name:
    kind = draw(st.sampled_from(["person", "organization"]))
    display = draw(nonempty_text)
    if kind == "organization":
        return Name(display, kind="organization")
    return Name(
        display,
        family=draw(st.none() | nonempty_text),
        given=draw(opt_text),
        real_name=draw(opt_text),
        family_first=draw(st.booleans()),
        role=draw(opt_text),
    )


@st.composite
def points(draw: st.DrawFn) -> DatePoint:
    year = draw(st.integers(1, 9999))
    month = draw(st.none() | st.integers(1, 12))
    day = draw(st.integers(1, 28)) if month is not None and draw(st.booleans()) else None
    return DatePoint(year, month, day)


@st.composite
def dates(draw: st.DrawFn) -> ArchivalDate | None:
    if draw(st.booleans()):
        return None
    start = draw(points())
    end = draw(st.none() | points())
    if end is not None and end.sort_key() <= start.sort_key():
        end = None
    return ArchivalDate(
        text=draw(opt_text),
        start=start,
        end=end,
        approximate=draw(st.booleans()),
        uncertain=draw(st.booleans()),
    )


@st.composite
def sources(draw: st.DrawFn) -> Source | None:
    if draw(st.booleans()):
        return None
    roles = st.sampled_from(["translator", "editor", "annotator", "contributor", "obtained-by"])
    contributors = draw(st.lists(st.builds(Contributor, names(), roles), max_size=2))
    return Source(
        text=draw(hostile_text),
        repository=draw(opt_text),
        locator=draw(opt_text),
        contributors=tuple(contributors),
    )


URLS = [
    None,
    "https://digitalarchive.wilsoncenter.org/document/114504",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "http://x.org/a?b=1&c=2",
    'https://x.org/"><script>alert(1)</script>',
    "https://x.org/a b\nER  - ",
    "ftp://x.org/f",
    "vbscript:msgbox(1)",
    "https://x.org/]]>",
    "//evil.example/x",
    "https://x.org/)(",
]


@st.composite
def records(draw: st.DrawFn) -> Record:
    rid = draw(st.none() | st.integers(1, 10**12).map(str) | nonempty_text)
    contents = draw(
        st.lists(
            st.builds(
                ContentItem,
                st.sampled_from(["translation", "transcript", "original-scan", "html", "pdf", "other"]),
                st.none() | st.sampled_from(["English", "Russian", "Chinese"]) | nonempty_text,
                hostile_text,
            ),
            max_size=2,
        )
    )
    span = draw(st.none() | st.integers(1, 10**6).map(lambda a: LineSpan(a, a + 3)))
    return Record(
        title=draw(opt_text),
        record_id=rid,
        url=draw(st.sampled_from(URLS) | opt_text),
        canonical_url=draw(st.sampled_from(URLS)),
        date=draw(dates()),
        doc_type=draw(st.none() | st.sampled_from(["letter", "telegram", "memorandum"]) | hostile_text),
        authors=tuple(draw(st.lists(names(), max_size=3))),
        recipients=tuple(draw(st.lists(names(), max_size=2))),
        participants=tuple(draw(st.lists(names(), max_size=2))),
        collection=draw(opt_text),
        source=draw(sources()),
        summary=draw(opt_text),
        credits=tuple(draw(st.lists(hostile_text, max_size=2))),
        funders=tuple(draw(st.lists(hostile_text, max_size=2))),
        original_languages=tuple(draw(st.lists(nonempty_text, max_size=2))),
        contents=tuple(contents),
        subjects=tuple(draw(st.lists(hostile_text, max_size=2))),
        body=draw(opt_text),
        signature=draw(opt_text),
        extra=tuple(draw(st.lists(st.tuples(nonempty_text, hostile_text), max_size=2))),
        citation=draw(opt_text),
        span=span,
    )


record_lists = st.lists(records(), min_size=1, max_size=3)
