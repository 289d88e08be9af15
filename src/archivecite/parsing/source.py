"""The source string: repository, locator and credited people. The text is always kept whole.

The rules are those of archivecite 0.1.0 (frozen in ``tests/legacy_parsing/source_v010.py``);
this version gives exactly the same results, faster:

- the end of the first sentence is found by one regex search that skips the periods of
  initials and locator abbreviations written in ASCII (Python checks only the period found);
- the credits are read only from the first role word on (nothing before it can change them),
  and that tail ("Translated by Gary Goldberg.") repeats across an export, so its reading is
  cached; texts without "by" have no credits and are rejected with one substring test;
- the locator-word alternation is grouped by first letter (fewer branches tried per position),
  and the white space after a comma is never given back to it (it could not help).
"""

from __future__ import annotations

import re

from ..model import Contributor, Name, Source
from ._cache import short_text_cache
from .names import parse_name

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

# --- locator ---------------------------------------------------------------------------------------

# A locator word followed by a number or a period. The alternatives are those of 0.1.0
# (fond|f\.|opis|op\.|delo|d\.|list|listy|ll?\.|per\.|dok\.|papka|p\.|file\s+no\.?|file|folder|box|
# vol\.|volume|reel|frame|dossier|signatur|sig\.|inv\.|microfilm|record\s+group|rg\s|b\.|k\.|t\.|
# razdel) grouped by first letter; the group sits in a lookahead, which succeeds when any
# alternative does, so their order does not matter.
_LOCATOR_WORD = (
    r"(?=(?:f(?:ond|\.|ile\s+no\.?|ile|older|rame)|op(?:is|\.)|d(?:elo|\.|ok\.|ossier)|"
    r"l(?:ist|isty|l?\.)|p(?:er\.|apka|\.)|b(?:ox|\.)|vol(?:\.|ume)|r(?:eel|ecord\s+group|g\s|azdel)|"
    r"sig(?:natur|\.)|inv\.|microfilm|k\.|t\.)"
    r"\s*[\w\"“(]*[\d.])"
)
# where a locator starts: "(?:^|,\s*|\s)" before a locator word; the start of the text is
# tried on its own so that the search pattern starts with a character class (fast to skip). A
# locator word starts with a letter, so white space given back by "\s*" could never let it
# match: "\s*+" (possessive) does not try.
_LOCATOR_AT_START = re.compile(_LOCATOR_WORD, re.I)
_LOCATOR_START = re.compile(r"[,\s](?:(?<=,)\s*+|(?<=\s))" + _LOCATOR_WORD, re.I)

# --- repository ------------------------------------------------------------------------------------

_REPO_HINT = re.compile(
    r"\b(?:archives?|archiv|library|museum|records office|national archives|papers|collection|"
    r"institute|fond)\b|\([A-Z][A-Za-z ]{1,12}\)$",
    re.I,
)
_NOT_REPOSITORY = re.compile(r"\b(?:translated|obtained|contributed|published|edited)\b", re.I)
_ACRONYM_REPO = re.compile(r"^[A-Z][A-Za-z]{0,6}(?:[ -][A-Z][A-Za-z]{0,6}){0,2}$")

# --- sentence end ----------------------------------------------------------------------------------

#: Words whose period does not end a sentence (compared casefolded).
_ABBREV = frozenset("f op d l ll per dok no vol p pp t k b ed eds nr sig inv fol fols r ch art str".split())


def _skipped_period_pattern() -> str:
    """Negative lookbehinds, one per word length, for a period after a whole word (one not
    preceded by a letter or digit) that is an ASCII capital ("H.") or an _ABBREV word spelt in
    ASCII letters, in any case ("f.", "Op.", "No.")."""
    by_length: dict[int, list[str]] = {}
    for word in sorted(_ABBREV):
        by_length.setdefault(len(word), []).append(word)
    lookbehinds = []
    for length, words in sorted(by_length.items()):
        alternatives = f"(?ai:{'|'.join(words)})" + ("|[A-Z]" if length == 1 else "")
        lookbehinds.append(rf"(?<!(?<![^\W_])(?:{alternatives})\.)")
    return "".join(lookbehinds)


# A period followed by white space or the end of the text that may end a sentence: the periods
# that never do in ASCII text are skipped inside the regex, which starts with a literal (fast to
# search for); the word before any other period ("Goldberg.", "194.", "Ж.", "ſig.") is checked by
# _ends_sentence.
_SENTENCE_PERIOD = re.compile(r"\.(?=\s|\Z)" + _skipped_period_pattern())

# --- credits ---------------------------------------------------------------------------------------

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
# Every role word that starts at a word boundary (each group is one word; a match is all word
# characters, so no other boundary lies inside it and finditer finds every occurrence). The
# lookahead repeats the first letters (a character class first makes the search fast); case-
# insensitively, whatever matches one of those letters matches the class (checked for every code
# point by tests/parsing/test_fast_source.py).
_ROLE_WORD = re.compile(
    r"(?=[acoet])\b(?:(translat)|(annotated)|(edited)|(contributed)|(obtained)|(transcribed))", re.I
)
#: The groups of _ROLE_WORD that a match of each of _ROLE_PATTERNS contains at a word boundary:
#: a pattern cannot match unless they all occur ("translated and annotated by" needs 1 and 2).
_ROLE_PATTERN_WORDS = (
    frozenset({1, 2}),
    frozenset({1, 3}),
    frozenset({1}),
    frozenset({2}),
    frozenset({3}),
    frozenset({4}),
    frozenset({5}),
    frozenset({6}),
)
# Every role pattern contains "by\s", so none matches where _BY does not. Only b/B match "b"
# case-insensitively and only y/Y match "y", so _BY cannot match unless ``"by" in text.lower()``,
# the cheaper test that contributors_of makes.
_BY = re.compile(r"by\s", re.I)
# where a list of names ends: ";", "and <verb>ed by", a parenthesis (sentence ends: _sentence_end)
_NAMES_END = re.compile(r"(?:;|\s+and\s+(?:\w+\s+)?\w+ed\s+by\b|\s+for\s+|\s+from\s+|\s+in\s+|\(|$)", re.I)
_NAMES_SPLIT = re.compile(r"\s*,\s*and\s+|\s+and\s+|\s*,\s*|\s*&\s*")


