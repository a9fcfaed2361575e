"""English left on a page in another language: the text a person reads (text nodes, and the labels, placeholders,
titles and alternative texts of elements) that is exactly an English message of the catalogs whose translation
differs, i.e. a string the app can translate but showed in English (evaluated too early, outside gettext, or a
value shown raw where its label belongs). Found in the HTML, without a browser."""

from __future__ import annotations

import re
from functools import lru_cache
from html.parser import HTMLParser

from babel.messages.pofile import read_po

from eventsys.language import LANGUAGE_NAMES
from eventsys.paths import ROOT

#: Attributes whose text a person reads or hears.
READ_ATTRIBUTES = ("aria-label", "placeholder", "title", "alt")
_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"[A-Za-z]{2,}")
_PLACEHOLDER = re.compile(r"%\(\w+\)[sdrf]|%[sdrf]|\{\w*\}")


def _normal(text: str) -> str:
    return _SPACE.sub(" ", text).strip().rstrip(":：…").strip()


@lru_cache(maxsize=4)
def english_messages(language: str) -> frozenset[str]:
    """The English messages that `language` translates to something else, as a page would show them."""
    path = ROOT / "eventsys" / "translations" / language / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as file:
        catalog = read_po(file)
    found = set()
    for message in catalog:
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for english in ids:
            text = _normal(english or "")
            if text and _WORD.search(text) and not _PLACEHOLDER.search(text) and text not in strings:
                found.add(text)
    return frozenset(found)


#: Elements whose text is not read as the page's language.
_UNREAD = ("script", "style", "template", "kbd", "code")


class _ReadText(HTMLParser):
    def __init__(self, language: str):
        super().__init__(convert_charrefs=True)
        self.language = language
        self.texts: list[str] = []
        self._hidden = 0  # inside <script>, <style>, <template>, <kbd> or <code>
        self._foreign: list = []  # [tag, depth] of an element in another language, while inside it

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if self._foreign and tag == self._foreign[0]:
            self._foreign[1] += 1
        elif not self._foreign and values.get("lang") and not values["lang"].startswith(self.language):
            self._foreign = [tag, 1]
        if tag in _UNREAD:
            self._hidden += 1
        if tag == "option" and values.get("value") in LANGUAGE_NAMES:  # a language named in itself
            self._foreign = [tag, 1]
        if self._foreign:
            return
        self.texts.extend(values[name] for name in READ_ATTRIBUTES if values.get(name))
        if tag == "input" and values.get("type") in ("submit", "button") and values.get("value"):
            self.texts.append(values["value"])

    def handle_endtag(self, tag):
        if tag in _UNREAD and self._hidden:
            self._hidden -= 1
        if self._foreign and tag == self._foreign[0]:
            self._foreign[1] -= 1
            if not self._foreign[1]:
                self._foreign = []

    def handle_data(self, data):
        if not self._hidden and not self._foreign:
            self.texts.append(data)


def english_left(html: str, language: str) -> list[str]:
    """The texts of `html` that are English messages `language` translates."""
    parser = _ReadText(language)
    parser.feed(html)
    parser.close()
    messages = english_messages(language)
    return sorted({text for text in map(_normal, parser.texts) if text in messages})
