"""LaTeX escaping for .bib output and LaTeX decoding for .bib input.

Archive data is untrusted text that TeX will compile, so the writer side guarantees:

* every LaTeX special character of free text (``\\ { } & % $ # _ ~ ^``) is escaped (braces
  as ``\\textbraceleft{}``/``\\textbraceright{}``, because BibTeX and biber count ``\\{``
  as a brace), so no
  input can open or close a group, start a comment or math, or name a control sequence:
  the only control sequences in the output are the ones this module writes
  (:data:`OWN_MACROS`, plus the accent and symbol macros of ASCII mode);
* braces in the output are always balanced;
* TeX ligatures that would change the text (``--``, ``---``, ````````, ``''``, ``?````,
  ``!````, ``<<``, ``>>``, ``,,``) are broken with ``{}`` so the text prints as given;
* whitespace runs (line breaks, tabs, Unicode spaces) become one space; a no-break space
  is written ``~``; in paragraph mode a blank line becomes ``\\par``;
* control characters (and lone surrogates) raise :class:`FormatError` naming the
  character and the field, or become U+FFFD (``?`` in ASCII mode) with
  ``errors="replace"``;
* ``url`` values are written verbatim, except that whitespace, control characters,
  backslashes, unbalanced braces and a ``%`` that does not start a ``%XX`` escape are
  percent-encoded (and, in ASCII mode, non-ASCII characters as UTF-8).

ASCII mode writes accented letters as braced LaTeX accent macros (``{\\'e}``) with
pylatexenc's Unicode-to-LaTeX table; a character that has no text-mode macro working with
the standard T1/OT1 encodings (Cyrillic, Greek, CJK ...) raises :class:`FormatError`.

:func:`decode` turns LaTeX field values (ours, or Zotero's) back into Unicode.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any, Literal

from ..errors import FormatError

Errors = Literal["strict", "replace"]

#: Control sequences this module itself writes (outside ASCII-mode character macros).
OWN_MACROS = frozenset(
    {"textbackslash", "textbraceleft", "textbraceright", "textasciitilde", "textasciicircum", "par"}
)

_SPECIALS = {
    ord("\\"): r"\textbackslash{}",
    ord("{"): r"\textbraceleft{}",
    ord("}"): r"\textbraceright{}",
    ord("&"): r"\&",
    ord("%"): r"\%",
    ord("$"): r"\$",
    ord("#"): r"\#",
    ord("_"): r"\_",
    ord("~"): r"\textasciitilde{}",
    ord("^"): r"\textasciicircum{}",
    0xA0: "~",
}
_SPECIAL_CHARS = frozenset("\\{}&%$#_~^\xa0")
# Characters that TeX (T1 encoding) would merge into a ligature with the next one.
_LIGATURE = re.compile(
    r"(?<=-)(?=-)|(?<=`)(?=`)|(?<=')(?=')|(?<=[?!])(?=`)|(?<=<)(?=<)|(?<=>)(?=>)|(?<=,)(?=,)"
)
_LIGATURE_CHARS = frozenset("-`'<>,")
# Whitespace except the no-break space (which is kept, as ``~``).
_SPACE = re.compile(r"[^\S\xa0]+")
_PARAGRAPH = re.compile(r"[^\S\xa0]*\n[^\S\n\xa0]*\n[^\S\xa0]*")
# Characters TeX cannot read: C0/C1 controls that are not whitespace, surrogates,
# non-characters.
_INVALID = re.compile("[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")
_UNWRITABLE_MACROS = ("\\CYR", "\\cyr", "\\ensuremath", "$", "\\textcyr", "\\texthebrew", "\\textgreek")


def _char_desc(ch: str) -> str:
    import unicodedata

    name = unicodedata.name(ch, "")
    return f"U+{ord(ch):04X}" + (f" {name}" if name else "") + (f" ({ch!r})" if ch.isprintable() else "")


def clean(value: str, field: str, *, errors: Errors = "strict", paragraphs: bool = False) -> str:
    """Unicode-level normalisation done before escaping: invalid characters are refused
    (or replaced), whitespace collapses to single spaces and the value is stripped.
    With ``paragraphs=True`` blank lines survive as ``"\\n\\n"``."""
    if _INVALID.search(value):
        if errors != "replace":
            ch = _INVALID.search(value).group()  # type: ignore[union-attr]
            raise FormatError(f"field {field!r}: cannot write the control character {_char_desc(ch)}")
        value = _INVALID.sub("\ufffd", value)
    if paragraphs:
        parts = [_SPACE.sub(" ", p).strip() for p in _PARAGRAPH.split(value)]
        return "\n\n".join(p for p in parts if p)
    return _SPACE.sub(" ", value).strip()


@lru_cache(maxsize=4096)
def _ascii_macro(ch: str) -> str | None:
    """Braced LaTeX text for one non-ASCII character, or ``None`` if there is none that
    standard LaTeX fonts can print and :func:`decode` reads back as the same character."""
    from pylatexenc.latexencode import UnicodeToLatexEncoder

    enc = _encoder()
    try:
        latex: str = enc.unicode_to_latex(ch)
    except ValueError:
        return None
    if not isinstance(enc, UnicodeToLatexEncoder) or any(bad in latex for bad in _UNWRITABLE_MACROS):
        return None
    if not latex.isascii() or decode(latex) != ch:
        return None
    return latex


@lru_cache(maxsize=1)
def _encoder() -> Any:
    from pylatexenc.latexencode import UnicodeToLatexEncoder

    return UnicodeToLatexEncoder(
        non_ascii_only=True, unknown_char_policy="fail", replacement_latex_protection="braces-all"
    )


def _to_ascii(text: str, field: str, errors: Errors) -> str:
    out: list[str] = []
    for ch in text:
        if ch.isascii():
            out.append(ch)
            continue
        macro = _ascii_macro(ch)
        if macro is None:
            if errors != "replace":
                raise FormatError(
                    f"field {field!r}: cannot write {_char_desc(ch)} in ASCII mode"
                    " (write UTF-8, or use errors='replace' / --errors replace)"
                )
            macro = "?"
        out.append(macro)
    return "".join(out)


def escape_clean(text: str, field: str, *, ascii: bool = False, errors: Errors = "strict") -> str:
    """Escape text that :func:`clean` has already normalised (``"\\n\\n"`` becomes ``\\par``)."""
    if not _SPECIAL_CHARS.isdisjoint(text):
        text = text.translate(_SPECIALS)
    if not _LIGATURE_CHARS.isdisjoint(text):
        text = _LIGATURE.sub("{}", text)
    if "\n" in text:
        text = text.replace("\n\n", r"\par ")
    if ascii and not text.isascii():
        text = _to_ascii(text, field, errors)
    return text


def escape(
    value: str, field: str, *, ascii: bool = False, errors: Errors = "strict", paragraphs: bool = False
) -> str:
    """Free text -> LaTeX for a braced .bib field value (see the module docstring)."""
    return escape_clean(
        clean(value, field, errors=errors, paragraphs=paragraphs), field, ascii=ascii, errors=errors
    )


# -- case protection (classic BibTeX styles lowercase titles)

_LEAD_PUNCT = "([{\"'“‘«„‚¿¡"
_TRAIL_PUNCT = ")]}\"'”’»,;:.!?"


def _split_token(tok: str) -> tuple[str, str, str]:
    i, j = 0, len(tok)
    while i < j and tok[i] in _LEAD_PUNCT:
        i += 1
    while j > i and tok[j - 1] in _TRAIL_PUNCT:
        j -= 1
    return tok[:i], tok[i:j], tok[j:]


def protect(value: str, field: str, *, title: bool, ascii: bool = False, errors: Errors = "strict") -> str:
    """Escape ``value`` and brace-protect its capitals for classic BibTeX.

    A word is protected when it has a capital letter that a BibTeX style could lowercase:
    in a title every capital except the title's first character; elsewhere capitals inside
    a word (acronyms such as ``AVP RF``, ``TsKhSD``). Neighbouring protected words that are
    separated by a single space share one group: ``Letter from {Khrushchev} to {Fidel Castro}``.
    """
    text = clean(value, field, errors=errors)
    tokens = text.split(" ") if text else []
    pieces: list[tuple[str, bool]] = []  # (raw text, protected)
    for index, tok in enumerate(tokens):
        lead, core, trail = _split_token(tok)
        if index == 0 or not title:
            upper = any(c.isupper() for c in core[1:])
            if title and index == 0 and lead and core[:1].isupper():
                upper = True
        else:
            upper = any(c.isupper() for c in core)
        if index:
            pieces.append((" ", False))
        if lead:
            pieces.append((lead, False))
        if core:
            pieces.append((core, upper))
        if trail:
            pieces.append((trail, False))
    # one group for neighbours: "{Fidel Castro}", "{N. Khrushchev}" (an abbreviation's period
    # stays inside the group)
    merged: list[tuple[str, bool]] = []
    for raw, prot in pieces:
        if prot and len(merged) >= 2 and merged[-1] == (" ", False):
            if merged[-2][1]:
                merged[-2:] = [(merged[-2][0] + " " + raw, True)]
                continue
            if len(merged) >= 3 and merged[-2] == (".", False) and merged[-3][1]:
                merged[-3:] = [(merged[-3][0] + ". " + raw, True)]
                continue
        merged.append((raw, prot))
    pieces = merged
    out: list[str] = []
    for raw, prot in pieces:
        esc = escape_clean(raw, field, ascii=ascii, errors=errors)
        if prot:
            # a group opening with a backslash would be a BibTeX "special character"
            out.append("{{}" + esc + "}" if esc.startswith("\\") else "{" + esc + "}")
        else:
            out.append(esc)
    return "".join(out)


# -- names

_NEEDS_BRACES = re.compile(r",|(?:^|\s)and(?:\s|$)|^others$", re.I)


def name_part(
    value: str, field: str, *, ascii: bool = False, errors: Errors = "strict", force: bool = False
) -> str:
    """One part of a BibTeX name (family, given, or a whole literal name); braced when
    it holds a comma or the word "and" (which would split the name list), or when
    ``force`` is set (organizations, names that must not be split into parts)."""
    text = clean(value, field, errors=errors)
    # a no-break space is a braced tie: a bare ``~`` would split the name there
    esc = "{~}".join(escape_clean(p, field, ascii=ascii, errors=errors) for p in text.split("\xa0"))
    if force or _NEEDS_BRACES.search(text):
        return "{" + esc + "}"
    return esc


# -- URLs

_HEX = frozenset("0123456789abcdefABCDEF")


def escape_url(url: str, field: str = "url", *, ascii: bool = False) -> str:
    """A URL written verbatim, with only what would break the field (or TeX's ``\\url``)
    percent-encoded: whitespace, control characters, ``\\``, unbalanced braces, a ``%``
    that does not start an ``%XX`` escape; non-ASCII too in ASCII mode."""
    url = url.strip()
    # which braces are balanced?
    unbalanced: set[int] = set()
    stack: list[int] = []
    for i, ch in enumerate(url):
        if ch == "{":
            stack.append(i)
        elif ch == "}":
            if stack:
                stack.pop()
            else:
                unbalanced.add(i)
    unbalanced.update(stack)
    out: list[str] = []
    n = len(url)
    for i, ch in enumerate(url):
        if (
            i in unbalanced
            or ch.isspace()
            or ch == "\\"
            or not ch.isprintable()
            or (ch == "%" and not (i + 2 < n and url[i + 1] in _HEX and url[i + 2] in _HEX))
            or (ascii and not ch.isascii())
            or 0xD800 <= ord(ch) <= 0xDFFF
        ):
            data = ch.encode("utf-8", "surrogatepass")
            out.append("".join(f"%{b:02X}" for b in data))
        else:
            out.append(ch)
    return "".join(out)


# -- decoding


@lru_cache(maxsize=1)
def _decoder() -> Callable[[str], str]:
    import logging

    from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db

    logging.getLogger("pylatexenc").setLevel(logging.ERROR)
    db = get_default_latex_context_db()
    db.add_context_category(
        "archivecite",
        prepend=True,
        macros=[
            MacroTextSpec("textasciicircum", simplify_repl="^"),
            MacroTextSpec("textasciitilde", simplify_repl="~"),
            MacroTextSpec("textbackslash", simplify_repl="\\"),
            MacroTextSpec("textbraceleft", simplify_repl="{"),
            MacroTextSpec("textbraceright", simplify_repl="}"),
            MacroTextSpec("par", simplify_repl="\n\n"),
        ],
    )
    converter = LatexNodes2Text(latex_context=db, math_mode="verbatim")
    return converter.latex_to_text  # type: ignore[no-any-return]


_PLAIN = re.compile(r"[\\{}~%$&#_^`'\-<>,?!\"\n]")


def decode(latex: str) -> str:
    """LaTeX field text -> Unicode (accents, escapes, braces, ``~``, ``--``, ``\\par``)."""
    if not _PLAIN.search(latex):
        return latex
    try:
        text = _decoder()(latex)
    except Exception:  # pylatexenc raises its own errors on malformed input
        text = latex
    return text


def decode_line(latex: str) -> str:
    """:func:`decode`, then whitespace collapsed (paragraph breaks kept as ``"\\n\\n"``)."""
    text = decode(latex)
    if "\n" in text or "  " in text or "\t" in text:
        paras = [_SPACE.sub(" ", p).strip() for p in _PARAGRAPH.split(text)]
        text = "\n\n".join(p for p in paras if p)
    return text.strip()


def balanced(text: str) -> bool:
    """True when the braces of ``text`` balance as BibTeX and biber count them: every
    brace counts, ``\\{`` and ``\\}`` included (which is why literal braces are written
    ``\\textbraceleft{}`` / ``\\textbraceright{}``)."""
    depth = 0
    for ch in text:
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


_CS = re.compile(r"\\([A-Za-z@]+|.)", re.S)


def control_sequences(text: str) -> list[str]:
    """The names of the control sequences in ``text`` (``\\&`` gives ``&``)."""
    return _CS.findall(text)
