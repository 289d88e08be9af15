"""Labelled sections of one raw record (still text: nothing is interpreted here).

A page dump is: an optional date line, a title, labelled sections (``Citation:``,
``Summary:``, ``Credits:``, ``Original Language:``, ``Contents:``, and others), and the
body. The body is whatever no section claims, kept verbatim.

How far a section reaches when the body may follow it:

- ``Citation``: its paragraph, plus a following paragraph that is only a URL;
- ``Original Language``: the first line, then lines that are language names;
- ``Contents``: lines that look like contents items (``Translation - English``…);
- ``Credits``: its paragraph, plus following paragraphs that read as credits;
- ``Summary`` and other labels: the first paragraph.

But when the next label is near, a section takes every paragraph up to it: when they are
at most 2 for a citation, 6 for a summary, 3 for the others (but language and contents).

Labels other than the main ones are only recognised before the body starts; the main
ones anywhere (the summary can follow the body): a section after the body runs to the
next main label.

This runs for every record, so it does little per line: a line is only read as a label
when it has a colon, and then from a cache (label lines repeat in every record);
paragraphs (runs of non-blank lines) are only looked for where a section's reach depends
on them, and lazily. A section with the next label a few lines below, the usual case,
costs a join and a strip. ``tests/parsing/test_fast_sections.py`` checks that every layout
is the one of archivecite 0.1.0's line-by-line reading.
"""

from __future__ import annotations

import re

import attrs

from ._cache import MAX_KEY_LENGTH, register, short_text_cache
from .labels import EXTRA_LABELS, label_key, split_label
from .splitter import is_record_date_line

_CANDIDATE = re.compile(r"^[A-Z][A-Za-z0-9 ()&/'’.-]{0,48}:$")
_SALUTATION_START = re.compile(
    r"^(?:dear|my|to|comrade|comrades|cde|com|mr|mrs|ms|dr|sir|madam|gentlemen|respected|esteemed|"
    r"honou?rable|your|his|her|attention|from|re|for|in|on|at|the|a|an|and|as|with|by|of|but|note|ps|p\.s)\b",
    re.I,
)
_CONTENT_ITEM = re.compile(
    r"^(?:(?:translation|transcript|transcription|original scan|original|scan|pdf|html)"
    r"(?:\s*[-–—:]\s*[A-Z][\w()\- ]{1,40})?"
    r"|[A-Z][\w()-]+(?: [A-Z][\w()-]+)?\s+(?:translation|transcript|transcription|html|pdf|original|scan|original scan))$",
    re.I,
)
_CREDIT_HINT = re.compile(
    r"made possible|support from|funded by|funding from|grant|courtesy of|generous", re.I
)
_URL_ONLY = re.compile(r"^<?https?://\S+>?\.?$", re.I)
_BOILERPLATE = re.compile(
    r"^(?:digital archive(?:\s+digitalarchive\.wilsoncenter\.org)?(?:\s+international history declassified)?|"
    r"digitalarchive\.wilsoncenter\.org|international history declassified|wilson center digital archive)$",
    re.I,
)
#: The characters a :data:`_BOILERPLATE` line can start with (``d``, ``i``, ``w`` in any case,
#: as ``re.I`` matches them), to skip the regular expression for other lines.
_BOILERPLATE_START = "DIWdiw\u0130\u0131"

from .languages import is_language_line  # noqa: E402  (keeps the table module separate)


@attrs.define
class Section:
    label: str  # as given
    key: str  # canonical (main key, or the lowercased label)
    text: str
    line: int  # index of the label line
    inline: bool = False


@attrs.define
class Layout:
    date_line: int | None = None
    title_line: int | None = None
    preamble: list[int] = attrs.Factory(list)
    sections: list[Section] = attrs.Factory(list)
    body: list[tuple[int, int]] = attrs.Factory(list)  # index ranges, inclusive

    def body_text(self, lines: list[str]) -> str | None:
        if not self.body:
            return None
        return "\n\n".join("\n".join(lines[a : b + 1]) for a, b in self.body)


def _is_candidate_label(s: str) -> bool:
    if not _CANDIDATE.match(s) or len(s.split()) > 6 or not any(c.islower() for c in s):
        return False
    return not _SALUTATION_START.match(s)


