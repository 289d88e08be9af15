"""The ``archivecite`` command line.

Exit codes: 0 success; 1 data problems (a record failed); 2 usage or I/O errors.
Diagnostics go to stderr as ``file:line: [code] message``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any, TextIO

from .errors import ArchiveCiteError, Diagnostic, FormatError, ParseError, UnknownFormatError
from .model import FailedRecord, Record

EXAMPLES = """\
examples:
  archivecite convert fixtures/records/*.txt --to json
  archivecite convert export.txt --to bibtex -o refs.bib
  archivecite convert refs.bib --to chicago-note --markup html
  archivecite convert export.txt --to tei -o tei-files/
  cat export.txt | archivecite convert - --to ris > refs.ris
  archivecite check export.txt
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
    g.add_argument("--ascii", action="store_true", default=None, help="BibTeX: ASCII output with LaTeX accents")
    g.add_argument("--errors", choices=["strict", "replace"], help="what a writer does with characters it cannot write")
    g.add_argument("--keys", choices=["default", "wcda"], help="citation key scheme (BibTeX)")
    g.add_argument("--archive-order", action="store_true", default=None, help="Chicago: the archive's own element order")
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


def build_parser() -> argparse.ArgumentParser:
    from ._version import __version__

    parser = argparse.ArgumentParser(
        prog="archivecite",
        description="Read Wilson Center Digital Archive records; write BibTeX/BibLaTeX, Chicago, "
        "TEI, CSL-JSON, RIS and lossless JSON.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"archivecite {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    conv = sub.add_parser(
        "convert",
        help="convert records to another format",
        description="Convert records to FORMAT (see 'archivecite formats').",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _add_input_args(conv)
    conv.add_argument("--to", required=True, metavar="FORMAT", help="output format")
    conv.add_argument("-o", "--output", metavar="OUT", help="output file or, for 'tei', a folder ('-' = stdout)")
    _add_common(conv)
    _add_writer_args(conv)

    chk = sub.add_parser("check", help="report problems in records (exit 1 if any record fails)")
    _add_input_args(chk)
    _add_common(chk)

    sub.add_parser("formats", help="list the input and output formats")
    return parser


def _add_common(p: argparse.ArgumentParser) -> None:
    p.add_argument("-q", "--quiet", action="count", default=0, help="-q hides warnings, -qq everything")
    p.add_argument("-v", "--verbose", action="store_true", help="also show informational diagnostics")


def _open_input(name: str) -> tuple[IO[Any], str]:
    if name == "-":
        return sys.stdin.buffer, "<stdin>"
    try:
        return open(name, "rb"), name
    except OSError as exc:
        raise _UsageError(f"{name}: cannot open: {exc.strerror or exc}") from None


class _UsageError(Exception):
    pass


def iter_inputs(
    names: Sequence[str], from_format: str | None, strict: bool, stats: _Stats, report: _Reporter
) -> Iterator[Record]:
    """All records of all inputs, in order; failed records and diagnostics are reported."""
    from .parsing import read

    for name in names:
        handle, label = _open_input(name)
        try:
            for result in read(handle, format=from_format, file=label, strict=strict):
                if isinstance(result, FailedRecord):
                    stats.failed += 1
                    for d in result.diagnostics:
                        report.emit(d)
                    continue
                stats.records += 1
                for d in result.diagnostics:
                    report.emit(d)
                yield result
        finally:
            if handle is not sys.stdin.buffer:
                handle.close()


def _progress(records: Iterable[Record], names: Sequence[str]) -> Iterable[Record]:
    if not sys.stderr.isatty():
        return records
    size = 0
    for n in names:
        try:
            size += Path(n).stat().st_size if n != "-" else 0
        except OSError:
            pass
    if size < 5_000_000:
        return records
    from tqdm import tqdm

    return tqdm(records, unit=" records", file=sys.stderr, leave=False)  # type: ignore[no-any-return]


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


def _cmd_convert(args: argparse.Namespace, report: _Reporter) -> int:
    from .formats import get_writer

    writer = get_writer(args.to)
    options = _writer_options(args, getattr(writer, "options", frozenset()), args.to)
    stats = _Stats()
    records = _progress(iter_inputs(args.inputs, args.from_format, args.strict, stats, report), args.inputs)
    out_name = args.output
    write_dir = getattr(writer, "write_dir", None)
    if out_name and out_name != "-" and callable(write_dir) and (Path(out_name).is_dir() or out_name.endswith("/")):
        Path(out_name).mkdir(parents=True, exist_ok=True)
        write_dir(records, Path(out_name), **options)
    elif out_name and out_name != "-":
        tmp = Path(out_name + ".part")
        try:
            with open(tmp, "w", encoding="utf-8", newline="\n") as out:
                writer.write(records, out, **options)
            tmp.replace(out_name)
        except OSError as exc:
            raise _UsageError(f"{out_name}: cannot write: {exc.strerror or exc}") from None
        finally:
            if tmp.exists():
                tmp.unlink()
    else:
        writer.write(records, sys.stdout, **options)
        sys.stdout.flush()
    return 1 if stats.failed else 0


def _cmd_check(args: argparse.Namespace, report: _Reporter) -> int:
    stats = _Stats()
    for _ in iter_inputs(args.inputs, args.from_format, args.strict, stats, report):
        pass
    if report.quiet < 2:
        print(f"{stats.records} records, {stats.failed} failed", file=sys.stderr)
    return 1 if stats.failed else 0


def _cmd_formats() -> int:
    from .formats import available_readers, available_writers

    print("input formats: " + ", ".join(available_readers()))
    print("output formats: " + ", ".join(available_writers()))
    return 0


def _check_inputs(names: Sequence[str]) -> None:
    """Fail before any output is written when an input cannot be read."""
    for name in names:
        if name == "-":
            continue
        path = Path(name)
        if not path.exists():
            raise _UsageError(f"{name}: no such file")
        if path.is_dir():
            raise _UsageError(f"{name}: is a folder, not a file")


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help(sys.stderr)
        return 2
    report = _Reporter(getattr(args, "quiet", 0), getattr(args, "verbose", False), sys.stderr)
    try:
        if hasattr(args, "inputs"):
            _check_inputs(args.inputs)
        if args.command == "convert":
            return _cmd_convert(args, report)
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
    except UnknownFormatError as exc:
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
