"""Labelled sections of one raw record (still text: nothing is interpreted here).

A page dump is: an optional date line, a title, labelled sections (``Citation:``,
``Summary:``, ``Credits:``, ``Original Language:``, ``Contents:``, and others), and the
body. The body is whatever no section claims, kept verbatim.

How far a section reaches when no label follows it (the body comes next):

- ``Citation``: its paragraph, plus a following paragraph that is only a URL;
- ``Original Language``: the first line, then lines that are language names;
- ``Contents``: lines that look like contents items (``Translation - English``…);
- ``Credits``: its paragraph, plus following paragraphs that read as credits;
- ``Summary`` and other labels: up to the next label when it is near (a few paragraphs),
  otherwise the first paragraph.

Labels other than the main ones are only recognised before the body starts; the main
ones anywhere (the summary can follow the body).
"""

from __future__ import annotations

import re

import attrs

from archivecite.parsing.splitter import is_record_date_line
from legacy_parsing.labels_v010 import EXTRA_LABELS, label_key, split_label

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

from legacy_parsing.languages_v010 import is_language_line  # noqa: E402  (keeps the table module separate)


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


#: A token: ("label" | "cand" | "para", first line index, last line index, label key or None).
Token = tuple[str, int, int, str | None]
#: A paragraph: consecutive non-blank lines ``first``..``last`` (inclusive) of the record.
Para = tuple[int, int]


def _tokens(lines: list[str]) -> list[Token]:
    """('label'|'cand'|'para', first, last, key) tokens; ``key`` is a label line's
    :func:`label_key` (``None`` for candidate labels and paragraphs)."""
    out: list[Token] = []
    start = -1
    for i, line in enumerate(lines):
        if not line or line.isspace():  # blank (same as ``not line.strip()``, without a copy)
            if start >= 0:
                out.append(("para", start, i - 1, None))
                start = -1
            continue
        if ":" in line:
            s = line.strip()
            key = label_key(s)
            if key is not None or (s.endswith(":") and _is_candidate_label(s)):
                if start >= 0:
                    out.append(("para", start, i - 1, None))
                    start = -1
                out.append(("label" if key is not None else "cand", i, i, key))
                continue
        if start < 0:
            start = i
    if start >= 0:
        out.append(("para", start, len(lines) - 1, None))
    return out


def _text(lines: list[str], paras: list[Para]) -> str:
    if not paras:
        return ""
    return "\n".join(lines[paras[0][0] : paras[-1][1] + 1]).strip()


def _natural(key: str, lines: list[str], paras: list[Para], label_follows: bool) -> int:
    """How many of ``paras`` the section takes when the body may follow it."""
    if not paras:
        return 0
    if key == "citation":
        n = 1
        if len(paras) > 1 and paras[1][0] == paras[1][1] and _URL_ONLY.match(lines[paras[1][0]].strip()):
            n = 2
        return len(paras) if label_follows and len(paras) <= 2 else n
    if key == "original language":
        n = 0
        for first, last in paras:
            if all(
                is_language_line(lines[i].strip()) or (n == 0 and i == first) for i in range(first, last + 1)
            ):
                n += 1
            else:
                break
        return n
    if key == "contents":
        n = 0
        for first, last in paras:
            if all(_CONTENT_ITEM.match(lines[i].strip()) for i in range(first, last + 1)):
                n += 1
            else:
                break
        return n
    if key == "credits":
        if label_follows and len(paras) <= 3:
            return len(paras)
        n = 1
        while n < len(paras) and _CREDIT_HINT.search(" ".join(lines[paras[n][0] : paras[n][1] + 1])):
            n += 1
        return n
    if key == "summary":
        return len(paras) if label_follows and len(paras) <= 6 else 1
    return len(paras) if label_follows and len(paras) <= 3 else 1


def layout(lines: list[str]) -> Layout:
    """Find the date line, title, labelled sections and body of one record's lines."""
    out = Layout()
    toks = _tokens(lines)
    ntoks = len(toks)
    # header: date line and title before the first label
    k = 0
    head_lines: list[int] = []
    while k < ntoks and toks[k][0] == "para":
        head_lines.extend(range(toks[k][1], toks[k][2] + 1))
        k += 1
    has_labels = k < ntoks
    pos = 0
    while pos < len(head_lines) and _BOILERPLATE.match(lines[head_lines[pos]].strip()):
        out.preamble.append(head_lines[pos])
        pos += 1
    if pos < len(head_lines) and is_record_date_line(lines[head_lines[pos]]):
        out.date_line = head_lines[pos]
        pos += 1
    if pos < len(head_lines):
        out.title_line = head_lines[pos]
        pos += 1
    rest = head_lines[pos:]
    if rest:
        if has_labels:
            out.preamble.extend(rest)
        else:
            out.body.append((rest[0], rest[-1]))
    body = out.body
    in_body = False
    body_open = False
    while k < ntoks:
        kind, first, last, tkey = toks[k]
        k += 1
        # a body line may end with a colon, or look like a newer-page label
        if kind == "para" or (in_body and (kind == "cand" or tkey in EXTRA_LABELS)):
            if body_open and body:
                body[-1] = (body[-1][0], last)
            else:
                body.append((first, last))
            in_body = body_open = True
            continue
        label_line = lines[first].strip()
        label, inline = split_label(label_line) or (label_line.rstrip(":"), "")
        key = tkey or label.casefold()
        # paragraphs up to the next label-ish token
        paras: list[Para] = []
        j = k
        while j < ntoks:
            tk = toks[j]
            if tk[0] == "para" or (in_body and (tk[0] == "cand" or tk[3] in EXTRA_LABELS)):
                paras.append((tk[1], tk[2]))
                j += 1
            else:
                break
        label_follows = j < ntoks
        if in_body:
            take = len(paras)  # a section after the body runs to the next label
        else:
            take = _natural(key, lines, paras, label_follows)
        text = _text(lines, paras[:take])
        if inline:
            text = inline + ("\n\n" + text if text else "")
        out.sections.append(Section(label=label, key=key, text=text, line=first, inline=bool(inline)))
        body_open = False
        if take < len(paras):
            body.append((paras[take][0], paras[-1][1]))
            in_body = body_open = True
        k = j
    return out