#: What a label line says: (main label?, key, label as given, value on the same line, few).
#: A main label is one of :data:`~.labels.MAIN_LABELS`; the others (extra labels, and
#: candidate labels such as ``Some Heading:``) only count before the body starts. ``few``:
#: when the next label is at most ``few`` lines below, the section takes everything up to it.
Label = tuple[bool, str, str, str, int]

#: ``few`` by key. When a label follows, a section takes every paragraph up to it if they are
#: at most 2 (citation), 6 (summary) or 3 (others); ``n`` paragraphs take at least ``2n - 1``
#: lines, so the ``2n`` lines after a label hold at most ``n`` of them: ``few`` is ``2n + 1``.
_FEW = {"citation": 5, "summary": 13, "original language": 4, "contents": 4}
#: Language and contents sections take lines by what they say: their ``few`` (4) only counts
#: when the lines up to the next label hold a single non-blank line (which a language section
#: takes whatever it says, a contents section when it is a contents item).
_ONE_ITEM = 4


def _read_label(line: str) -> Label | None:
    """What ``line`` (a line of a record, as given) is as a label; ``None``: not a label.

    A label line is a main or extra label (:func:`~.labels.label_key`), or a candidate
    label: a short capitalised phrase ending with a colon that does not open a letter."""
    s = line.strip()
    if not s[:1].isalpha():  # every label starts with a letter
        return None
    key = label_key(s)
    if key is None and not (s.endswith(":") and _is_candidate_label(s)):
        return None
    label, inline = split_label(s) or (s.rstrip(":"), "")
    main = key is not None and key not in EXTRA_LABELS
    key = key or label.casefold()
    return main, key, label, inline, _FEW.get(key, 7)


#: Label lines read so far (:func:`_label_of`): a bounded cache, as ``short_text_cache``'s,
#: read inline (a dict lookup) by :func:`layout` for every line with a colon.
_LABELS: dict[str, Label | None] = {}
register(_LABELS)
_LABELS_MAX = 1024
#: Not yet in :data:`_LABELS`: the only "label" whose ``few`` is negative. (Not compared by
#: identity: compiled by mypyc, a tuple is a value, boxed anew where it is passed.)
_UNREAD: Label = (False, "", "", "", -1)


def _label_of(line: str) -> Label | None:
    """:func:`_read_label`, kept in :data:`_LABELS` when the line is short."""
    if not ((c := line[:1]).isalpha() or c.isspace()):
        return None  # no label starts so: a quick "no", not kept (URLs… seldom repeat)
    label = _read_label(line)
    if len(line) <= MAX_KEY_LENGTH:
        if len(_LABELS) >= _LABELS_MAX:
            _LABELS.clear()
        _LABELS[line] = label
    return label


@short_text_cache(maxsize=256)
def _content_item(line: str) -> bool:
    return _CONTENT_ITEM.match(line.strip()) is not None


def _next_para(lines: list[str], i: int, stop: int) -> tuple[int, int]:
    """``(first, end)``: the first paragraph at or after line ``i`` (and before ``stop``) is
    ``lines[first:end]``; ``first == stop`` when there is none."""
    while i < stop and (not (line := lines[i]) or line.isspace()):
        i += 1
    first = i
    while i < stop and (line := lines[i]) and not line.isspace():
        i += 1
    return first, i


def _reach(key: str, lines: list[str], start: int, stop: int, label_follows: bool) -> tuple[int, int]:
    """How far a section reaches into ``lines[start:stop]`` (up to the next label, or the end
    when ``label_follows`` is false) when the body may follow it: the rules in the module
    docstring, for one paragraph at a time.

    Returns ``(end, body)``: the section's text is ``lines[start:end]`` (joined and
    stripped); the body starts at line ``body``, or ``-1`` when the section takes it all."""
    if key == "original language" or key == "contents":  # paragraphs of listed lines
        taken = i = start  # the section so far: lines[start:taken]
        contents = key == "contents"
        free = not contents  # (a language section's first line counts whatever it says)
        while True:
            while i < stop and (not (line := lines[i]) or line.isspace()):
                i += 1
            if i == stop:
                return taken, -1
            first = i
            while i < stop and (line := lines[i]) and not line.isspace():
                if not (free or (_content_item(line) if contents else is_language_line(line.strip()))):
                    return taken, first
                free = False
                i += 1
            taken = i
    first, end = _next_para(lines, start, stop)
    if first == stop:
        return start, -1
    if label_follows:  # every paragraph up to the label if they are few
        most = 2 if key == "citation" else 6 if key == "summary" else 3
        n, after = 1, end
        while n <= most:
            following, after = _next_para(lines, after, stop)
            if following == stop:
                return stop, -1
            n += 1
    # else the first paragraph, and what follows it by the section's rule
    second, end2 = _next_para(lines, end, stop)
    if second == stop:
        return end, -1
    if key == "citation":  # a paragraph that is only a URL
        if end2 - second == 1 and _URL_ONLY.match(lines[second].strip()):
            third = _next_para(lines, end2, stop)[0]
            return end2, -1 if third == stop else third
    elif key == "credits":  # paragraphs that read as credits
        while _CREDIT_HINT.search(" ".join(lines[second:end2])):
            end, (second, end2) = end2, _next_para(lines, end2, stop)
            if second == stop:
                return end, -1
    return end, second


