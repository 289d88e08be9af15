"""Language names as archive pages write them, and their ISO 639-1 codes."""

from __future__ import annotations

import re

from archivecite.parsing._cache import short_text_cache

#: English language name -> ISO 639-1 code (languages of Cold War archives and more).
LANGUAGE_CODES: dict[str, str] = {
    "Albanian": "sq", "Arabic": "ar", "Armenian": "hy", "Azerbaijani": "az", "Belarusian": "be",
    "Bengali": "bn", "Bulgarian": "bg", "Burmese": "my", "Chinese": "zh", "Croatian": "hr",
    "Czech": "cs", "Danish": "da", "Dutch": "nl", "English": "en", "Estonian": "et",
    "Farsi": "fa", "Finnish": "fi", "French": "fr", "Georgian": "ka", "German": "de",
    "Greek": "el", "Hebrew": "he", "Hindi": "hi", "Hungarian": "hu", "Indonesian": "id",
    "Italian": "it", "Japanese": "ja", "Kazakh": "kk", "Khmer": "km", "Korean": "ko",
    "Lao": "lo", "Latvian": "lv", "Lithuanian": "lt", "Macedonian": "mk", "Malay": "ms",
    "Mongolian": "mn", "Norwegian": "no", "Pashto": "ps", "Persian": "fa", "Polish": "pl",
    "Portuguese": "pt", "Romanian": "ro", "Russian": "ru", "Serbian": "sr", "Serbo-Croatian": "sh",
    "Slovak": "sk", "Slovenian": "sl", "Spanish": "es", "Swahili": "sw", "Swedish": "sv",
    "Tajik": "tg", "Thai": "th", "Tibetan": "bo", "Turkish": "tr", "Ukrainian": "uk",
    "Urdu": "ur", "Uzbek": "uz", "Vietnamese": "vi", "Yiddish": "yi", "Amharic": "am",
    "Afrikaans": "af", "Icelandic": "is", "Irish": "ga", "Latin": "la", "Somali": "so",
}  # fmt: skip
_BY_FOLD = {k.casefold(): k for k in LANGUAGE_CODES}
_SPLIT = re.compile(r"\s*(?:,|;|/|\band\b|&)\s*")


def canonical_language(name: str) -> str | None:
    """``"Russian"`` for ``"russian"``; ``None`` when the name is not a known language."""
    return _BY_FOLD.get(name.strip().casefold())


def language_code(name: str | None) -> str | None:
    """ISO 639-1 code of a known language name, else ``None`` (never guessed)."""
    if not name:
        return None
    canon = canonical_language(name)
    return LANGUAGE_CODES[canon] if canon else None


def split_languages(text: str) -> list[str]:
    """``["Russian", "English"]`` for ``"Russian, English"`` (names kept as given)."""
    return [p for p in _SPLIT.split(text.strip()) if p]


@short_text_cache(maxsize=1024)
def is_language_line(line: str) -> bool:
    parts = split_languages(line)
    return bool(parts) and all(canonical_language(p) for p in parts)
