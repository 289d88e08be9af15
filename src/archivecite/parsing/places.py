"""Places a diplomat is posted to, to tell "Ambassador to Cuba Alekseev" from "… to Mao Zedong".

Titles and roles name an office by its posting: ``Soviet Ambassador to the USA Dobrynin``,
``Polish Ambassador to Hungary``, ``Ambassador to Cuba Alekseev``. The " to " there is not the
one between sender and recipient, and the place is not part of the person's name. Whether the
words after " to " are a place or a person cannot be read from their shape ("to Cuba Alekseev",
"to Mao Zedong"), so the places are listed: states and their usual short forms and acronyms
(those of the Cold War included: USSR, GDR, DPRK, Czechoslovakia …), capitals, and cities of
several words that had consulates ("New York"); after "in" or "at", an unlisted city of one word
is read as the place too ("Consul General in Shenyang Ivanov").

A place is only looked for right after a posting (an office word such as Ambassador, Envoy,
Consul, then "to", "in" or "at"); everywhere else these words are read as before.
"""

from __future__ import annotations

import re
from itertools import islice

#: Places as written after "to", lowercased; several words are joined by one space.
PLACES: frozenset[str] = frozenset(
    """
    afghanistan albania algeria angola argentina australia austria bangladesh belgium benin bolivia
    brazil britain bulgaria burma burundi cambodia cameroon canada ceylon chad chile china colombia
    congo cuba cyprus czechoslovakia dahomey denmark ecuador egypt england ethiopia finland france
    germany ghana greece grenada guatemala guinea guinea-bissau hungary iceland india indonesia iran
    iraq ireland israel italy japan jordan kampuchea kenya korea kuwait laos lebanon liberia libya
    luxembourg madagascar malaysia mali malta mexico mongolia morocco mozambique namibia nepal
    netherlands nicaragua niger nigeria norway pakistan panama paraguay peru philippines poland
    portugal romania rumania rwanda senegal singapore somalia spain sudan sweden switzerland syria
    taiwan tanganyika tanzania thailand tunisia turkey uganda uruguay venezuela vietnam yemen
    yugoslavia zaire zambia zimbabwe vatican
    ussr urss cccp usa us uk prc roc dprk drk rok drv dprv gdr ddr frg brd uar mpr nrk un
    moscow washington beijing peking pyongyang seoul hanoi saigon havana london paris bonn berlin
    warsaw prague budapest bucharest sofia tirana belgrade ulaanbaatar ulan-bator tokyo delhi kabul
    tehran baghdad cairo damascus vienna rome geneva stockholm helsinki ankara islamabad karachi
    jakarta rangoon phnom-penh vientiane
    """.split()
) | frozenset(
    {
        "soviet union", "united states", "united kingdom", "great britain", "north korea", "south korea",
        "north vietnam", "south vietnam", "east germany", "west germany", "federal republic",
        "united nations", "new zealand", "saudi arabia", "south africa", "sri lanka", "costa rica",
        "el salvador", "ivory coast", "hong kong", "new delhi", "east berlin", "west berlin",
        "people's republic of china", "democratic people's republic of korea", "republic of korea",
        "united arab republic", "mongolian people's republic", "german democratic republic",
        "federal republic of germany", "democratic republic of vietnam", "phnom penh", "ulan bator",
        "holy see", "united states of america",
        # cities of several words where consulates and missions were (one-word cities after
        # "in" or "at" need no listing: see _posting_place)
        "new york", "san francisco", "los angeles", "mexico city", "buenos aires", "rio de janeiro",
        "ho chi minh city", "port arthur", "addis ababa", "dar es salaam", "kuala lumpur", "tel aviv",
    }
)  # fmt: skip
#: Longest place, in words.
_MOST_WORDS = max(len(p.split()) for p in PLACES)

#: Offices named by their posting ("Ambassador to", "Consul in").
POSTING_WORDS = frozenset(
    """ambassador ambassadors envoy envoys consul consul-general consuls chargé charge d'affaires
    attaché attache counselor counsellor adviser advisor advisers advisors plenipotentiary
    representative representatives delegate delegates observer minister-counselor general""".split()
)
POSTING_PREPOSITIONS = frozenset({"to", "in", "at"})
_EDGE = re.compile(r"^[\"'“‘(\[]+|[\"'”’)\],.;:]+$")


def _bare(word: str) -> str:
    return _EDGE.sub("", word).casefold()