def layout(lines: list[str]) -> Layout:
    """Find the date line, title, labelled sections and body of one record's lines."""
    nlines = len(lines)
    known = _LABELS.get
    labels = [
        (i, found)
        for i, line in enumerate(lines)
        if ":" in line
        and (found := known(line, _UNREAD)) is not None
        and (found[4] >= 0 or (found := _label_of(line)) is not None)
    ]
    count = len(labels)
    first = labels[0][0] if count else nlines  # the header's end
    date_line: int | None = None
    title_line: int | None = None
    preamble: list[int] = []
    sections: list[Section] = []
    body: list[tuple[int, int]] = []
    # header: boilerplate, date line and title (its non-blank lines, in this order)
    h = 0
    while h < first and (not (line := lines[h]) or line.isspace()):
        h += 1
    while (
        h < first
        and ((c := lines[h][0]) in _BOILERPLATE_START or c.isspace())
        and _BOILERPLATE.match(lines[h].strip())
    ):
        preamble.append(h)
        h += 1
        while h < first and (not (line := lines[h]) or line.isspace()):
            h += 1
    if h < first:
        if is_record_date_line(lines[h]):
            date_line = h
            h += 1
            while h < first and (not (line := lines[h]) or line.isspace()):
                h += 1
        if h < first:
            title_line = h
            h += 1
            while h < first and (not (line := lines[h]) or line.isspace()):
                h += 1
            if h < first:  # more lines before the first label: preamble; with no label: body
                rest = [i for i in range(h, first) if (line := lines[i]) and not line.isspace()]
                if count:
                    preamble.extend(rest)
                else:
                    body.append((rest[0], rest[-1]))
    # sections, until one leaves paragraphs to the body
    k = 0
    while k < count:
        i, (_, key, label, inline, few) = labels[k]
        k += 1
        if k < count:
            stop = labels[k][0]
            if stop - i <= few:  # (the usual) the next label a few lines below: all taken
                if stop - i == 4 and not lines[i + 1] and not lines[i + 3]:
                    text = lines[i + 2].strip()  # (one line between empty lines)
                else:
                    text = "\n".join(lines[i + 1 : stop]).strip()
                if few != _ONE_ITEM or (
                    "\n" not in text and (key != "contents" or not text or _content_item(text))
                ):
                    if inline:
                        text = inline + ("\n\n" + text if text else "")
                    sections.append(Section(label, key, text, i, inline != ""))
                    continue
        else:
            stop = nlines
        end, body_start = _reach(key, lines, i + 1, stop, k < count)
        text = "\n".join(lines[i + 1 : end]).strip()
        if inline:
            text = inline + ("\n\n" + text if text else "")
        sections.append(Section(label, key, text, i, inline != ""))
        if body_start >= 0:
            # the body: up to the last non-blank line before the next main label (the other
            # labels on the way are body lines)
            while k < count and not labels[k][1][0]:
                k += 1
            last = (labels[k][0] if k < count else nlines) - 1
            while not (line := lines[last]) or line.isspace():
                last -= 1
            body.append((body_start, last))
            break
    # sections after the body: main labels only, each up to the next
    while k < count:
        i, (_, key, label, inline, _) = labels[k]
        k += 1
        while k < count and not labels[k][1][0]:
            k += 1
        text = "\n".join(lines[i + 1 : labels[k][0] if k < count else nlines]).strip()
        if inline:
            text = inline + ("\n\n" + text if text else "")
        sections.append(Section(label, key, text, i, inline != ""))
    return Layout(date_line, title_line, preamble, sections, body)
