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


def _install_fallbacks() -> None:
    """Untranslated strings fall back to English (our message ids) in ar, fr and en, and to
    French in Tamazight, whose pages are written left to right and whose readers mostly read
    French. Django's default would show Arabic (LANGUAGE_CODE) inside French pages."""
    from django.utils.translation import trans_real

    def _add_fallback(self, localedirs=None):
        if self._DjangoTranslation__language == "zgh":
            self.add_fallback(trans_real.translation("fr") if self.domain == "django"
                              else trans_real.DjangoTranslation("fr", domain=self.domain, localedirs=localedirs))

    trans_real.DjangoTranslation._add_fallback = _add_fallback


_install_fallbacks()
