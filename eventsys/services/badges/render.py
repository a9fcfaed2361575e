"""Drawing badges into a PDF: what every badge of a role shares is drawn once as a Form XObject."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import segno
from reportlab.lib.colors import HexColor, white
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from eventsys.services.badges.fonts import FontFamily, family
from eventsys.services.badges.layouts import PRINTER_MARGIN, Layout

#: Colour band and bilingual label of each role (BadgeRole values).
ROLE_STYLES: dict[str, tuple[str, str]] = {
    "exhibitor": ("#1c5fd6", "EXHIBITOR 出展者"),
    "investor": ("#12805c", "INVESTOR 投資家"),
    "partner": ("#7048c2", "PARTNER パートナー"),
    "organizer": ("#c92a2a", "ORGANIZER 主催者"),
    "press": ("#d9480f", "PRESS プレス"),
    "visitor": ("#495057", "VISITOR 来場者"),
}
#: QR modules of white kept around the code, as the standard asks.
QUIET_ZONE = 4
PADDING = 4 * mm


@dataclass(frozen=True)
class FairHeading:
    """What every badge of a fair shows at its top."""

    name: str
    dates: str


@dataclass(frozen=True)
class BadgeFace:
    """What one badge shows; `token` is the signed text of its QR code."""

    role: str
    name: str
    name_local: str | None
    organization: str | None
    country: str | None
    token: str


@dataclass(frozen=True)
class _Frame:
    """Where the parts of a badge go, in points from the badge's lower-left corner."""

    band: float
    header: float
    qr_x: float
    qr_y: float
    qr_side: float
    text_x: float
    text_top: float
    text_width: float
    text_height: float

    @classmethod
    def of(cls, width: float, height: float) -> _Frame:
        unit = min(width, height)
        band, header = unit * 0.14, unit * 0.16
        content = height - band - header - 2 * PADDING
        if width >= height:  # landscape: the code on the right, text beside it
            side = min(content, width * 0.4)
            return cls(
                band,
                header,
                width - PADDING - side,
                band + PADDING,
                side,
                PADDING,
                height - header - PADDING,
                width - 3 * PADDING - side,
                content,
            )
        side = min(width * 0.5, content * 0.45)  # portrait: the code at the bottom right, text above it
        return cls(
            band,
            header,
            width - PADDING - side,
            band + PADDING,
            side,
            PADDING,
            height - header - PADDING,
            width - 2 * PADDING,
            content - side - PADDING,
        )


def render_badges(
    faces: Iterable[BadgeFace],
    fair: FairHeading,
    layout: Layout,
    *,
    total: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    title: str = "Badges",
) -> bytes:
    """A PDF of the badges, `layout.per_page` to a page; the last page is printed however full it is."""
    buffer = io.BytesIO()
    regular = family()
    # The initial font would otherwise be Helvetica, which is not embedded.
    canvas = Canvas(
        buffer, pagesize=(layout.page_width, layout.page_height), pageCompression=1, initialFontName=regular.names[0]
    )
    canvas.setTitle(title)
    canvas.setCreator("eventsys")
    frame = _Frame.of(layout.badge_width, layout.badge_height)
    shared = _SharedParts(canvas, fair, layout, frame)
    slots = layout.slots()
    done = 0
    for done, face in enumerate(faces, start=1):
        slot = (done - 1) % layout.per_page
        if slot == 0 and done > 1:
            canvas.showPage()
        if slot == 0:
            shared.draw_page()
        x, y = slots[slot]
        _draw_badge(canvas, shared, frame, face, x, y)
        if progress is not None and (done % 50 == 0 or done == total):
            progress(done, total or done)
    if done == 0:
        shared.draw_page()
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


class _SharedParts:
    """Form XObjects made on first use: one per role (band, label, fair heading) and one for crop marks."""

    def __init__(self, canvas: Canvas, fair: FairHeading, layout: Layout, frame: _Frame):
        self.canvas, self.fair, self.layout, self.frame = canvas, fair, layout, frame
        self.regular, self.bold = family(), family(bold=True)
        self.made: set[str] = set()

    def draw_page(self) -> None:
        if not self.layout.crop_marks:
            return
        if "crop" not in self.made:
            self.canvas.beginForm("crop")
            _draw_crop_marks(self.canvas, self.layout)
            self.canvas.endForm()
            self.made.add("crop")
        self.canvas.doForm("crop")

    def role_form(self, role: str) -> str:
        name = f"role-{role}"
        if name not in self.made:
            width, height = self.layout.badge_width, self.layout.badge_height
            self.canvas.beginForm(name, lowerx=0, lowery=0, upperx=width, uppery=height)
            self._draw_role(role, width, height)
            self.canvas.endForm()
            self.made.add(name)
        return name

    def _draw_role(self, role: str, width: float, height: float) -> None:
        canvas, frame = self.canvas, self.frame
        colour, label = ROLE_STYLES[role]
        canvas.setStrokeColor(HexColor("#ced4da"))
        canvas.setLineWidth(0.3)
        canvas.rect(0, 0, width, height, stroke=1, fill=0)
        canvas.setFillColor(HexColor(colour))
        canvas.rect(0, 0, width, frame.band, stroke=0, fill=1)
        canvas.setFillColor(white)
        size = fit_size(self.bold, label, width - 2 * PADDING, frame.band * 0.5)
        draw_text(canvas, self.bold, label, (width - self.bold.width(label, size)) / 2, frame.band * 0.33, size)
        canvas.setFillColor(HexColor("#212529"))
        top = height - PADDING
        size = fit_size(self.bold, self.fair.name, width - 2 * PADDING, frame.header * 0.42)
        draw_text(canvas, self.bold, self.fair.name, PADDING, top - size, size)
        small = min(size * 0.8, frame.header * 0.3)
        draw_text(canvas, self.regular, self.fair.dates, PADDING, top - size - small * 1.3, small)


