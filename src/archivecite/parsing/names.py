"""People and organizations: from titles, source strings and signatures.

Rules (explicit, not a general name parser's guesses):

- Organization or person is decided first (keywords such as Ministry, Embassy, Committee,
  CC, MFA, Delegation; acronyms such as TASS; groups such as "All Provincial Premiers").
- Chinese, Korean and Vietnamese names are family-name first ("Mao Zedong", "Kim Il Sung").
- A bracketed identification is kept: "Filippov [Stalin]" -> family Filippov, real name Stalin.
- Honorifics (Cde., Comrade, Prof. …) and role phrases ("Soviet Ambassador to the USA")
  are not part of the family/given parts; the role is kept in ``Name.role``.
- Only what the text gives: a surname stays a surname.
"""

from __future__ import annotations

import functools
import re

from ..model import Name
from ._cache import MAX_KEY_LENGTH, register, short_text_cache
from .places import is_office, is_place, name_start_after_posting, place_words

ORG_WORDS = frozenset(
    """ministry mfa mid embassy embassies consulate committee presidium politburo cc cpsu agency
    government governments party council delegation department bureau office secretariat commission
    command headquarters army navy union federation republic assembly congress parliament cabinet
    administration directorate institute academy association front league mission legation section
    division staff leadership board service premiers leaders members ministers ambassadors
    secretaries comrades organization organisation corporation company bank station nations
    kgb nsa cia fbi tass xinhua sed pzpr ccp kwp wpk pcf pci mol fma kremlin court tribunal directorate commissariat sovnarkom soviet_of group affairs""".split()
)
# Adjective-like words that do not by themselves make an organization.
_HONORIFICS = frozenset(
    """cde cde. comrade com. com mr mr. mrs mrs. ms ms. dr dr. prof prof. professor sir tov. tov
    general gen. gen marshal comrades""".split()
)
ROLE_WORDS = frozenset(
    """ambassador minister chairman chairwoman secretary premier president consul chargé charge
    d'affaires deputy head leader director commander marshal representative envoy advisor adviser
    counselor counsellor attaché attache chief officer member governor mayor king queen prince
    emperor prime foreign first second general vice acting former military political defense defence
    interior state supreme commissar correspondent editor""".split()
)
FAMILY_FIRST = frozenset(
    """mao zhou deng liu zhu peng lin chen wang li zhang jiang hu gao kang yang xi zhao sun ma huang
    wu xu he guo luo song ye tan xie dong yuan feng cai pan du qiao ji geng lu bo chu hua wan tao
    kim pak park ri lee yi choe choi chong jong jang han ho hong kang ryu yun o jo
    nguyen pham tran le vo hoang dang bui ngo duong dinh truong phan""".split()
)
_PARTICLES = frozenset("de da di del della der den van von du dos das la le ter ten bin ibn al el".split())
_INITIAL = re.compile(r"^(?:[A-Z][a-z]?\.)+(?:-[A-Z]\.)?$")
_BRACKET = re.compile(r"^(?P<name>[^\[\]]+?)\s*\[(?P<real>[^\[\]]+)\]$")
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9&]{1,7}$")
_WORD = re.compile(r"[\w'’.-]+")
_BRACKETED = re.compile(r"\[[^\]]*\]")
_PARENTHESISED = re.compile(r"\([^)]*\)")
_PEOPLE_SPLIT = re.compile(r"\s*,\s*and\s+|\s+and\s+|\s*,\s*")


def _clean(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split()).strip(" ,;:")


def _words(text: str) -> list[str]:
    return [w.strip(".,;:()").casefold() for w in text.split()]


@short_text_cache(maxsize=4096)
def is_organization(text: str) -> bool:
    """True when ``text`` names an organization or a group rather than one person.

    Cached: the same names recur across an export."""
    s = _clean(text)
    if not s:
        return False
    if s.casefold().startswith(("all ", "the ")) or is_place(s):  # is_place: "… to Cuba"
        return True
    words = _words(_BRACKETED.sub("", s))
    if any(w in ORG_WORDS for w in words):
        return True
    toks = [t for t in _PARENTHESISED.sub("", s).split() if t]
    return bool(toks) and all(_ACRONYM.match(t.strip(",.")) for t in toks)


def _strip_honorifics(tokens: list[str]) -> list[str]:
    while tokens and tokens[0].casefold() in _HONORIFICS:
        tokens = tokens[1:]
    return tokens


#: Words that end a name read backwards from the end of a role phrase, in any case ("Soviet
#: Ambassador To Cuba Alekseev" in title case).
_BREAKS = frozenset({"to", "in", "at", "of", "for", "from"})


