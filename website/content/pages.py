"""Initial text of the home page and of the standard pages, per language.

Each standard page: role (its slot in the footer), slug, and per language a title, an
introduction and a body made of (block type, value) pairs.
"""

HOME = {
    "ar": {"title": "الشبكة المغربية للجماعات الترابية المنفتحة", "introduction": ""},
    "fr": {"title": "Réseau marocain des collectivités territoriales ouvertes", "introduction": ""},
    "zgh": {"title": "ⴰⵥⵟⵟⴰ ⴰⵎⵖⵔⴰⴱⵉ ⵏ ⵜⵎⵏⴰⴹⵉⵏ ⵜⵉⵏⵎⵎⵓⵔⴰ ⵉⵜⵜⵓⵕⵥⵎⵏ", "introduction": ""},
    "en": {"title": "Moroccan Network of Open Territorial Collectivities", "introduction": ""},
}

STANDARD_PAGES: list[dict] = []