def place_words(words: list[str], start: int) -> int:
    """How many of ``words[start:]`` (after an optional "the") name a place; 0 when none do.

    The longest listed place wins ("North Korea Puzanov": 2)."""
    i = start
    if i < len(words) and _bare(words[i]) == "the":
        i += 1
    for n in range(min(_MOST_WORDS, len(words) - i), 0, -1):
        phrase = " ".join(_bare(w) for w in words[i : i + n])
        if phrase in PLACES:
            return i + n - start
    return 0


def is_place(text: str) -> bool:
    """Whether ``text`` is only a listed place ("Havana", "the Soviet Union")."""
    words = text.split()
    return bool(words) and place_words(words, 0) == len(words)


def ends_with_posting_word(text: str) -> bool:
    """Whether the last word of ``text`` is an office named by its posting ("… Ambassador")."""
    words = text.split()
    return bool(words) and _bare(words[-1]) in POSTING_WORDS


#: A posting is followed by at most this many words of the holder's name.
_NAME_WORDS = 4
_WORD = re.compile(r"\S+")


def is_posting_at(text: str, at: int) -> bool:
    """Whether the " to " at ``text[at : at + 4]`` is an office's posting rather than the one
    between a sender and a recipient: the word before it is an office word and the words after
    it are a place, then at most four words that do not make an organization ("the USSR MFA"
    is a recipient; "the USA Dobrynin", "Hungary" are a posting and maybe the holder's name).

    Reads only the words next to the " to " (a title with many is read in linear time)."""
    start = text.rfind(" ", 0, at) + 1
    if _bare(text[start:at]) not in POSTING_WORDS:
        return False
    words = [m.group() for m in islice(_WORD.finditer(text, at + 4), _MOST_WORDS + 1 + _NAME_WORDS + 1)]
    n = place_words(words, 0)
    if n == 0:
        return False
    rest = words[n:]
    if not rest:
        return True
    from .names import is_organization  # (names imports this module)

    return _may_be_holder(rest) and not is_organization(" ".join(rest))


def _may_be_holder(words: list[str]) -> bool:
    """Whether ``words``, after a posting, can be its holder's name: at most four capitalised
    words (none at all: the posting stands alone)."""
    return len(words) <= _NAME_WORDS and all(w[:1].isupper() for w in words)


def is_posting(left: str, right: str) -> bool:
    """:func:`is_posting_at` for ``left + " to " + right``."""
    return is_posting_at(f"{left} to {right}", len(left))


#: The last word of an office named without its holder ("Soviet Ambassador", "Foreign
#: Minister"): such a phrase is not a person's name (no given and family parts).
OFFICE_WORDS = POSTING_WORDS | frozenset(
    "minister ministers secretary chairman chairwoman premier president".split()
)


def _posting_place(words: list[str], j: int) -> int:
    """How many of ``words[j:]`` are the place of a posting whose preposition is ``words[j - 1]``:
    a listed place, or after "in" or "at" one capitalised word ("Consul General in Shenyang",
    "Consul General in Shenyang Ivanov": a consulate's city need not be listed, and an unlisted
    one is one word; after "to" it must be listed, "Ambassador to Mao" being someone's
    ambassador to Mao)."""
    n = place_words(words, j)
    if n:
        return n
    k = j + 1 if j < len(words) and _bare(words[j]) == "the" else j
    if k >= len(words) or _bare(words[j - 1]) == "to" or not words[k][:1].isupper():
        return 0
    return k + 1 - j if _may_be_holder(words[k + 1 :]) else 0  # the city, then a name or nothing


def name_start_after_posting(words: list[str], start: int) -> int:
    """Where a person's name starts in ``words`` when the run ``words[start:]`` that looks like
    one follows a posting ("Ambassador to Cuba Alekseev": after "Cuba"); ``start`` otherwise,
    and ``len(words)`` when the run is only the place ("Ambassador to Hungary")."""
    j = start - 1 if start > 0 and _bare(words[start - 1]) == "the" else start
    if j < 2 or _bare(words[j - 1]) not in POSTING_PREPOSITIONS or _bare(words[j - 2]) not in POSTING_WORDS:
        return start
    return max(start, j + _posting_place(words, j))


def is_office(text: str) -> bool:
    """Whether ``text`` names an office and no holder: "Soviet Ambassador", "the Polish
    Ambassador to Hungary", "First Deputy Foreign Minister"."""
    words = text.split()
    if not words or len(words) > 8:
        return False
    if _bare(words[-1]) in OFFICE_WORDS:
        return True
    for i in range(len(words) - 1, 1, -1):  # "<office> to|in|at [the] <place>", the place last
        if _bare(words[i - 1]) in POSTING_PREPOSITIONS and _bare(words[i - 2]) in POSTING_WORDS:
            return i + _posting_place(words, i) == len(words)
    return False
