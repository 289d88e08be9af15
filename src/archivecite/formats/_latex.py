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
from collections.abc import Callable, Iterable
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
# Characters that TeX (T1 encoding) would merge into a ligature with the next one.
_LIGATURE = re.compile(r"([-`'<>,])(?=\1)|[?!](?=`)")
# Whitespace except the no-break space (which is kept, as ``~``).
_WS = " \t\n\x0b\x0c\r\x1c-\x1f\x85\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
_SPACE = re.compile(f"[{_WS}]+")
_STRIP = "".join(chr(c) for c in range(0x3001) if chr(c).isspace() and c != 0xA0)
#: Every whitespace character but the no-break space (for ``str.strip``).
STRIP = _STRIP
_ODD_SPACE = re.compile(f"[{_WS[1:]}]|  |^ | $")
_PARAGRAPH = re.compile(f"[{_WS}]*\n[{_WS.replace(chr(10), '')}]*\n[{_WS}]*")
# Characters TeX cannot read: C0/C1 controls that are not whitespace, surrogates,
# non-characters.
_INVALID_CHARS = "\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff"
_INVALID = re.compile(f"[{_INVALID_CHARS}]")
# anything clean() has to change: an invalid character or whitespace other than single spaces
_SUSPECT = re.compile(f"[{_INVALID_CHARS}{_WS[1:]}]")
_SPECIAL_RE = re.compile("[\\\\{}&%$#_~^\xa0]")


def _has_ligature(s: str) -> bool:
    return (
        "--" in s or "``" in s or "''" in s or "?`" in s or "!`" in s or "<<" in s or ">>" in s or ",," in s
    )


_UNWRITABLE_MACROS = ("\\CYR", "\\cyr", "\\ensuremath", "$", "\\textcyr", "\\texthebrew", "\\textgreek")


def _char_desc(ch: str) -> str:
    import unicodedata

    name = unicodedata.name(ch, "")
    return f"U+{ord(ch):04X}" + (f" {name}" if name else "") + (f" ({ch!r})" if ch.isprintable() else "")


def clean(value: str, field: str, *, errors: Errors = "strict", paragraphs: bool = False) -> str:
    """Unicode-level normalisation done before escaping: invalid characters are refused
    (or replaced), whitespace collapses to single spaces and the value is stripped.
    With ``paragraphs=True`` blank lines survive as ``"\\n\\n"``."""
    if _SUSPECT.search(value) is None and "  " not in value and value[:1] != " " and value[-1:] != " ":
        return value
    bad = _INVALID.search(value)
    if bad is not None:
        if errors != "replace":
            what = "lone surrogate" if "\ud800" <= bad.group() <= "\udfff" else "control character"
            raise FormatError(f"field {field!r}: cannot write the {what} {_char_desc(bad.group())}")
        value = _INVALID.sub("\ufffd", value)
    if paragraphs:
        parts = [_SPACE.sub(" ", p).strip(_STRIP) for p in _PARAGRAPH.split(value)]
        return "\n\n".join(p for p in parts if p)
    return _SPACE.sub(" ", value).strip(_STRIP)


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
    if _has_ligature(text):
        text = _LIGATURE.sub(r"\g<0>{}", text.translate(_SPECIALS))
    elif _SPECIAL_RE.search(text) is not None:
        text = text.translate(_SPECIALS)
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


def _braced(esc: str) -> str:
    # a group opening with a backslash would be a BibTeX "special character"
    return "{{}" + esc + "}" if esc.startswith("\\") else "{" + esc + "}"


# from a capital (not a word's first character) / any capital to the end of its word
_INNER_CAP = re.compile(r"\S[A-Z]\S*")
_ASCII_CAP = re.compile(r"[A-Z]\S*")


def _protect_sparse(text: str, candidates: re.Pattern[str], *, title: bool) -> str:
    """:func:`protect` for BMP text that needs no escaping: only the words that
    ``candidates`` flags (a necessary condition for protection) are looked at. In title
    mode the first word is known to need no protection."""
    out: list[str] = []
    pos = 0
    gstart = gend = -1  # the open group's core, in text positions
    pending = ""  # the open group's last trail ("" or ".")
    for m in candidates.finditer(text):
        end = m.end()  # each match runs to the end of its word
        start = text.rfind(" ", 0, m.start()) + 1
        if title and start == 0:
            continue
        tok = text[start:end]
        core = tok.lstrip(_LEAD_PUNCT)
        cstart = end - len(core)
        stripped = core.rstrip(_TRAIL_PUNCT)
        trail = core[len(stripped) :]
        cend = cstart + len(stripped)
        if not title:  # the flagged capital may be right after leading punctuation
            check = stripped[1:]
            if check.lower() == check:
                continue
        if gstart >= 0 and cstart == start and start == gend + len(pending) + 1:
            gend = cend  # joins the open group
        else:
            if gstart >= 0:
                out.append(text[pos:gstart])
                out.append("{" + text[gstart:gend] + "}")
                pos = gend
            gstart, gend = cstart, cend
        if trail in ("", "."):
            pending = trail
        else:
            out.append(text[pos:gstart])
            out.append("{" + text[gstart:gend] + "}")
            pos = gend
            gstart = gend = -1
    if gstart >= 0:
        out.append(text[pos:gstart])
        out.append("{" + text[gstart:gend] + "}")
        pos = gend
    out.append(text[pos:])
    return "".join(out)


