"""Splitting a record body into letter structure (paragraphs, salutation, signature, dateline).

:func:`split_body` is a pure function. Its result keeps every character of the body:
``split_body(text).text == text`` always holds (whitespace between blocks is kept in
``Block.sep``, leading whitespace in ``Body.leading``).

A *block* is a run of text between blank lines; a body without any blank line but with
line breaks (older pages) has one block per line. Recognised, conservatively:

- ``salute``: an opening salutation ("Dear Comrade Fidel Castro:", "“Comrade Mao Zedong!",
  "My dear premier,"), a single short line within the first four blocks; blocks before it
  (short lines such as "for Comrade Mao Zedong" or "New Delhi, 1st April, 1949.") are kept
  with it as ``opener`` blocks;
- ``signed``: a block among the last three that equals the record's signature;
- ``dateline``: a short date line ("28 October 1962", "Moscow, 28 October 1962") after the
  signature or as the last block.

Everything else is a paragraph (``p``). Nothing is recognised when in doubt.
"""

from __future__ import annotations

import re
from typing import Literal

import attrs

BlockKind = Literal["p", "opener", "salute", "signed", "dateline"]

# A separator starts where its run of spaces starts (the lookbehind): a long run of spaces
# without a newline is then tried once, not once per space (linear, not quadratic).
_SEP = re.compile(r"(?<![ \t\r])[ \t\r]*\n(?:[ \t\r]*\n)+[ \t\r]*")
_LINE_SEP = re.compile(r"(?<![ \t\r])[ \t\r]*\n[ \t\r]*")
_MONTHS = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_DATE = re.compile(
    rf"^(?:[^\d\n,]{{2,40}},\s*)?(?:{_DAY}\s+{_MONTHS},?\s+\d{{4}}|{_MONTHS}\s+{_DAY},?\s+\d{{4}}"
    rf"|\d{{1,2}}[./]\d{{1,2}}[./]\d{{2,4}})\.?$",
    re.IGNORECASE,
)
_SALUTE = re.compile(
    r"^[\"“‘']?\s*(?:(?:my\s+)?dear(?:est)?|(?:dear\s+)?comrades?|esteemed|respected|honou?red|"
    r"your\s+(?:excellency|majesty|highness)|(?:dear\s+)?(?:sir|sirs|madam|gentlemen)|mr\.?|mrs\.?|"
    r"mister|excellency|to\s+comrade)\b[^\n]{0,100}[:,!]$",
    re.IGNORECASE,
)
_MAX_LINE = 120


@attrs.frozen
class Block:
    """One block of the body: its kind, its text verbatim, and the whitespace after it."""

    kind: BlockKind
    text: str
    sep: str = ""


@attrs.frozen
class Body:
    """A body split into blocks. ``text`` rebuilds the original exactly."""

    leading: str
    blocks: tuple[Block, ...]

    @property
    def text(self) -> str:
        return self.leading + "".join(b.text + b.sep for b in self.blocks)

    @property
    def opener(self) -> tuple[Block, ...]:
        """The leading blocks that form the opener (empty when no salutation was found)."""
        out: list[Block] = []
        for b in self.blocks:
            if b.kind not in ("opener", "salute"):
                break
            out.append(b)
        return tuple(out) if any(b.kind == "salute" for b in out) else ()

    @property
    def closer(self) -> tuple[Block, ...]:
        """The trailing ``signed``/``dateline`` blocks."""
        out: list[Block] = []
        for b in reversed(self.blocks):
            if b.kind not in ("signed", "dateline"):
                break
            out.append(b)
        return tuple(reversed(out))

    @property
    def paragraphs(self) -> tuple[Block, ...]:
        n_open, n_close = len(self.opener), len(self.closer)
        return self.blocks[n_open : len(self.blocks) - n_close]


def is_salutation(line: str) -> bool:
    """True for a single short line that reads as an opening salutation."""
    return "\n" not in line and len(line) <= _MAX_LINE and bool(_SALUTE.match(line.strip()))


def is_dateline(line: str) -> bool:
    """True for a single short line that is a date, optionally after a place."""
    return "\n" not in line and len(line) <= 60 and bool(_DATE.match(line.strip()))


def _norm_sig(text: str) -> str:
    return " ".join(text.split()).casefold()


def split_body(text: str, signature: str | None = None) -> Body:
    """Split ``text`` into blocks and recognise the opener and closer (see module docs)."""
    pieces: list[tuple[str, str]] = []
    pos = 0
    m0 = re.match(r"[ \t\r\n]*", text)
    leading = m0.group(0) if m0 else ""
    pos = len(leading)
    sep = _SEP if _SEP.search(text, pos) else _LINE_SEP
    for m in sep.finditer(text, pos):
        if m.start() == pos and pieces:  # defensive: never drop a separator
            pieces[-1] = (pieces[-1][0], pieces[-1][1] + m.group(0))
        else:
            pieces.append((text[pos : m.start()], m.group(0)))
        pos = m.end()
    if pos < len(text):
        rest = text[pos:]
        stripped = rest.rstrip(" \t\r\n")
        pieces.append((stripped, rest[len(stripped) :]))
    kinds: list[BlockKind] = ["p"] * len(pieces)
    n = len(pieces)
    # opener: a salutation within the first four blocks, preceded only by short lines
    for i in range(min(4, n - 1)):
        block = pieces[i][0]
        if is_salutation(block):
            if all("\n" not in pieces[j][0] and len(pieces[j][0]) <= 80 for j in range(i)):
                for j in range(i):
                    kinds[j] = "opener"
                kinds[i] = "salute"
            break
    # closer: trailing signature and/or date line
    sig = _norm_sig(signature) if signature else ""
    for i in range(n - 1, max(-1, n - 4), -1):
        if i <= 0 or kinds[i] != "p":
            break
        block = pieces[i][0]
        if sig and _norm_sig(block) == sig and "signed" not in kinds[i + 1 :]:
            kinds[i] = "signed"
        elif is_dateline(block) and "dateline" not in kinds[i + 1 :]:
            kinds[i] = "dateline"
        else:
            break
    return Body(
        leading=leading, blocks=tuple(Block(k, t, s) for k, (t, s) in zip(kinds, pieces, strict=True))
    )