def _split_role(text: str) -> tuple[str | None, str]:
    """("Soviet Ambassador to the USA", "Dobrynin") for "Soviet Ambassador to the USA Dobrynin"."""
    toks = text.split()
    lower = [t.strip(",.").casefold() for t in toks]
    if not any(w in ROLE_WORDS for w in lower):
        return None, text
    # the name is the trailing run of capitalised words that are not role words, acronyms or
    # words of a body's name (the office's domain: "Minister of Foreign Affairs Gromyko",
    # "Chairman of the Council of Ministers Kosygin")
    i = len(toks)
    while i > 0:
        t = toks[i - 1].strip(",")
        tl = t.casefold()
        if (
            tl in ROLE_WORDS
            or tl in _PARTICLES
            or _ACRONYM.match(t)
            or not t[:1].isupper()
            or tl in _BREAKS
            or tl.strip(".") in ORG_WORDS
        ):
            if tl in _PARTICLES and i < len(toks):
                i -= 1
                continue
            break
        i -= 1
    i = name_start_after_posting(toks, i)
    if i == len(toks) or i == 0:
        return None, text
    return " ".join(toks[:i]).rstrip(","), " ".join(toks[i:])


_ROLE_LINKS = frozenset({"of", "the", "and", "for"})


def is_role_only(text: str) -> bool:
    """Whether ``text`` is an office and nothing else: role words, "of", "the", listed places
    ("Secretary of State", "President of the United States"); its first word a role word."""
    words = text.split()
    if len(words) < 2 or words[0].strip(",.").casefold() not in ROLE_WORDS:
        return False
    if words[1] == "of" and len(words) > 2 and all(w[:1].isupper() for w in words[2:]):
        return True  # "Director of Central Intelligence"
    i = 0
    while i < len(words):
        low = words[i].strip(",.").casefold()
        if low in ROLE_WORDS or low in _ROLE_LINKS:
            i += 1
        elif n := place_words(words, i):
            i += n
        else:
            return False
    return True


def parse_name(text: str, *, role: str | None = None) -> Name | None:
    """Read one person or organization as written; ``None`` for empty text.

    Cached (short texts): names repeat across an export, and the result is immutable."""
    if len(text) > MAX_KEY_LENGTH or (role is not None and len(role) > MAX_KEY_LENGTH):
        return _parse_name(text, role)
    return _parse_name_cached(text, role)


def _parse_name(text: str, role: str | None) -> Name | None:
    s = _clean(text)
    if not s:
        return None
    real = None
    m = _BRACKET.match(s)
    core = s
    if m:
        core, real = m.group("name").strip(), m.group("real").strip()
    found_role, core = _split_role(core)
    # what follows "<office> of" is its domain, not a name ("Director of Central Intelligence")
    if found_role is not None and (is_organization(core) or found_role.casefold().endswith(" of")):
        found_role, core = None, s
    if found_role is None and (is_organization(s) or is_office(s) or is_role_only(s)):
        name = s[4:] if s.startswith("the ") else s
        return Name(name=name, kind="organization", role=role)
    role = role or found_role
    toks = _strip_honorifics(core.split())
    if not toks:
        return Name(name=s, kind="person", real_name=real, role=role)
    display = s if not found_role else (core if not m else f"{core} [{real}]")
    if len(toks) == 1:
        return Name(name=display, family=toks[0], real_name=real, role=role)
    if toks[0].casefold() in FAMILY_FIRST and not any(_INITIAL.match(t) for t in toks) and len(toks) <= 3:
        return Name(
            name=display,
            family=toks[0],
            given=" ".join(toks[1:]),
            real_name=real,
            family_first=True,
            role=role,
        )
    # family name: last token plus preceding lowercase particles
    j = len(toks) - 1
    while j > 1 and toks[j - 1].casefold() in _PARTICLES:
        j -= 1
    family = " ".join(toks[j:])
    given = " ".join(toks[:j])
    return Name(name=display, family=family, given=given or None, real_name=real, role=role)


_parse_name_cached = functools.lru_cache(maxsize=8192)(_parse_name)
register(_parse_name_cached)


def split_people(text: str) -> list[str]:
    """Split "Cde. I.V. Stalin and Cde. C.M. Molotov" into two; keep "Ministry of Trade and
    Industry" whole (only split where each part reads as a person)."""
    return list(_split_people(text))


@short_text_cache(maxsize=4096)
def _split_people(text: str) -> tuple[str, ...]:
    s = _clean(text)
    parts = _PEOPLE_SPLIT.split(s)
    if len(parts) > 1 and all(_looks_personal(p) for p in parts):
        return tuple(parts)
    return (s,)


