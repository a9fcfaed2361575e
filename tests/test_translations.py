"""Every user-facing string of the code and templates is translated, not fuzzy, in every catalog."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
METHODS = [("eventsys/**.py", "python"), ("templates/**.html", "jinja2"), ("templates/**.txt", "jinja2")]
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "lazy_gettext": None, "_l": None, "lazy_ngettext": (1, 2)}
CATALOGS = sorted((ROOT / "eventsys" / "translations").glob("*/LC_MESSAGES/messages.po"))


def _extracted() -> set[str]:
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(ROOT), METHODS, keywords=KEYWORDS, comment_tags=(), strip_comment_tags=True
    ):
        found.add(message[0] if isinstance(message, tuple) else message)
    return found


@pytest.mark.parametrize("catalog", CATALOGS, ids=lambda path: path.parts[-3])
def test_every_string_is_translated(catalog):
    with catalog.open("rb") as file:
        translations = {(m.id[0] if isinstance(m.id, tuple) else m.id): m for m in read_po(file) if m.id}
    missing = sorted(message for message in _extracted() if not _translated(translations.get(message)))
    assert missing == [], f"untranslated or fuzzy in {catalog.parts[-3]}: run pybabel extract/update and translate"


def _translated(message) -> bool:
    if message is None or message.fuzzy:
        return False
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    return all(strings)
