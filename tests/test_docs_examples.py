"""The documentation's examples, executed.

- ``docs/library.md``: every ```` ```python ```` block, in order, in one namespace, from the
  repository root. Blocks written as ``>>>`` sessions are checked like doctests (the output
  must match); other blocks are executed.
- ``docs/cli.md``: every ```` ```console ```` block preceded by ``<!-- runnable -->``. Lines
  starting with ``$ `` are commands (run with ``sh`` in a scratch folder that holds the
  repository's ``fixtures``); the lines after a command are its expected output (stdout, then
  stderr). A line ``...`` matches any number of lines; ``[exit N]`` as the last expected line
  means the command must exit with N (otherwise it must exit 0).
"""

from __future__ import annotations

import doctest
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LIBRARY = ROOT / "docs" / "library.md"
CLI = ROOT / "docs" / "cli.md"

_FENCE = re.compile(r"^```([\w-]*)[^\n]*\n(.*?)^```[ \t]*$", re.M | re.S)


def blocks(path: Path, lang: str, *, marker: str | None = None) -> list[tuple[int, str]]:
    """(line number, body) of each fenced block in ``lang`` (preceded by ``marker`` if given)."""
    text = path.read_text(encoding="utf-8")
    out = []
    for m in _FENCE.finditer(text):
        if m.group(1) != lang:
            continue
        if marker is not None and not text[: m.start()].rstrip().endswith(marker):
            continue
        out.append((text.count("\n", 0, m.start()) + 1, m.group(2)))
    return out


# ------------------------------------------------------------------ docs/library.md


def test_library_page_has_examples() -> None:
    assert len(blocks(LIBRARY, "python")) >= 8


def test_library_examples_run(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    namespace: dict[str, object] = {"__name__": "docs_library"}
    parser = doctest.DocTestParser()
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS, verbose=False)
    failures: list[str] = []
    for line, body in blocks(LIBRARY, "python"):
        if body.lstrip().startswith(">>>"):
            test = parser.get_doctest(body, namespace, f"library.md:{line}", str(LIBRARY), line)
            report: list[str] = []
            result = runner.run(test, out=report.append, clear_globs=False)
            namespace.update(test.globs)
            if result.failed:
                failures.append("".join(report))
        else:
            exec(compile(body, f"library.md:{line}", "exec"), namespace)
    assert not failures, "\n".join(failures)


# ------------------------------------------------------------------ docs/cli.md


def _sessions() -> list[tuple[int, str]]:
    return blocks(CLI, "console", marker="<!-- runnable -->")


def _parse_session(body: str) -> list[tuple[str, list[str]]]:
    steps: list[tuple[str, list[str]]] = []
    for raw in body.splitlines():
        if raw.startswith("$ "):
            steps.append((raw[2:], []))
        elif steps:
            steps[-1][1].append(raw)
        elif raw.strip():
            raise AssertionError(f"output before any command: {raw!r}")
    return steps


def _matches(expected: list[str], actual: list[str]) -> bool:
    if not expected:
        return not actual
    if expected[0] == "...":
        return any(_matches(expected[1:], actual[i:]) for i in range(len(actual) + 1))
    return bool(actual) and expected[0] == actual[0] and _matches(expected[1:], actual[1:])


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    work = tmp_path_factory.mktemp("cli-docs")
    (work / "fixtures").symlink_to(ROOT / "fixtures", target_is_directory=True)
    bin_dir = tmp_path_factory.mktemp("bin")
    script = bin_dir / "archivecite"
    script.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m archivecite "$@"\n', encoding="utf-8")
    script.chmod(0o755)
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}", "COLUMNS": "100"}
    return work, env


def test_cli_page_has_runnable_examples() -> None:
    sessions = _sessions()
    assert len(sessions) >= 5
    commands = [cmd for _, body in sessions for cmd, _ in _parse_session(body)]
    for sub in ("convert", "bibliography", "check", "formats"):
        assert any(f"archivecite {sub}" in c for c in commands), sub


@pytest.mark.parametrize("line_body", _sessions(), ids=lambda lb: f"cli.md:{lb[0]}")
def test_cli_examples_run(line_body: tuple[int, str], scratch: tuple[Path, dict[str, str]]) -> None:
    work, env = scratch
    line, body = line_body
    for command, expected in _parse_session(body):
        while expected and expected[-1] == "":
            expected.pop()
        code = 0
        if expected and (m := re.fullmatch(r"\[exit (\d+)\]", expected[-1])):
            code = int(m.group(1))
            expected = expected[:-1]
        proc = subprocess.run(
            ["sh", "-c", command],
            cwd=work,
            env=env,
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=120,
        )
        actual = (proc.stdout + proc.stderr).splitlines()
        while actual and actual[-1] == "":
            actual.pop()
        assert proc.returncode == code, f"cli.md:{line}: {command}\n{proc.stdout}{proc.stderr}"
        assert _matches(expected, actual), (
            f"cli.md:{line}: $ {command}\n--- expected\n"
            + "\n".join(expected)
            + "\n--- got\n"
            + "\n".join(actual)
        )
