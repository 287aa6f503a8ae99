"""Folding of Arabic and Latin text, so that a search matches however a name is spelt."""

import re
import unicodedata

_ARABIC_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")  # and tatweel
_ARABIC_LETTERS = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي"})
_SEPARATORS = re.compile(r"[\s\-‐–—_'’`.,;:()/]+")


def fold(text: str) -> str:
    """Lower-case, without accents, Arabic diacritics, tatweel or letter-form variants."""
    text = _ARABIC_DIACRITICS.sub("", text or "")
    text = text.translate(_ARABIC_LETTERS)
    decomposed = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in decomposed if not unicodedata.combining(ch) or "\u0600" <= ch <= "\u06ff")
    return _SEPARATORS.sub(" ", text.casefold()).strip()
