"""The source string: repository, locator and credited people. The text is always kept whole."""

from __future__ import annotations

import re

from archivecite.model import Contributor, Name, Source
from archivecite.parsing._cache import short_text_cache
from archivecite.parsing.names import parse_name

#: Acronyms and names of repositories that archive citations use.
KNOWN_REPOSITORIES = frozenset(
    """AVP RF|APRF|AP RF|RGANI|RGASPI|TsKhSD|TsKhSD|GARF|RGAE|RGVA|TsAMO|TsA FSB|RGAKFD|SAPMO|BArch|
    PolA AA|MOL|MNL OL|PRC FMA|CFMA|AMVnR|AAN|AMSZ|IPN|ABS|NA|AVPRF|CWIHP|NSA|TNA|NARA|UN Archives|
    ANIC|AMAE|PAAA|SAPMO-BArch|CAMO|RGANI|AMZV|NAČR|SÚA|Stasi|BStU|KPRF|ASDS|DPRK|KWP|
    Archive of Foreign Policy, Russian Federation|Archive of the President, Russian Federation""".replace(
        "\n", ""
    ).split("|")
)
_KNOWN_FOLD = {k.strip().casefold() for k in KNOWN_REPOSITORIES}
_LOCATOR_WORD = (
    r"(?=(?:fond|f\.|opis|op\.|delo|d\.|list|listy|ll?\.|per\.|dok\.|papka|p\.|"
    r"file\s+no\.?|file|folder|box|vol\.|volume|reel|frame|dossier|signatur|sig\.|inv\.|"
    r"microfilm|record\s+group|rg\s|b\.|k\.|t\.|razdel)\s*[\w\"“(]*[\d.])"
)
# where a locator starts: "(?:^|,\s*|\s)" before a locator word; the start of the text is
# tried on its own so that the search pattern starts with a character class (fast to skip)
_LOCATOR_AT_START = re.compile(_LOCATOR_WORD, re.I)
_LOCATOR_START = re.compile(r"[,\s](?:(?<=,)\s*|(?<=\s))" + _LOCATOR_WORD, re.I)
_REPO_HINT = re.compile(
    r"\b(?:archives?|archiv|library|museum|records office|national archives|papers|collection|"
    r"institute|fond)\b|\([A-Z][A-Za-z ]{1,12}\)$",
    re.I,
)
_ROLE_PATTERNS: list[tuple[re.Pattern[str], tuple[str, ...]]] = [
    (re.compile(r"\btranslated\s+and\s+annotated\s+by\s+", re.I), ("translator", "annotator")),
    (re.compile(r"\btranslated\s+and\s+edited\s+by\s+", re.I), ("translator", "editor")),
    (re.compile(r"\b(?:translated|translation)\s+by\s+", re.I), ("translator",)),
    (re.compile(r"\bannotated\s+by\s+", re.I), ("annotator",)),
    (re.compile(r"\bedited\s+by\s+", re.I), ("editor",)),
    (re.compile(r"\bcontributed\s+by\s+", re.I), ("contributor",)),
    (re.compile(r"\bobtained\s+(?:and\s+\w+\s+)?by\s+", re.I), ("obtained-by",)),
    (re.compile(r"\btranscribed\s+by\s+", re.I), ("transcriber",)),
]
#: The group of _ROLE_WORD that each of _ROLE_PATTERNS starts with.
_ROLE_PATTERN_WORDS = (1, 1, 1, 2, 3, 4, 5, 6)
_ROLE_WORD = re.compile(r"\b(?:(translat)|(annotated)|(edited)|(contributed)|(obtained)|(transcribed))", re.I)
# where a list of names ends: ";", "and <verb>ed by", a parenthesis (sentence ends: _sentence_end)
_NAMES_END = re.compile(r"(?:;|\s+and\s+(?:\w+\s+)?\w+ed\s+by\b|\s+for\s+|\s+from\s+|\s+in\s+|\(|$)", re.I)
_ABBREV = frozenset("f op d l ll per dok no vol p pp t k b ed eds nr sig inv fol fols r ch art str".split())
# a period that may end a sentence, with the word before it ([^\W_] is str.isalnum())
_WORD_PERIOD = re.compile(r"([^\W_]*)\.(?:\s+|$)")
_BY = re.compile(r"by\s", re.I)
_NAMES_SPLIT = re.compile(r"\s*,\s*and\s+|\s+and\s+|\s*,\s*|\s*&\s*")
_NOT_REPOSITORY = re.compile(r"\b(?:translated|obtained|contributed|published|edited)\b", re.I)
_ACRONYM_REPO = re.compile(r"^[A-Z][A-Za-z]{0,6}(?:[ -][A-Z][A-Za-z]{0,6}){0,2}$")


