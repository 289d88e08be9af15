"""Build script: everything is in pyproject.toml, except the compiled parser.

The modules of ``archivecite.parsing`` are plain, fully typed Python. When a wheel is built
(``pip install .``, ``python -m build``) they are also compiled to C extensions with mypyc,
which reads the same source: the parser is then about 1.5 times as fast (docs/benchmarks.md).
The compiled modules are a speed-up only, never a requirement:

- no C compiler, or mypyc fails: a warning, and the package installs as pure Python;
- ``ARCHIVECITE_PURE_PYTHON=1`` in the environment: not compiled (pure-Python wheel);
- an editable install (``pip install -e .``) is never compiled, so that an edited source file
  is always the one that runs (a compiled module next to it would shadow it). The test suite
  builds and tests the compiled modules itself (``tests/test_compiled.py``).

``python -c "import archivecite.parsing as p; print(p.COMPILED)"`` tells which one is in use.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

from setuptools import setup
from setuptools.command.build_ext import build_ext

HERE = Path(__file__).resolve().parent
#: The modules compiled, relative to this directory. Every module of the parsing package: they
#: only import each other, ``archivecite.errors`` and ``archivecite.model`` (attrs classes,
#: which stay Python), and the standard library.
COMPILED = sorted(str(p.relative_to(HERE)) for p in (HERE / "src" / "archivecite" / "parsing").glob("*.py"))


def _say(message: str) -> None:
    print(f"archivecite build: {message}", file=sys.stderr)


def _editable() -> bool:
    return any(arg in ("editable_wheel", "develop") for arg in sys.argv[1:])


def _wanted() -> bool:
    if os.environ.get("ARCHIVECITE_PURE_PYTHON", "").strip() not in ("", "0"):
        _say("ARCHIVECITE_PURE_PYTHON is set: pure Python")
        return False
    if _editable():
        _say("editable install: pure Python (the sources run as edited)")
        return False
    # only the commands that build extensions need mypyc (not sdist, egg_info)
    return any(arg in ("bdist_wheel", "build", "build_ext", "install") for arg in sys.argv[1:])


def _extensions() -> list[Any]:
    if not _wanted():
        return []
    try:
        from mypyc.build import mypycify
    except ImportError:
        _say("mypyc is not installed: pure Python")
        return []
    old = os.getcwd()
    os.chdir(HERE)  # mypycify takes paths relative to the project
    try:
        # the build environment holds mypy and attrs, not the libraries of the other modules
        # (lxml, pybtex…): their types do not reach the parser, and the type errors that their
        # absence causes there (an unused "type: ignore") are not the parser's
        flags = ["--ignore-missing-imports", "--follow-imports=silent", "--no-warn-unused-ignores"]
        return list(mypycify([*flags, *COMPILED], opt_level="3", group_name="archivecite"))
    except (Exception, SystemExit) as exc:  # a type error from mypyc, or a mypyc bug
        _say(f"mypyc could not compile the parser ({exc!r}): pure Python")
        return []
    finally:
        os.chdir(old)


class OptionalBuildExt(build_ext):
    """Builds the compiled modules all together or not at all: a compiled module alone, without
    the shared library mypyc generates for the group, could not be imported."""

    def run(self) -> None:
        try:
            super().run()
        except Exception as exc:  # no compiler, missing Python headers, a compiler error
            for ext in self.extensions:
                for path in (
                    Path(self.get_ext_fullpath(ext.name)),
                    Path(self.build_lib) / self.get_ext_filename(ext.name),
                ):
                    path.unlink(missing_ok=True)
            self.extensions = []
            _say(f"the compiled parser could not be built ({exc}): installing pure Python")


setup(ext_modules=_extensions(), cmdclass={"build_ext": OptionalBuildExt})
