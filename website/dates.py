"""Dates and months as the platform writes them, in one place.

Python code formats dates here; templates use Django's |date filter with the same formats ("j F Y",
"F Y"). Django's Arabic month names are those of the Mashreq (مايو، يوليو، أغسطس…); Moroccan
administration, and the national plan, write ماي، يوليوز، غشت، شتنبر، نونبر، دجنبر. The message
ids below let `makemessages` put them in our catalogue, which takes precedence. Every form Django's
date formats use is listed (F, E, N and b/M), so no format brings the other names back.
"""

from datetime import date

from django.utils.formats import date_format
from django.utils.translation import gettext_noop, pgettext_lazy


def long_date(value: date) -> str:
    """A day as the platform writes it in every language, "1 March 2030" (Morocco's month names
    in Arabic come from the project's catalogue)."""
    return date_format(value, "j F Y")


def long_month(value: date) -> str:
    """A month as the platform writes it in every language, "March 2030"."""
    return date_format(value, "F Y")


def iso_month(value: date) -> str:
    """A month for machines (open data, spreadsheets), "2030-03", whatever the language."""
    return value.strftime("%Y-%m")


def month_span(first: date, last: date) -> str:
    """“March 2030”, “March – May 2030”, “November 2030 – January 2031” in the active language."""
    if first == last:
        return long_month(first)
    if first.year == last.year:
        return f"{date_format(first, 'F')} – {long_month(last)}"
    return f"{long_month(first)} – {long_month(last)}"


def partial_date(text: str) -> date | None:
    """A source's date, as precise as it is: "2023" is 1 January, "2024-11" is 1 November."""
    parts = (text or "").split("-")
    try:
        return date(int(parts[0]), int(parts[1]) if len(parts) > 1 else 1, int(parts[2]) if len(parts) > 2 else 1)
    except (ValueError, IndexError):
        return None


# Morocco's month names: message ids for the catalogue (see above) ------------------------------

MONTHS = [
    gettext_noop("January"), gettext_noop("February"), gettext_noop("March"), gettext_noop("April"),
    gettext_noop("May"), gettext_noop("June"), gettext_noop("July"), gettext_noop("August"),
    gettext_noop("September"), gettext_noop("October"), gettext_noop("November"), gettext_noop("December"),
]
MONTHS_ALT = [
    pgettext_lazy("alt. month", "January"), pgettext_lazy("alt. month", "February"),
    pgettext_lazy("alt. month", "March"), pgettext_lazy("alt. month", "April"),
    pgettext_lazy("alt. month", "May"), pgettext_lazy("alt. month", "June"),
    pgettext_lazy("alt. month", "July"), pgettext_lazy("alt. month", "August"),
    pgettext_lazy("alt. month", "September"), pgettext_lazy("alt. month", "October"),
    pgettext_lazy("alt. month", "November"), pgettext_lazy("alt. month", "December"),
]
# Format "N" (Associated Press style); Moroccan Arabic does not abbreviate month names.
MONTHS_AP = [
    pgettext_lazy("abbrev. month", "Jan."), pgettext_lazy("abbrev. month", "Feb."),
    pgettext_lazy("abbrev. month", "March"), pgettext_lazy("abbrev. month", "April"),
    pgettext_lazy("abbrev. month", "May"), pgettext_lazy("abbrev. month", "June"),
    pgettext_lazy("abbrev. month", "July"), pgettext_lazy("abbrev. month", "Aug."),
    pgettext_lazy("abbrev. month", "Sept."), pgettext_lazy("abbrev. month", "Oct."),
    pgettext_lazy("abbrev. month", "Nov."), pgettext_lazy("abbrev. month", "Dec."),
]
# Formats "b" and "M".
MONTHS_3 = [
    gettext_noop("jan"), gettext_noop("feb"), gettext_noop("mar"), gettext_noop("apr"),
    gettext_noop("may"), gettext_noop("jun"), gettext_noop("jul"), gettext_noop("aug"),
    gettext_noop("sep"), gettext_noop("oct"), gettext_noop("nov"), gettext_noop("dec"),
]
