"""Rendering badges to PDF and reading them back: text in every script, embedded fonts, QR codes, layouts."""

from __future__ import annotations

import io
import math

import pytest
from pypdf import PdfReader
from reportlab.lib.units import mm

from eventsys.services.badges.fonts import missing_glyphs
from eventsys.services.badges.layouts import LAYOUTS
from eventsys.services.badges.render import BadgeFace, FairHeading, fit_size, name_lines, render_badges
from eventsys.services.badges.shaping import shape_line
from eventsys.services.badges.tokens import make_token, read_token
from tests.badges_factories import NAMES, pdf_text, raster_pages, read_qr_codes

SECRET = "render-test-secret"
HEADING = FairHeading("SusHi Tech Tokyo 2027", "12–14 May 2027 · Tokyo Big Sight")
ROLES = ["exhibitor", "investor", "partner", "organizer", "press", "visitor"]


def faces(count: int) -> list[BadgeFace]:
    result = []
    for index in range(count):
        name, local = NAMES[index % len(NAMES)]
        result.append(
            BadgeFace(
                ROLES[index % len(ROLES)],
                name,
                local,
                f"Company {index}",
                "Japan",
                make_token(f"serial{index:05d}", SECRET),
            )
        )
    return result


def test_token_round_trip_and_every_single_character_change_is_refused():
    token = make_token("AbCdEfGhIjKl", SECRET)
    assert read_token(token, SECRET) == "AbCdEfGhIjKl"
    assert len(token) <= 32 and "AbCdEfGhIjKl" in token
    for position, char in enumerate(token):
        altered = token[:position] + ("A" if char != "A" else "B") + token[position + 1 :]
        assert read_token(altered, SECRET) is None, altered
    assert read_token(token, "another-secret") is None
    for junk in ("", "1..", "x" * 500, "2" + token[1:], "12345"):
        assert read_token(junk, SECRET) is None


@pytest.mark.parametrize("key", list(LAYOUTS))
def test_every_name_in_every_script_is_extracted_from_the_pdf(key):
    pdf = render_badges(faces(len(NAMES)), HEADING, LAYOUTS[key])
    text = pdf_text(pdf)
    for name, local in NAMES:
        assert "".join(name.split()) in text
        if local:
            assert "".join(local.split()) in text
    assert "SusHiTechTokyo2027" in text


def test_fonts_are_embedded_subsets():
    reader = PdfReader(io.BytesIO(render_badges(faces(5), HEADING, LAYOUTS["single"])))
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            fonts[font.get_object()["/BaseFont"]] = font.get_object()
        for xobject in page["/Resources"].get("/XObject", {}).values():
            for font in xobject.get_object().get("/Resources", {}).get("/Font", {}).values():
                fonts[font.get_object()["/BaseFont"]] = font.get_object()
    assert fonts
    for name, font in fonts.items():
        descriptor = font["/FontDescriptor"]
        assert "/FontFile2" in descriptor, f"{name} is not embedded"
        assert "+" in name, f"{name} is not a subset"


@pytest.mark.parametrize("key", ["a4-8up", "label-90x54", "single"])
def test_qr_codes_decode_at_300_dpi_inside_their_badges(key, tmp_path):
    layout = LAYOUTS[key]
    badges = faces(layout.per_page + 1)  # one more than a sheet: the last, nearly empty sheet must be printed
    pdf = render_badges(badges, HEADING, layout)
    pages = raster_pages(pdf, tmp_path)
    assert len(pages) == math.ceil(len(badges) / layout.per_page)
    decoded = []
    scale = 300 / 72
    for page_number, png in enumerate(pages):
        for code in read_qr_codes(png):
            decoded.append(code.text)
            assert code.ec_level in ("M", "Q", "H")
            index = badges.index(next(f for f in badges if f.token == code.text))
            assert index // layout.per_page == page_number
            x, y = layout.slots()[index % layout.per_page]
            left, top = x * scale, (layout.page_height - y - layout.badge_height) * scale
            right, bottom = left + layout.badge_width * scale, top + layout.badge_height * scale
            for point in (code.position.top_left, code.position.bottom_right):
                assert left < point.x < right and top < point.y < bottom
    assert sorted(decoded) == sorted(face.token for face in badges)
    assert all(read_token(token, SECRET) for token in decoded)


@pytest.mark.parametrize("key", list(LAYOUTS))
def test_badges_lie_inside_the_page_margins_without_overlapping(key):
    layout = LAYOUTS[key]
    slots = layout.slots()
    assert len(slots) == layout.per_page
    sheet = layout.per_page > 1
    for x, y in slots:
        assert x >= (4 * mm if sheet else 0) - 0.01 and y >= (4 * mm if sheet else 0) - 0.01
        assert x + layout.badge_width <= layout.page_width - (4 * mm if sheet else 0) + 0.01
        assert y + layout.badge_height <= layout.page_height - (4 * mm if sheet else 0) + 0.01
    for i, (x1, y1) in enumerate(slots):
        for x2, y2 in slots[i + 1 :]:
            apart_x = x1 + layout.badge_width <= x2 + 0.01 or x2 + layout.badge_width <= x1 + 0.01
            apart_y = y1 + layout.badge_height <= y2 + 0.01 or y2 + layout.badge_height <= y1 + 0.01
            assert apart_x or apart_y


@pytest.mark.parametrize("key", ["a4-8up", "label-90x54", "a4-4up"])
def test_nothing_is_printed_in_the_outer_margin_of_a_sheet(key, tmp_path):
    from PIL import Image

    pdf = render_badges(faces(3), HEADING, LAYOUTS[key])
    (png,) = raster_pages(pdf, tmp_path, dpi=100)
    with Image.open(png) as image:
        edge = round(3 * mm / 72 * 100)
        width, height = image.size
        for box in (
            (0, 0, width, edge),
            (0, height - edge, width, height),
            (0, 0, edge, height),
            (width - edge, 0, width, height),
        ):
            assert image.convert("L").crop(box).getextrema()[0] > 200, f"ink in the margin {box}"


def test_a_long_name_shrinks_or_wraps_but_is_never_cut():
    name = "Hubert Blaine Wolfeschlegelsteinhausenbergerdorff Senior"
    lines = name_lines(True, name, 150, 24)
    assert " ".join(text for text, _ in lines) == name
    for text, size in lines:
        assert shape_line(text, True).width(size) <= 150.01
    assert fit_size(True, "Ali", 150, 24) == 24
    pdf = render_badges(
        [BadgeFace("visitor", name, None, None, None, make_token("longname01", SECRET))],
        HEADING,
        LAYOUTS["label-90x54"],
    )
    assert "".join(name.split()) in pdf_text(pdf)


def test_characters_the_fonts_lack_are_reported():
    assert missing_glyphs("Taro Yamada 山田 太郎 김민준 张伟 Zoë") == []
    assert missing_glyphs("Ankh 𓋹 here") == ["𓋹"]


def test_an_empty_run_still_gives_a_valid_pdf():
    reader = PdfReader(io.BytesIO(render_badges([], HEADING, LAYOUTS["a4-8up"])))
    assert len(reader.pages) == 1


def test_repeated_parts_are_drawn_once_as_forms():
    pdf = render_badges(faces(60), HEADING, LAYOUTS["a4-8up"])
    reader = PdfReader(io.BytesIO(pdf))
    forms = set()
    for page in reader.pages:
        forms.update(page["/Resources"]["/XObject"].keys())
    # One form per role plus the crop marks, shared by all eight pages.
    assert len(forms) == len(ROLES) + 1
