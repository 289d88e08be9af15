"""Every use of pybtex in archivecite, in one place.

pybtex is the .bib *reader* (its BibTeX grammar, ``@string`` macros and name splitting);
its data model (:class:`pybtex.database.Entry`, :class:`~pybtex.database.Person`,
:class:`~pybtex.database.BibliographyData`) is what the reader hands on. archivecite
writes .bib text itself: pybtex's writer does not escape field values (``\\input{…}`` and
unbalanced braces pass straight through) and is an order of magnitude slower.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from ..errors import ParseError

__all__ = ["ParsedEntry", "PersonParts", "bibliography_data", "default_macros", "parse_entry"]


@attrs.frozen
class PersonParts:
    """A name as BibTeX splits it (lists of LaTeX words, not yet decoded)."""

    first: tuple[str, ...]
    middle: tuple[str, ...]
    prelast: tuple[str, ...]
    last: tuple[str, ...]
    lineage: tuple[str, ...]
    text: str


@attrs.frozen
class ParsedEntry:
    """One .bib entry as pybtex read it: field values are raw LaTeX (macros expanded,
    whitespace normalised); name fields are split into :class:`PersonParts`."""

    key: str
    type: str
    fields: dict[str, str]  # lowercase field name -> LaTeX value
    persons: dict[str, tuple[PersonParts, ...]]  # lowercase role -> names


def default_macros() -> dict[str, str]:
    """BibTeX's predefined ``@string`` macros (the month abbreviations)."""
    from pybtex.database.input.bibtex import month_names

    return dict(month_names)


def parse_entry(chunk: str, macros: dict[str, str]) -> list[ParsedEntry]:
    """Parse one ``@…{…}`` block. ``@string`` definitions update ``macros`` in place.

    Raises :class:`~archivecite.errors.ParseError` with pybtex's message on bad syntax,
    an undefined macro or a duplicate field.
    """
    from pybtex.database import Person
    from pybtex.database.input.bibtex import Parser
    from pybtex.exceptions import PybtexError

    parser = Parser(macros=macros)
    try:
        data = parser.parse_string(chunk)
    except PybtexError as exc:
        raise ParseError(str(exc)) from None
    for name, value in parser.macros.items():
        macros[name.lower()] = value
    out = []
    for key, entry in data.entries.items():
        persons: dict[str, tuple[PersonParts, ...]] = {}
        for role, people in entry.persons.items():
            persons[role.lower()] = tuple(_parts(p, Person) for p in people)
        fields = {name.lower(): str(value) for name, value in entry.fields.items()}
        out.append(ParsedEntry(key=str(key), type=str(entry.type).lower(), fields=fields, persons=persons))
    return out


def _parts(person: Any, _cls: Any) -> PersonParts:
    return PersonParts(
        first=tuple(person.first_names),
        middle=tuple(person.middle_names),
        prelast=tuple(person.prelast_names),
        last=tuple(person.last_names),
        lineage=tuple(person.lineage_names),
        text=str(person),
    )


def bibliography_data(
    entries: Iterable[tuple[str, str, Iterable[tuple[str, str]], Mapping[str, str]]],
) -> Any:
    """A pybtex :class:`~pybtex.database.BibliographyData` from ``(key, type, fields,
    persons)`` tuples (``persons``: role -> ``" and "``-joined names). Used to compare
    with pybtex's own writer (bench/) and by callers who want pybtex objects."""
    from pybtex.bibtex.utils import split_name_list
    from pybtex.database import BibliographyData, Entry, Person

    data = BibliographyData()
    for key, type_, fields, persons in entries:
        people = {role: [Person(n) for n in split_name_list(value)] for role, value in persons.items()}
        data.add_entry(key, Entry(type_, fields=list(fields), persons=people))
    return data