def _sentence_end(text: str, start: int = 0) -> int:
    """Index of the first period that ends a sentence (not after an initial or a locator
    abbreviation such as ``f.``, ``op.``, ``No.``); ``len(text)`` when there is none."""
    for m in _WORD_PERIOD.finditer(text, start):
        word = m.group(1)  # the letters and digits just before the period
        i = m.end(1)
        if m.start() == start and start > 0 and text[start - 1].isalnum():
            j = start  # the word began before ``start``
            while j > 0 and text[j - 1].isalnum():
                j -= 1
            word = text[j:i]
        if not word:
            return i
        if len(word) == 1 and word.isupper():
            continue  # an initial: "Mark H. Doctoroff"
        if word.casefold() in _ABBREV:
            continue
        return i
    return len(text)


def _names_after(text: str, start: int) -> list[Name]:
    rest = text[start : _sentence_end(text, start)]
    m = _NAMES_END.search(rest)
    chunk = rest[: m.start()] if m else rest
    # "N. Khrushchev." -- a final initial's period was eaten by the sentence-end rule
    chunk = chunk.strip(" ,")
    parts = _NAMES_SPLIT.split(chunk)
    names: list[Name] = []
    for p in parts:
        p = p.strip()
        if not p or not p[0].isupper() or len(p.split()) > 5:
            continue
        n = parse_name(p)
        if n is not None and n.kind == "person":
            names.append(n)
    return names


def contributors_of(text: str) -> tuple[Contributor, ...]:
    if _BY.search(text) is None:
        return ()  # every role pattern ends with "by"
    # the first word of each pattern, found at a word start: a pattern whose word is absent
    # cannot match (a pattern's match starts at a word boundary, which no other word found
    # by _ROLE_WORD can cover)
    present = {m.lastindex for m in _ROLE_WORD.finditer(text)}
    if not present:
        return ()
    found: list[tuple[int, Contributor]] = []
    taken: list[tuple[int, int]] = []
    for (pattern, roles), word in zip(_ROLE_PATTERNS, _ROLE_PATTERN_WORDS, strict=True):
        if word not in present:
            continue
        for m in pattern.finditer(text):
            if any(a <= m.start() < b for a, b in taken):
                continue
            taken.append((m.start(), m.end()))
            for n in _names_after(text, m.end()):
                for role in roles:
                    c = Contributor(n, role)
                    if all(c != f for _, f in found):
                        found.append((m.start(), c))
    found.sort(key=lambda item: item[0])
    return tuple(c for _, c in found)


def parse_source(text: str | None) -> Source | None:
    """Repository, locator and credited people of a source string (text kept as given)."""
    if text is None or not text.strip():
        return None
    s = text.strip()
    first = s[: _sentence_end(s)].split(";")[0].rstrip(". ")
    repository = locator = None
    m = _LOCATOR_AT_START.match(first) or _LOCATOR_START.search(first)
    if m:
        repo_part = first[: m.start()].strip(" ,")
        loc = first[m.start() :].strip(" ,")
        if repo_part and _is_repository(repo_part):
            repository, locator = repo_part, loc
        elif not repo_part:
            locator = loc
    else:
        head = first
        if _is_repository(head):
            repository = head
        else:
            seg = head.split(",")[0].strip()
            if seg and seg.casefold() in _KNOWN_FOLD:
                repository = seg
    return Source(text=text, repository=repository, locator=locator, contributors=contributors_of(s))


@short_text_cache(maxsize=1024)
def _is_repository(text: str) -> bool:
    """Cached: repository strings repeat across an export."""
    t = text.strip()
    if not t or len(t) > 120:
        return False
    if t.casefold() in _KNOWN_FOLD:
        return True
    if _NOT_REPOSITORY.search(t):
        return False
    if _ACRONYM_REPO.match(t) and sum(c.isupper() for c in t) >= 2:
        return True  # an acronym such as "AVP RF", "PolA AA", "BArch"
    return bool(_REPO_HINT.search(t))
