"""Release gates: lint, format, types, documentation site, and the built wheel in a fresh venv.

These run as part of the test suite (so `.ci/run` and README's test command enforce them). Each
gate skips with a visible reason only when its tool is not installed (the `test` extra
installs them all).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "fixtures" / "records" / "114504.txt"


def _tool(module: str) -> None:
    try:
        __import__(module)
    except ImportError:
        pytest.skip(f"{module} is not installed (pip install -e '.[test]')")


def _run(*cmd: str, cwd: Path = ROOT, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=timeout)


def test_ruff_check() -> None:
    _tool("ruff")
    proc = _run(sys.executable, "-m", "ruff", "check", "src", "tests", "bench", "setup.py")
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_ruff_format() -> None:
    _tool("ruff")
    proc = _run(sys.executable, "-m", "ruff", "format", "--check", "src", "tests", "bench", "setup.py")
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_mypy_strict() -> None:
    _tool("mypy")
    proc = _run(sys.executable, "-m", "mypy", "--strict", "src/archivecite")
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_documentation_site_builds_strict(tmp_path: Path) -> None:
    _tool("mkdocs")
    _tool("material")
    _tool("mkdocstrings")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / "site")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        env=env,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert (tmp_path / "site" / "index.html").exists()
    assert (tmp_path / "site" / "api" / "index.html").exists()


@pytest.mark.slow
def test_wheel_installs_and_runs_outside_the_source_tree(tmp_path: Path) -> None:
    _tool("build")
    dist = tmp_path / "dist"
    proc = _run(sys.executable, "-m", "build", "--outdir", str(dist), timeout=900)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    wheels = list(dist.glob("archivecite-*.whl"))
    sdists = list(dist.glob("archivecite-*.tar.gz"))
    assert len(wheels) == 1 and len(sdists) == 1
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    py = env_dir / "bin" / "python"
    proc = _run(str(py), "-m", "pip", "install", "-q", str(wheels[0]), timeout=900)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    work = tmp_path / "elsewhere"
    work.mkdir()
    shutil.copy(SEED, work / "seed.txt")
    exe = env_dir / "bin" / "archivecite"
    proc = _run(
        str(py),
        "-c",
        "import archivecite, sys; print(archivecite.__version__, archivecite.__file__)",
        cwd=work,
    )
    assert proc.returncode == 0, proc.stderr
    assert str(ROOT / "src") not in proc.stdout  # the installed copy, not the source tree
    # setup.py compiles the parser with mypyc where a C compiler and Python's headers exist
    can_compile = (
        bool(shutil.which("cc") or shutil.which("gcc"))
        and (Path(sysconfig.get_paths()["include"]) / "Python.h").exists()
    )
    proc = _run(str(py), "-m", "archivecite", "--version", cwd=work)
    kind = "compiled with mypyc" if can_compile else "pure Python"
    assert proc.returncode == 0 and f"(parser: {kind})" in proc.stdout, proc.stdout + proc.stderr
    proc = _run(str(exe), "--help", cwd=work)
    assert proc.returncode == 0 and "convert" in proc.stdout
    formats = _run(str(exe), "formats", cwd=work).stdout
    outputs = formats.split("output formats:")[1].splitlines()[0].split(", ")
    for fmt in [f.strip() for f in outputs]:
        args = [str(exe), "convert", "seed.txt", "--to", fmt]
        if fmt == "csl":
            continue  # needs the csl extra, not installed in this venv
        if fmt == "tei":
            args += ["-o", "tei-out/"]
        proc = _run(*args, cwd=work)
        assert proc.returncode == 0, (fmt, proc.stderr)
        if fmt != "tei":
            assert proc.stdout.strip(), fmt
    assert list((work / "tei-out").glob("*.xml"))
    proc = _run(str(exe), "convert", "seed.txt", "--to", "csl", "--style", "apa", cwd=work)
    assert proc.returncode == 2 and "archivecite[csl]" in proc.stderr
