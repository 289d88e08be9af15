"""The compiled parser (setup.py: the parsing modules built with mypyc) reads as the source does.

An editable install, which this suite usually runs on, is never compiled. So this test builds
the compiled modules itself, with the project's own setup.py, into a copy of the sources, and
runs the parsing, hostile-input, reader fuzz and CLI tests again on that copy: the differential tests there
compare every reading with the frozen 0.1.0 reference, so the compiled build is held to the same
results as the Python one. The built wheel is checked in tests/test_release.py.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _run(cmd: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=1800, env=env)


def _can_compile() -> str | None:
    """Why the compiled build cannot be made here (None: it can)."""
    try:
        import mypyc.build  # noqa: F401
    except ImportError:
        return "mypy (mypyc) is not installed (pip install -e '.[test]')"
    if not (shutil.which(str(sysconfig.get_config_var("CC") or "cc").split()[0]) or shutil.which("cc")):
        return "no C compiler"
    if not (Path(sysconfig.get_paths()["include"]) / "Python.h").exists():
        return "no Python headers (Python.h)"
    return None


@pytest.mark.slow
def test_compiled_parser_passes_the_parsing_tests(tmp_path: Path) -> None:
    reason = _can_compile()
    if reason:
        pytest.skip(f"compiled parser not tested: {reason}")
    copy = tmp_path / "project"
    shutil.copytree(ROOT / "src", copy / "src", ignore=shutil.ignore_patterns("__pycache__", "*.so"))
    for name in ("setup.py", "pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, copy / name)
    env = {k: v for k, v in os.environ.items() if k != "ARCHIVECITE_PURE_PYTHON"}
    build = _run([sys.executable, "setup.py", "-q", "build_ext", "--inplace"], copy, env)
    assert build.returncode == 0, build.stdout[-3000:] + build.stderr[-3000:]
    assert "pure Python" not in build.stderr, build.stderr[-3000:]  # setup.py's fallback message
    compiled = sorted(p.name.split(".")[0] for p in (copy / "src" / "archivecite" / "parsing").glob("*.so"))
    sources = sorted(p.stem for p in (copy / "src" / "archivecite" / "parsing").glob("*.py"))
    assert compiled == sources

    env["PYTHONPATH"] = str(copy / "src")
    probe = _run(
        [sys.executable, "-c", "import archivecite.parsing as p; print(p.COMPILED, p.__file__)"],
        tmp_path,
        env,
    )
    assert probe.stdout.split()[0] == "True", probe.stdout + probe.stderr
    assert probe.stdout.split()[1].startswith(str(copy)), probe.stdout
    tests = _run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "tests/parsing",
            "tests/test_hostile.py",
            "tests/fuzz/test_fuzz_readers.py",
            "tests/test_cli.py",
        ],
        ROOT,
        env,
    )
    assert tests.returncode == 0, tests.stdout[-5000:] + tests.stderr[-2000:]
    assert " passed" in tests.stdout and " failed" not in tests.stdout
