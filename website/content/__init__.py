"""Texts the platform ships with, in every language: the home page and the standard pages.

The texts are data files beside this module, one per page and language (README.md here gives
their format); this module reads them into what the site skeleton creates the pages from:

- ``HOME``: ``{language: {"title", "introduction", "body"}}``;
- ``STANDARD_PAGES``: ``[{"role", "slug", "text": {language: {...the same...}}}]``, in the order of
  pages.yaml;

where "body" is a list of (block type, value) pairs of website.blocks.BodyBlock ("heading": plain
text, "rich_text": HTML). Editors change the pages in the admin afterwards; setup_network only
creates the pages that are missing.
"""

import html
import re
from pathlib import Path

import yaml
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

DIRECTORY = Path(__file__).resolve().parent
FRONT_MATTER = re.compile(r"\A---\n(?P<front>.*?)^---\n(?P<body>.*)\Z", re.DOTALL | re.MULTILINE)
HEADING = re.compile(r"<h2>(?P<text>.*)</h2>")
FIELDS = {"title", "introduction"}


def _days(count: int, language: str) -> str:
    """A number of days, as each language writes it after "for" (Arabic: مدة …)."""
    if language == "ar":
        return {1: "يوما واحدا", 2: "يومين"}.get(count) or (f"{count} أيام" if count <= 10 else f"{count} يوما")
    if language == "fr":
        return "1 jour" if count == 1 else f"{count} jours"
    return "1 day" if count == 1 else f"{count} days"


# Placeholders of the texts, and what they become in a language (read when filled in).
FIGURES = {
    "{mail_retention}": lambda language: _days(settings.OUTBOX_RETENTION_DAYS, language),
}


def fill_figures(text: str, language: str) -> str:
    """The text with the figures that follow settings written out in its language."""
    for placeholder, figure in FIGURES.items():
        if placeholder in text:
            text = text.replace(placeholder, figure(language))
    return text


def parse_body(source: str) -> list[tuple[str, str]]:
    """The blocks of a body: a line ``<h2>…</h2>`` is a heading (its text unescaped), the lines
    up to the next heading one rich text. Blank lines and indentation do not count; a line break
    between two tags (``…</p>`` then ``<p>…``) disappears, any other one is a space."""
    body: list[tuple[str, str]] = []
    rich_text = ""

    def close_rich_text():
        nonlocal rich_text
        if rich_text:
            body.append(("rich_text", rich_text))
        rich_text = ""

    for line in source.splitlines():
        line = line.strip()
        if not line:
            continue
        heading = HEADING.fullmatch(line)
        if heading:
            close_rich_text()
            body.append(("heading", html.unescape(heading["text"])))
        elif not rich_text:
            rich_text = line
        else:
            rich_text += ("" if rich_text.endswith(">") and line.startswith("<") else " ") + line
    close_rich_text()
    return body


def read_text(path: Path) -> dict:
    """One page in one language: the front matter's fields and the body."""
    match = FRONT_MATTER.match(path.read_text(encoding="utf-8"))
    if match is None:
        raise ImproperlyConfigured(f"{path}: the file must start with a front matter between two '---' lines.")
    text = yaml.safe_load(match["front"]) or {}
    if not isinstance(text, dict) or "title" not in text or set(text) - FIELDS:
        raise ImproperlyConfigured(f"{path}: the front matter gives a title and an introduction, nothing else.")
    text["body"] = parse_body(match["body"])
    return text


def read_page(directory: str) -> dict[str, dict]:
    """A page in every language it is written in: {language: text}, from <directory>/<language>.html."""
    files = sorted((DIRECTORY / directory).glob("*.html"))
    if not files:
        raise ImproperlyConfigured(f"{DIRECTORY / directory}: no text.")
    return {path.stem: read_text(path) for path in files}


def read_standard_pages() -> list[dict]:
    """The standard pages pages.yaml lists, each with its texts from the directory named after its role."""
    index = yaml.safe_load((DIRECTORY / "pages.yaml").read_text(encoding="utf-8"))
    return [{"role": page["role"], "slug": page["slug"], "text": read_page(page["role"])}
            for page in index["standard_pages"]]


HOME: dict[str, dict] = read_page("home")
STANDARD_PAGES: list[dict] = read_standard_pages()
