"""The interface language: the switch on every page, the cookie that remembers a visitor's choice, the names."""

# The cookie that keeps a visitor's chosen language lives beside the locale selector that reads it.
from eventsys.extensions import LANGUAGE_COOKIE  # noqa: F401

#: Each interface language named in itself, as the switch and the account page offer it. A new language needs a
#: name here, a catalog in eventsys/translations/ and its code in EVENTSYS_LANGUAGES (README, "Languages").
LANGUAGE_NAMES = {"en": "English", "ja": "日本語", "es": "Español"}


def language_choices(languages: list[str]) -> list[tuple[str, str]]:
    """The configured languages as (code, name in itself)."""
    return [(code, LANGUAGE_NAMES.get(code, code)) for code in languages]
