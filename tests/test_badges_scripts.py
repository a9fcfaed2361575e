"""Names in every script print shaped and in reading order; every line fits; nothing is drawn near the paper edge."""

from __future__ import annotations

import pytest
import uharfbuzz
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics

from eventsys.services.badges.fonts import missing_glyphs
from eventsys.services.badges.layouts import LAYOUTS
from eventsys.services.badges.render import BadgeFace, FairHeading, _Frame, fit_lines, render_badges
from eventsys.services.badges.shaping import FEATURES, shape_line
from eventsys.services.badges.tokens import make_token
from tests.badges_factories import pdf_text, raster_pages
from tests.conftest import signup_link
from tests.test_auth_views import SIGNUP

SECRET = "scripts-test-secret"
VENUE = "12–14 May 2027 · Tokyo Big Sight (East Exhibition Hall)"
HEADING = FairHeading("SusHi Tech Tokyo 2027", VENUE)
#: (script, name, font the name is set in)
SCRIPT_NAMES = [
    ("Arabic", "محمد علي", "EventsysArabicBold"),
    ("Hebrew", "דוד כהן", "EventsysHebrewBold"),
    ("Thai", "สมชาย ใจดี", "EventsysThaiBold"),
    ("Devanagari", "राम शर्मा", "EventsysDevanagariBold"),
    ("Bengali", "রবীন্দ্রনাথ ঠাকুর", "EventsysBengaliBold"),
    ("Tamil", "முத்துசாமி", "EventsysTamilBold"),
    ("Sinhala", "ශ්‍රී ලංකා", "EventsysSinhalaBold"),
    ("Khmer", "សុខ ចាន់", "EventsysKhmerBold"),
    ("Ethiopic", "አበበ ቢቂላ", "EventsysEthiopicBold"),
    ("Korean", "김민준", "EventsysCJK"),
    ("Japanese", "山田 太郎", "EventsysCJK"),
    ("Vietnamese", "Nguyễn Văn An", "EventsysLatinBold"),
    ("Cyrillic", "Анна Петрова", "EventsysLatinBold"),
    ("Greek", "Γιώργος Παπαδόπουλος", "EventsysLatinBold"),
    ("Georgian", "გიორგი ბერიძე", "EventsysLatinBold"),
    ("Armenian", "Արամ Խաչատրյան", "EventsysLatinBold"),
]


def _harfbuzz_glyphs(font_name: str, text: str) -> list[int]:
    """Glyph ids HarfBuzz itself gives `text` in the font, in visual order."""
    font = uharfbuzz.Font(pdfmetrics.getFont(font_name).hbFace)
    buffer = uharfbuzz.Buffer()
    buffer.add_str(text)
    buffer.guess_segment_properties()
    uharfbuzz.shape(font, buffer, FEATURES)
    return [info.codepoint for info in buffer.glyph_infos]


def _drawn_glyphs(font_name: str, text: str) -> list[int]:
    face = pdfmetrics.getFont(font_name).face
    return [face.charToGlyph[ord(char)] for char in text]


@pytest.mark.parametrize(("script", "name", "font"), SCRIPT_NAMES, ids=[s for s, _, _ in SCRIPT_NAMES])
def test_a_name_in_each_script_is_drawn_as_harfbuzz_shapes_it(script, name, font):
    assert missing_glyphs(name) == []
    line = shape_line(name, bold=True)
    (run,) = line.runs
    assert run.font == font
    assert _drawn_glyphs(font, run.text) == _harfbuzz_glyphs(font, name)
    assert 0 not in _drawn_glyphs(font, run.text)  # no .notdef box
    pdf = render_badges(
        [BadgeFace("visitor", "Guest", name, None, None, make_token("script01", SECRET))], HEADING, LAYOUTS["single"]
    )
    # The PDF's text maps back through its ToUnicode table to the glyphs drawn (pypdf reads RTL in reading order).
    drawn = "".join(run.text.split())
    assert (drawn[::-1] if line.rtl else drawn) in pdf_text(pdf)


def test_right_to_left_runs_are_reversed_and_mixed_names_read_in_order():
    hebrew = shape_line("דוד כהן", bold=True)
    assert hebrew.rtl and str(hebrew.runs[0].text) == "ןהכ דוד"
    mixed = shape_line("محمد Ali", bold=True)
    # An Arabic-first line reads right to left: "Ali" is drawn first (leftmost), the joined Arabic after it.
    assert mixed.rtl and [run.font for run in mixed.runs] == ["EventsysLatinBold", "EventsysArabicBold"]
    assert str(mixed.runs[0].text) == "Ali"
    latin_first = shape_line("Ali محمد", bold=True)
    assert not latin_first.rtl and str(latin_first.runs[0].text) == "Ali "
    joined = shape_line("علي", bold=True).runs[0].text
    assert all(0xFE70 <= ord(char) <= 0xFEFF for char in joined)  # presentation (joined) forms, not isolated letters


def test_an_unsupported_character_is_the_control_that_shows_a_box():
    assert missing_glyphs("Ankh 𓋹") == ["𓋹"]
    (run,) = shape_line("𓋹").runs
    assert 0 in [glyph for glyph in _harfbuzz_glyphs(run.font, "𓋹")]


@pytest.mark.parametrize("key", list(LAYOUTS))
def test_the_venue_line_and_every_heading_line_fit_their_width(key):
    layout = LAYOUTS[key]
    frame = _Frame.of(layout.badge_width - 2 * layout.inset_x, layout.badge_height - 2 * layout.inset_y)
    width = layout.badge_width - 2 * layout.inset_x - 8 * mm
    lines = fit_lines(False, VENUE, width, frame.header * 0.3)
    assert " ".join(text for text, _ in lines) == VENUE
    for text, size in lines:
        assert shape_line(text).width(size) <= width + 0.01
    token = make_token("venue0001", SECRET)
    text = pdf_text(render_badges([BadgeFace("press", "Ana", None, None, None, token)], HEADING, layout))
    assert "".join(VENUE.split()) in text
    assert token in text  # the code a desk can type, under the QR


@pytest.mark.parametrize("key", list(LAYOUTS))
def test_nothing_is_drawn_within_3_mm_of_the_paper_edge(key, tmp_path):
    from PIL import Image

    layout = LAYOUTS[key]
    faces = [
        BadgeFace(role, "Taro Yamada", None, "Acme", None, make_token(f"edge{role}01", SECRET))
        for role in ("press", "exhibitor", "investor")
    ]
    (png, *_) = raster_pages(render_badges(faces, HEADING, layout), tmp_path, dpi=100)
    with Image.open(png) as image:
        grey = image.convert("L")
        edge = round(3 * mm / 72 * 100)
        width, height = grey.size
        for box in (
            (0, 0, width, edge),
            (0, height - edge, width, height),
            (0, 0, edge, height),
            (width - edge, 0, width, height),
        ):
            assert grey.crop(box).getextrema()[0] >= 250, f"ink within 3 mm of the edge at {box}"


def test_sign_up_refuses_a_name_the_fonts_cannot_print(client, db):
    response = client.post(signup_link("sato@example.com"), data={**SIGNUP, "name_local": "佐藤 𓀀"})
    assert response.status_code == 422
    assert "The badge fonts cannot print 𓀀." in response.get_data(as_text=True)
    response = client.post(signup_link("sato@example.com"), data={**SIGNUP, "name_local": "สมชาย ใจดี"})
    assert response.status_code == 302