@short_text_cache(maxsize=4096)
def _looks_personal(part: str) -> bool:
    toks = part.split()
    if not toks or len(toks) > 5 or is_organization(part):
        return False
    toks = _strip_honorifics(toks)
    return bool(toks) and all(
        t[:1].isupper() or t.casefold() in _PARTICLES or t.startswith("[") for t in toks
    )


#: Words a title in capitals has in lower case otherwise ("LETTER FROM A TO B").
_TITLE_SMALL_WORDS = frozenset(
    """a an and as at about between by concerning during for from in of on or re regarding the to
    with""".split()
)
#: Words a title in capitals keeps in capitals: acronyms (parties, states, organizations,
#: treaties) and Roman numerals. Words without a vowel (CC, KGB, PZPR) are kept as well.
_CAPITAL_WORDS = frozenset(
    """mfa mid cc cpsu kgb nsa cia fbi tass sed pzpr ccp kwp wpk pcf pci mol fma ussr urss cccp usa
    us uk prc roc dprk drk rok drv dprv gdr ddr frg brd uar mpr nrk un uno nato cmea rsfsr cssr
    čssr kpd spd cdu csu fdp pki hswp mszmp plo fln nlf prg oas seato cento asean opec imf eec csce
    osce salt abm icbm inf sdi iaea unesco unicef pla ii iii iv vi vii viii ix xi xii xiii xiv xv""".split()
)
_LETTERS = re.compile(r"[^\W\d_]+")
_VOWELS = frozenset("aeiouyAEIOUYАЕЁИОУЫЭЮЯаеёиоуыэюя")


def _recase_capitals_word(m: re.Match[str]) -> str:
    word = m.group()
    low = word.casefold()
    start = m.start()
    if start > 0 and low in _TITLE_SMALL_WORDS:
        return word.lower()
    if low in _CAPITAL_WORDS or not _VOWELS.intersection(word) or len(word) == 1:
        if len(word) == 1 and low == "s" and m.string[start - 1 : start] in ("'", "’"):
            return "s"  # KIM'S -> Kim's
        return word
    if low.startswith("mc") and len(word) > 3:
        return "Mc" + word[2] + word[3:].lower()
    return word[0] + word[1:].lower()


def recase_capitals(text: str) -> str:
    """A title written all in capitals in the case titles have otherwise, for reading its
    shape and names: "LETTER FROM N. KHRUSHCHEV TO THE CPSU CC" -> "Letter from N. Khrushchev
    to the CPSU CC". Small words are lowered, acronyms and words without a vowel kept, other
    words capitalised ("MCNAMARA" -> "McNamara"). The record's title stays as given."""
    return _LETTERS.sub(_recase_capitals_word, text)


def complete_from_signature(name: Name, signature: str | None) -> Name:
    """Complete a surname-only person from a matching signature: ``Khrushchev`` with the
    signature ``N. KHRUSHCHEV`` -> ``N. Khrushchev``. Nothing changes unless the signature's
    last word is the same surname.

    Cached (short names and signatures): an author signs many records alike."""
    if not signature or name.kind != "person" or name.given or not name.family:
        return name  # nothing to complete (most names: no cache look-up)
    texts = (signature, name.name, name.family, name.real_name or "", name.role or "")
    if max(map(len, texts)) > MAX_KEY_LENGTH:
        return _complete_from_signature(name, signature)
    return _complete_from_signature_cached(name, signature)


def _complete_from_signature(name: Name, signature: str | None) -> Name:
    if not signature or name.kind != "person" or name.given or not name.family:
        return name
    toks = [t for t in _WORD.findall(signature) if t]
    if len(toks) < 2 or toks[-1].strip(".").casefold() != name.family.casefold():
        return name
    given_toks = toks[:-1]
    if not all(_INITIAL.match(_recase(t)) or t[:1].isupper() for t in given_toks) or len(given_toks) > 3:
        return name
    given = " ".join(_recase(t) for t in given_toks)
    display = f"{given} {name.family}" if not name.family_first else f"{name.family} {given}"
    if name.real_name:
        display = f"{display} [{name.real_name}]"
    return Name(
        name=display,
        family=name.family,
        given=given,
        kind="person",
        real_name=name.real_name,
        family_first=name.family_first,
        role=name.role,
    )


_complete_from_signature_cached = functools.lru_cache(maxsize=1024)(_complete_from_signature)
register(_complete_from_signature_cached)


def _recase(token: str) -> str:
    """``KHRUSHCHEV`` -> ``Khrushchev``; ``N.`` stays; mixed case stays."""
    if token.isupper() and len(token.rstrip(".")) > 1:
        return token[0] + token[1:].lower()
    return token