def _ends_sentence(word: str) -> bool:
    """Whether a period after ``word`` (the whole word before it, maybe empty) ends a sentence:
    not after an initial ("Mark H. Doctoroff") nor after a locator abbreviation."""
    if not word:
        return True
    if len(word) == 1 and word.isupper():
        return False
    return word.casefold() not in _ABBREV


def _sentence_end(text: str, start: int = 0, stop: int | None = None) -> int:
    """Index of the first period at or after ``start`` that ends a sentence (not after an initial
    or a locator abbreviation such as ``f.``, ``op.``, ``No.``); ``len(text)`` when there is none.

    Only periods followed by white space or the end of the text count, and the word before a
    period is the whole word, even when it begins before ``start``. With ``stop``, the search
    ends there (the text is read as if it ended at ``stop``; ``stop`` when nothing is found)."""
    end = len(text) if stop is None or stop > len(text) else stop
    m = _SENTENCE_PERIOD.search(text, start, end)
    if m is None:
        return end
    if text.isascii():
        return m.start()  # every word is ASCII, and the regex has skipped those that are exceptions
    while m is not None:
        i = j = m.start()
        while j > 0 and text[j - 1].isalnum():
            j -= 1
        if _ends_sentence(text[j:i]):
            return i
        m = _SENTENCE_PERIOD.search(text, i + 1, end)
    return end


#: How far after "… by " a list of names is read. Real lists are far shorter; the bound keeps
#: a long hostile source (thousands of "translated by" without a sentence end) linear.
NAMES_WINDOW = 1000


def _names_after(text: str, start: int) -> list[Name]:
    """The persons named from ``start`` (just after "... by ") to the end of the list."""
    stop = _sentence_end(text, start, start + NAMES_WINDOW)
    rest = text[start:stop]
    m = _NAMES_END.search(rest)
    chunk = rest[: m.start()] if m else rest
    # "N. Khrushchev." -- a final initial's period was eaten by the sentence-end rule
    chunk = chunk.strip(" ,")
    parts = _NAMES_SPLIT.split(chunk)
    if m is None and stop == start + NAMES_WINDOW < len(text):
        parts.pop()  # the list runs past the window: its last name may be cut
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
    """The people credited by ``text`` ("Translated by Gary Goldberg"), in text order."""
    if "by" not in text.lower():
        return ()  # no _BY match, so no role pattern can match
    first = _ROLE_WORD.search(text)
    if first is None:
        return ()  # every role pattern starts with a role word at a word boundary
    # A role pattern's match starts with a role word, so none starts before ``first``; what
    # follows a match ("by\s+" then names up to the sentence end) is read forwards only; and a
    # word boundary holds at the tail's start as in the text. So the tail gives the same credits.
    return _credits(text[first.start() :])


@short_text_cache(maxsize=1024)
def _credits(text: str) -> tuple[Contributor, ...]:
    """Cached: credit lines repeat across an export. The rules of contributors_of: the role
    patterns in order, a match skipped when it starts inside an earlier one, each person once
    per role, in the order of the matches that credit them."""
    present = {m.lastindex for m in _ROLE_WORD.finditer(text)}
    found: list[tuple[int, Contributor]] = []
    seen: set[Contributor] = set()
    taken = bytearray(len(text) + 1)  # 1 where an earlier match covers the position (linear)
    for (pattern, roles), words in zip(_ROLE_PATTERNS, _ROLE_PATTERN_WORDS, strict=True):
        if not words <= present:
            continue
        for m in pattern.finditer(text):
            if taken[m.start()]:
                continue
            taken[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
            for n in _names_after(text, m.end()):
                for role in roles:
                    c = Contributor(n, role)
                    if c not in seen:
                        seen.add(c)
                        found.append((m.start(), c))
    found.sort(key=lambda item: item[0])
    return tuple(c for _, c in found)


def parse_source(text: str | None) -> Source | None:
    """Repository, locator and credited people of a source string (text kept as given)."""
    if text is None:
        return None
    s = text.strip()
    if not s:
        return None
    end = _sentence_end(s)
    semicolon = s.find(";", 0, end)
    first = s[: end if semicolon < 0 else semicolon].rstrip(". ")
    repository = locator = None
    m = _LOCATOR_AT_START.match(first) or _LOCATOR_START.search(first)
    if m:
        repo_part = first[: m.start()].strip(" ,")
        loc = first[m.start() :].strip(" ,")
        if repo_part and _is_repository(repo_part):
            repository, locator = repo_part, loc
        elif not repo_part:
            locator = loc
    elif _is_repository(first):
        repository = first
    else:
        seg = first.split(",", 1)[0].strip()
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
