"""Languages of the platform, and Tamazight's registration with Django (which does not know it)."""

from django.conf.locale import LANG_INFO

# Standard Moroccan Tamazight, written in Tifinagh. Django's LANG_INFO must know it before
# LANGUAGES is read, or the admin's account page raises KeyError.
LANG_INFO.setdefault(
    "zgh",
    {"bidi": False, "code": "zgh", "name": "Standard Moroccan Tamazight", "name_local": "ⵜⴰⵎⴰⵣⵉⵖⵜ"},
)

# Order matters: Arabic is the default, then the other languages of the network.
LANGUAGE_CODES = ("ar", "fr", "zgh", "en")
RTL_LANGUAGES = frozenset({"ar"})
