"""Every user-facing string of the code and templates is translated, not fuzzy, in the catalog of every configured
language, and the compiled catalogs keep every placeholder of the English."""

from __future__ import annotations

import gettext
import io
import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from eventsys.config import DEFAULTS

ROOT = Path(__file__).resolve().parent.parent
METHODS = [("eventsys/**.py", "python"), ("templates/**.html", "jinja2"), ("templates/**.txt", "jinja2")]
KEYWORDS = {
    "_": None,
    "gettext": None,
    "ngettext": (1, 2),
    "lazy_gettext": None,
    "_l": None,
    "lazy_ngettext": (1, 2),
    "pgettext": ((1, "c"), 2),
    "lazy_pgettext": ((1, "c"), 2),
}
#: English is the source language; every other configured one needs a complete catalog.
LANGUAGES = [language for language in DEFAULTS["LANGUAGES"] if language != DEFAULTS["BABEL_DEFAULT_LOCALE"]]
#: %(name)s, %d, %%, {name}: what the code fills in, or the literal percent sign.
PLACEHOLDER = re.compile(r"%\(\w+\)[sdrf]|%[sdrf]|%%|\{\w*\}")


def _catalog_path(language: str) -> Path:
    return ROOT / "eventsys" / "translations" / language / "LC_MESSAGES" / "messages.po"


def _read(language: str):
    with _catalog_path(language).open("rb") as file:
        return read_po(file)


def _extracted() -> set[tuple[str, str | None]]:
    """Each message with its context: one English word may need two translations ("Stage" of a plan, of a company)."""
    found = set()
    for _file, _line, message, _comments, context in extract_from_dir(
        str(ROOT), METHODS, keywords=KEYWORDS, comment_tags=(), strip_comment_tags=True
    ):
        found.add((message[0] if isinstance(message, tuple) else message, context))
    return found


def test_spanish_is_among_the_languages_and_each_has_a_catalog():
    assert {"ja", "es"} <= set(LANGUAGES)
    assert [language for language in LANGUAGES if not _catalog_path(language).exists()] == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_string_is_translated(language):
    translations = {(m.id[0] if isinstance(m.id, tuple) else m.id, m.context): m for m in _read(language) if m.id}
    missing = sorted(message for message in _extracted() if not _translated(translations.get(message)))
    assert missing == [], f"untranslated or fuzzy in {language}: run pybabel extract/update and translate"


def _translated(message) -> bool:
    if message is None or message.fuzzy:
        return False
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    return all(strings)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_compiled_catalog_keeps_every_placeholder(language):
    """Compiled as the app loads it, each translation has the placeholders of its English, in every plural form."""
    catalog = _read(language)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    compiled = gettext.GNUTranslations(io.BytesIO(buffer.getvalue()))
    broken = []
    for message in catalog:
        if not message.id:
            continue
        if isinstance(message.id, tuple):
            singular, plural = message.id
            one, many = compiled.ngettext(singular, plural, 1), compiled.ngettext(singular, plural, 5)
            # The form for one may name the number or not ("Fix this problem"; Japanese has a single form).
            kept = _placeholders(singular) <= _placeholders(one) <= _placeholders(plural)
            kept = kept and _placeholders(many) == _placeholders(plural)
        else:
            kept = _placeholders(message.id) == _placeholders(compiled.gettext(message.id))
        if not kept:
            broken.append(message.id)
    assert broken == [], f"placeholders lost or changed in {language}"


def _placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text))