def _char_class(chars: Iterable[int]) -> str:
    ranges: list[list[int]] = []
    for c in chars:
        if ranges and ranges[-1][1] == c - 1:
            ranges[-1][1] = c
        else:
            ranges.append([c, c])
    return "".join(
        re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in ranges
    )


@lru_cache(maxsize=1)
def _candidates() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(any capital, a capital after a word's first character) over the BMP; a
    "capital" is any character that ``str.lower`` changes."""
    up = _char_class(c for c in range(0x10000) if chr(c).lower() != chr(c))
    return re.compile(rf"[{up}]\S*"), re.compile(rf"\S[{up}]\S*")


def protect(value: str, field: str, *, title: bool, ascii: bool = False, errors: Errors = "strict") -> str:
    """Escape ``value`` and brace-protect its capitals for classic BibTeX.

    A word is protected when it has a capital letter that a BibTeX style could lowercase:
    in a title every capital except the title's first character; elsewhere capitals inside
    a word (acronyms such as ``AVP RF``, ``TsKhSD``). Neighbouring protected words that are
    separated by a single space (or an abbreviation's period and a space) share one group:
    ``Letter from {Khrushchev} to {Fidel Castro}``, ``{N. Khrushchev}``.
    """
    text = clean(value, field, errors=errors)
    if not text:
        return ""
    plain = _SPECIAL_RE.search(text) is None and not _has_ligature(text) and (not ascii or text.isascii())
    is_ascii = text.isascii()
    if plain and (is_ascii or max(text) < "\U00010000"):
        if not title:
            return _protect_sparse(text, _INNER_CAP if is_ascii else _candidates()[1], title=False)
        space = text.find(" ")
        head = text if space < 0 else text[:space]
        core = head.lstrip(_LEAD_PUNCT)
        first_free = core[:1] if len(core) == len(head) else ""  # the title's first letter
        core = core.rstrip(_TRAIL_PUNCT)[len(first_free) :]
        if core.lower() == core:  # the first word needs no protection
            return _protect_sparse(text, _ASCII_CAP if is_ascii else _candidates()[0], title=True)
    return _protect_slow(text, field, title=title, ascii=ascii, errors=errors)


def _protect_slow(text: str, field: str, *, title: bool, ascii: bool, errors: Errors) -> str:
    """:func:`protect` word by word (any text; ``text`` is already :func:`clean`)."""
    plain = _SPECIAL_RE.search(text) is None and not _has_ligature(text) and (not ascii or text.isascii())

    def esc(raw: str) -> str:
        return raw if plain else escape_clean(raw, field, ascii=ascii, errors=errors)

    out: list[str] = []
    buf: list[str] = []  # unprotected raw text not yet written
    group: str | None = None  # raw text of the open protected group
    pending = ""  # the open group's last trail ("" or "."), not yet written
    for index, tok in enumerate(text.split(" ")):
        sep = " " if index else ""
        if tok.lower() == tok:  # no capitals at all: never protected
            if group is not None:
                out.append(_braced(esc(group)))
                buf.append(pending)
                group, pending = None, ""
            buf.append(sep + tok)
            continue
        core = tok.lstrip(_LEAD_PUNCT)
        lead = tok[: len(tok) - len(core)]
        stripped = core.rstrip(_TRAIL_PUNCT)
        trail = core[len(stripped) :]
        core = stripped
        if title and index:
            upper = core.lower() != core
        else:
            rest = core[1:]
            upper = rest.lower() != rest or (title and bool(lead) and core[:1].lower() != core[:1])
        if not upper:
            if group is not None:
                out.append(_braced(esc(group)))
                buf.append(pending)
                group, pending = None, ""
            buf.append(sep + tok)
            continue
        if group is not None and not lead:
            group += pending + " " + core
        else:
            if group is not None:
                out.append(_braced(esc(group)))
                buf.append(pending)
            buf.append(sep + lead)
            if buf:
                out.append(esc("".join(buf)))
                buf.clear()
            group = core
        pending = ""
        if trail in ("", "."):
            pending = trail
        else:
            out.append(_braced(esc(group)))
            group = None
            buf.append(trail)
    if group is not None:
        out.append(_braced(esc(group)))
        buf.append(pending)
    if buf:
        out.append(esc("".join(buf)))
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
_URL_UNSAFE = re.compile(r"[\s\\{}]|%(?![0-9A-Fa-f]{2})")


def escape_url(url: str, field: str = "url", *, ascii: bool = False) -> str:
    """A URL written verbatim, with only what would break the field (or TeX's ``\\url``)
    percent-encoded: whitespace, control characters, ``\\``, unbalanced braces, a ``%``
    that does not start an ``%XX`` escape; non-ASCII too in ASCII mode."""
    url = url.strip()
    if _URL_UNSAFE.search(url) is None and url.isprintable() and (not ascii or url.isascii()):
        return url
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
        paras = [_SPACE.sub(" ", p).strip(_STRIP) for p in _PARAGRAPH.split(text)]
        text = "\n\n".join(p for p in paras if p)
    return text.strip(_STRIP)


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
