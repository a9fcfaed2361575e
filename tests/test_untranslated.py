"""The finder of English left on translated pages: it finds what the catalog translates, and only that."""

from __future__ import annotations

from tests.untranslated import english_left


def test_it_finds_translatable_english_in_text_and_read_attributes():
    html = """<html lang="ja"><body><button>Delete</button><input placeholder="Search">
        <img alt="Save"><p>山田 Robotics</p><script>var x = "Delete";</script></body></html>"""
    assert english_left(html, "ja") == ["Delete", "Save", "Search"]


def test_it_leaves_out_other_languages_key_caps_and_translated_text():
    html = """<html lang="ja"><body><select><option lang="en">English</option><option lang="ja">日本語</option>
        </select><dl><dt><kbd>Delete</kbd></dt><dd>削除</dd></dl><p>Sakura Robotics</p></body></html>"""
    assert english_left(html, "ja") == []
    assert english_left("<p>English</p>", "ja") == ["English"]


def test_a_language_choice_named_in_itself_is_not_english_left():
    html = '<select><option value="en">English</option><option value="x">English</option></select>'
    assert english_left(html, "es") == ["English"]
