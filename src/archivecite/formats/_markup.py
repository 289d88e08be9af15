"""Output markup backends for citation formatters: plain text, HTML and Markdown.

A formatter produces a flat list of *pieces*: ``(TEXT, "…")`` for ordinary text (already
punctuated) and ``(URL, "https://…")`` for a link target. A backend turns the pieces into one
line of output: it escapes text for its language and writes a URL as a link, but only when the
URL is an ``http``/``https`` URL (anything else, ``javascript:`` included, is written as
escaped text). The citation rules know nothing about markup; the backends know nothing about
the rules.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from typing import Final

from ..errors import FormatError

TEXT: Final = 0
URL: Final = 1

Piece = tuple[int, str]

_WEB_URL = re.compile(r"https?://[^\s/?#]+", re.IGNORECASE)
# Characters a URL may not carry unencoded inside a link (whitespace, controls, <, >, quotes, `).
_URL_UNSAFE = re.compile(r"[\x00-\x20\x7f<>\"'`\\]")


def is_web_url(url: str) -> bool:
    """True for an absolute ``http://`` or ``https://`` URL with a host."""
    return _WEB_URL.match(url) is not None


def _encode_unsafe(url: str) -> str:
    return _URL_UNSAFE.sub(lambda m: "".join(f"%{b:02X}" for b in m.group().encode("utf-8")), url)


class TextMarkup:
    """Plain text: Unicode quotes and dashes, nothing escaped, URLs as written."""

    name = "text"

    def text(self, s: str) -> str:
        return s

    def link(self, url: str) -> str:
        return url

    def line(self, s: str) -> str:
        return s


class HTMLMarkup:
    """An HTML fragment: ``< > & " '`` escaped, web URLs as ``<a href>`` links."""

    name = "html"

    def text(self, s: str) -> str:
        return html.escape(s, quote=True)

    def link(self, url: str) -> str:
        if not is_web_url(url):
            return html.escape(url, quote=True)
        href = html.escape(_encode_unsafe(url), quote=True)
        return f'<a href="{href}">{html.escape(url, quote=True)}</a>'

    def line(self, s: str) -> str:
        return s


# Every ASCII punctuation character may be backslash-escaped in CommonMark; escape those that
# can start markup anywhere in a line (emphasis, code, links, HTML, entities, tables, strikethrough).
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>&|~#!])")
# Markup that only counts at the start of a line: list markers, ordered lists, block quotes,
# headings, thematic breaks, indented code (leading spaces are removed by the formatter).
_MD_LINE_START = re.compile(r"^(?:([-+=])|(\d+)([.)]))")


class MarkdownMarkup:
    """CommonMark: Markdown syntax in the text escaped, web URLs as autolinks ``<…>``."""

    name = "markdown"

    def text(self, s: str) -> str:
        return _MD_SPECIAL.sub(r"\\\1", s)

    def link(self, url: str) -> str:
        if not is_web_url(url):
            return self.text(url)
        return f"<{_encode_unsafe(url)}>"

    def line(self, s: str) -> str:
        m = _MD_LINE_START.match(s)
        if m is None:
            return s
        if m.group(1):
            return "\\" + s
        return m.group(2) + "\\" + s[m.end(2) :]


MARKUPS: dict[str, TextMarkup | HTMLMarkup | MarkdownMarkup] = {
    "text": TextMarkup(),
    "html": HTMLMarkup(),
    "markdown": MarkdownMarkup(),
}


def get_markup(name: str) -> TextMarkup | HTMLMarkup | MarkdownMarkup:
    """The backend called ``name``; :class:`FormatError` for an unknown name."""
    try:
        return MARKUPS[name]
    except (KeyError, TypeError):
        raise FormatError(f"unknown markup {name!r}; choose one of: text, html, markdown") from None


def render(pieces: Iterable[Piece], markup: TextMarkup | HTMLMarkup | MarkdownMarkup) -> str:
    """One line of output from formatted pieces."""
    if markup.name == "text":
        return "".join([s for _, s in pieces])
    text, link = markup.text, markup.link
    return markup.line("".join(link(s) if kind == URL else text(s) for kind, s in pieces))
