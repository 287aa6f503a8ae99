"""The admin's search backend: Wagtail's database backend, with what people type taken as words.

SQLite's full-text engine (the embedded default) reads its own query language: Wagtail quotes
each word but leaves a quote typed inside it, so a search box given `"` failed with a database
error. Quotes are dropped from the text before it is searched, on every database alike.
"""

from functools import cache

from wagtail.search.backends import database


def as_words(query):
    """The query with its quotes dropped (a string, or a parsed plain-text or phrase query); an
    empty string, which finds nothing, when no word is left."""
    text = query if isinstance(query, str) else getattr(query, "query_string", None)
    if not isinstance(text, str):
        return query
    words = " ".join(text.replace('"', " ").split())
    if isinstance(query, str) or not words:
        return words
    query.query_string = words
    return query


@cache
def _words_only(backend_class):
    def _search(self, query_compiler_class, query, model_or_queryset, **kwargs):
        return super(subclass, self)._search(query_compiler_class, as_words(query), model_or_queryset, **kwargs)

    subclass = type(f"WordsOnly{backend_class.__name__}", (backend_class,), {"_search": _search})
    return subclass


def SearchBackend(params):
    """Wagtail's database backend for this database (PostgreSQL, SQLite…), taking words only."""
    return _words_only(type(database.SearchBackend(params)))(params)