def _draw_badge(canvas: Canvas, shared: _SharedParts, frame: _Frame, face: BadgeFace, x: float, y: float) -> None:
    canvas.saveState()
    canvas.translate(x, y)
    canvas.doForm(shared.role_form(face.role))
    _draw_person(canvas, shared, frame, face)
    _draw_qr(canvas, face.token, frame.qr_x, frame.qr_y, frame.qr_side)
    canvas.restoreState()


def _draw_person(canvas: Canvas, shared: _SharedParts, frame: _Frame, face: BadgeFace) -> None:
    """Name large (on two lines if it must, shrunk to fit, never cut), then local name, organization, country."""
    unit = frame.text_width
    lines: list[tuple[FontFamily, str, float]] = []
    for part in name_lines(shared.bold, face.name, frame.text_width, min(unit * 0.14, frame.text_height * 0.3)):
        lines.append((shared.bold, *part))
    for font, text, share in (
        (shared.bold, face.name_local, 0.1),
        (shared.regular, face.organization, 0.075),
        (shared.regular, face.country, 0.06),
    ):
        if text:
            lines.append(
                (font, text, fit_size(font, text, frame.text_width, min(unit * share, frame.text_height * 0.2)))
            )
    needed = sum(size * 1.25 for _, _, size in lines)
    scale = min(1.0, frame.text_height / needed) if needed else 1.0
    canvas.setFillColor(HexColor("#000000"))
    y = frame.text_top
    for font, text, size in lines:
        size *= scale
        y -= size * 1.05
        draw_text(canvas, font, text, frame.text_x, y, size)
        y -= size * 0.2


def name_lines(font: FontFamily, name: str, width: float, largest: float) -> list[tuple[str, float]]:
    """The name on one line, or split at a space onto two when one line would be too small to read."""
    size = fit_size(font, name, width, largest)
    words = name.split()
    if size >= largest * 0.6 or len(words) < 2:
        return [(name, size)]
    middle = min(range(1, len(words)), key=lambda i: abs(len(" ".join(words[:i])) - len(name) / 2))
    parts = [" ".join(words[:middle]), " ".join(words[middle:])]
    size = min(fit_size(font, part, width, largest * 0.8) for part in parts)
    return [(part, size) for part in parts]


def fit_size(font: FontFamily, text: str, width: float, largest: float) -> float:
    """The largest size up to `largest` at which `text` fits into `width`."""
    natural = font.width(text, largest)
    return largest if natural <= width else largest * width / natural


def draw_text(canvas: Canvas, font: FontFamily, text: str, x: float, y: float, size: float) -> None:
    """Text set in runs, each character in the first font of the family that has it."""
    obj = canvas.beginText(x, y)
    for name, piece in font.runs(text):
        obj.setFont(name, size)
        obj.textOut(piece)
    canvas.drawText(obj)


def _draw_qr(canvas: Canvas, token: str, x: float, y: float, side: float) -> None:
    """The token as a QR code (level M or better) in vector rectangles, its quiet zone left white.

    The rectangles are written in module units under a scaling matrix: whole numbers, formatted once each,
    which makes the code of 10,000 badges cheap to write.
    """
    # A fixed mask: scoring all eight costs 2 ms a code (20 s for 10,000 badges) and any mask decodes.
    matrix = segno.make_qr(token, error="m", mode="byte", mask=2).matrix
    count = len(matrix)
    module = side / (count + 2 * QUIET_ZONE)
    rects = []
    for row_index, row in enumerate(matrix):
        row_y = count - 1 - row_index
        start = None
        for column, dark in enumerate(row + b"\x00"):
            if dark and start is None:
                start = column
            elif not dark and start is not None:
                rects.append(f"{start} {row_y} {column - start} 1 re")
                start = None
    canvas.saveState()
    canvas.translate(x + QUIET_ZONE * module, y + QUIET_ZONE * module)
    canvas.scale(module, module)
    canvas.setFillColor(HexColor("#000000"))
    canvas.addLiteral("\n".join(rects) + "\nf")
    canvas.restoreState()


def _draw_crop_marks(canvas: Canvas, layout: Layout) -> None:
    """Cut lines marked in the page margins only (never on a neighbouring badge, never where printers cannot print)."""
    canvas.setLineWidth(0.25)
    canvas.setStrokeColor(HexColor("#000000"))
    gap = 1 * mm
    xs = sorted({edge for x, _ in layout.slots() for edge in (x, x + layout.badge_width)})
    ys = sorted({edge for _, y in layout.slots() for edge in (y, y + layout.badge_height)})
    bottom, top = ys[0], ys[-1]
    left, right = xs[0], xs[-1]
    length_y = min(5 * mm, layout.margin_y - gap - PRINTER_MARGIN)
    length_x = min(5 * mm, layout.margin_x - gap - PRINTER_MARGIN)
    for edge in xs if length_y > 0 else ():
        canvas.line(edge, top + gap, edge, top + gap + length_y)
        canvas.line(edge, bottom - gap, edge, bottom - gap - length_y)
    for edge in ys if length_x > 0 else ():
        canvas.line(left - gap - length_x, edge, left - gap, edge)
        canvas.line(right + gap, edge, right + gap + length_x, edge)
