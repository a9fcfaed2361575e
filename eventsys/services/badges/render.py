"""Drawing badges into a PDF: what every badge of a role shares is drawn once as a Form XObject."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import segno
from reportlab.lib.colors import HexColor, white
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfdoc import PDFName, PDFString
from reportlab.pdfgen.canvas import Canvas

from eventsys.services.badges.fonts import family
from eventsys.services.badges.layouts import PRINTER_MARGIN, Layout
from eventsys.services.badges.shaping import shape_line

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
#: Height of the typed code under the QR code, as a share of the code's side.
CODE_SHARE = 0.12
#: Below this share of its size a line wraps at spaces instead of shrinking further.
SMALLEST_SHARE = 0.6


@dataclass(frozen=True)
class FairHeading:
    """What every badge of a fair shows at its top."""

    name: str
    dates: str


@dataclass(frozen=True)
class BadgeFace:
    """What one badge shows; `token` is the signed text of its QR code, `code` the short form printed under it."""

    role: str
    name: str
    name_local: str | None
    organization: str | None
    country: str | None
    token: str
    code: str = ""
    #: The role's band label, when it differs from ROLE_STYLES' (a holder who reads another language: printing.py).
    role_label: str = ""


@dataclass(frozen=True)
class _Frame:
    """Where the parts of a badge go, in points from the lower-left corner of its drawn area."""

    band: float
    header: float
    qr_x: float
    qr_y: float
    qr_side: float
    code_height: float
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
            side = min(content / (1 + CODE_SHARE), width * 0.4)
            text_width, text_height = width - 3 * PADDING - side, content
        else:  # portrait: the code at the bottom right, text above it
            side = min(width * 0.5, content * 0.45 / (1 + CODE_SHARE))
            text_width, text_height = width - 2 * PADDING, content - side * (1 + CODE_SHARE) - PADDING
        code = side * CODE_SHARE
        return cls(
            band, header, width - PADDING - side, band + PADDING + code, side, code, PADDING,
            height - header - PADDING, text_width, text_height,
        )  # fmt: skip


def render_badges(
    faces: Iterable[BadgeFace],
    fair: FairHeading,
    layout: Layout,
    *,
    total: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    title: str = "Badges",
    print_on_open: bool = False,
) -> bytes:
    """A PDF of the badges, `layout.per_page` to a page; the last page is printed however full it is.
    `print_on_open` (a desk's badge): the viewer opens the print dialog, at full size (_ask_to_print)."""
    buffer = io.BytesIO()
    # The initial font would otherwise be Helvetica, which is not embedded.
    canvas = Canvas(
        buffer, pagesize=(layout.page_width, layout.page_height), pageCompression=1, initialFontName=family().names[0]
    )
    canvas.setTitle(title)
    canvas.setCreator("eventsys")
    if print_on_open:
        _ask_to_print(canvas)
    frame = _Frame.of(layout.badge_width - 2 * layout.inset_x, layout.badge_height - 2 * layout.inset_y)
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
        _draw_badge(canvas, shared, frame, face, x + layout.inset_x, y + layout.inset_y)
        if progress is not None and (done % 50 == 0 or done == total):
            progress(done, total or done)
    if done == 0:
        shared.draw_page()
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _ask_to_print(canvas: Canvas) -> None:
    """Open the print dialog when the PDF opens (Acrobat, Chrome's and Firefox's viewers run this one call), and
    print at full size: a viewer that fits the page to a label printer's margins shrinks the QR code."""
    canvas.setViewerPreference("PrintScaling", PDFName("None"))
    canvas.setCatalogEntry("OpenAction", {"S": PDFName("JavaScript"), "JS": PDFString("this.print();")})


class _SharedParts:
    """Form XObjects made on first use: one per role and label (band, label, fair heading) and one for crop marks."""

    def __init__(self, canvas: Canvas, fair: FairHeading, layout: Layout, frame: _Frame):
        self.canvas, self.fair, self.layout, self.frame = canvas, fair, layout, frame
        self.made: set[str] = set()
        self.labels: dict[tuple[str, str], str] = {}

    def draw_page(self) -> None:
        if not self.layout.crop_marks:
            return
        if "crop" not in self.made:
            self.canvas.beginForm("crop")
            _draw_crop_marks(self.canvas, self.layout)
            self.canvas.endForm()
            self.made.add("crop")
        self.canvas.doForm("crop")

    def role_form(self, role: str, label: str = "") -> str:
        label = label or ROLE_STYLES[role][1]
        name = self.labels.setdefault((role, label), f"role-{role}-{len(self.labels)}")
        if name not in self.made:
            width, height = (
                self.layout.badge_width - 2 * self.layout.inset_x,
                self.layout.badge_height - 2 * self.layout.inset_y,
            )
            self.canvas.beginForm(name, lowerx=0, lowery=0, upperx=width, uppery=height)
            self._draw_role(role, label, width, height)
            self.canvas.endForm()
            self.made.add(name)
        return name

    def _draw_role(self, role: str, label: str, width: float, height: float) -> None:
        canvas, frame = self.canvas, self.frame
        colour = ROLE_STYLES[role][0]
        canvas.setStrokeColor(HexColor("#ced4da"))
        canvas.setLineWidth(0.3)
        canvas.rect(0, 0, width, height, stroke=1, fill=0)
        canvas.setFillColor(HexColor(colour))
        canvas.rect(0, 0, width, frame.band, stroke=0, fill=1)
        canvas.setFillColor(white)
        band = Block(PADDING, frame.band * 0.8, width - 2 * PADDING, frame.band * 0.6, centre=True)
        band.draw(canvas, [(True, label, frame.band * 0.5)])
        canvas.setFillColor(HexColor("#212529"))
        heading = Block(PADDING, height - PADDING, width - 2 * PADDING, frame.header - PADDING)
        heading.draw(
            canvas, [(True, self.fair.name, frame.header * 0.42), (False, self.fair.dates, frame.header * 0.3)]
        )


def _draw_badge(canvas: Canvas, shared: _SharedParts, frame: _Frame, face: BadgeFace, x: float, y: float) -> None:
    canvas.saveState()
    canvas.translate(x, y)
    canvas.doForm(shared.role_form(face.role, face.role_label))
    _draw_person(canvas, frame, face)
    _draw_qr(canvas, face.token, frame.qr_x, frame.qr_y, frame.qr_side)
    code = Block(frame.qr_x, frame.qr_y, frame.qr_side, frame.code_height, centre=True)
    code.draw(canvas, [(True, face.code or face.token, frame.code_height * 0.8)])
    canvas.restoreState()


def _draw_person(canvas: Canvas, frame: _Frame, face: BadgeFace) -> None:
    """Name large, then local name, organization, country: each shrinks, then wraps, never cut."""
    unit = frame.text_width
    specs = [(True, face.name, min(unit * 0.14, frame.text_height * 0.3))]
    for bold, text, share in (
        (True, face.name_local, 0.1),
        (False, face.organization, 0.075),
        (False, face.country, 0.06),
    ):
        if text:
            specs.append((bold, text, min(unit * share, frame.text_height * 0.2)))
    canvas.setFillColor(HexColor("#000000"))
    Block(frame.text_x, frame.text_top, frame.text_width, frame.text_height).draw(canvas, specs)


@dataclass(frozen=True)
class Block:
    """A box of lines from `top` down: each line shrinks to fit `width`, then wraps; all shrink to fit `height`."""

    x: float
    top: float
    width: float
    height: float
    centre: bool = False

    def draw(self, canvas: Canvas, specs: list[tuple[bool, str, float]]) -> None:
        lines = [(bold, *line) for bold, text, largest in specs for line in fit_lines(bold, text, self.width, largest)]
        needed = sum(size * 1.25 for _, _, size in lines)
        scale = min(1.0, self.height / needed) if needed else 1.0
        y = self.top
        for bold, text, size in lines:
            size *= scale
            y -= size * 1.05
            draw_text(canvas, bold, text, self.x, y, size, self.width, self.centre)
            y -= size * 0.2


def fit_lines(bold: bool, text: str, width: float, largest: float) -> list[tuple[str, float]]:
    """`text` on one line, shrunk to fit `width`; wrapped at spaces when that line would be too small to read."""
    size = fit_size(bold, text, width, largest)
    words = text.split()
    if size >= largest * SMALLEST_SHARE or len(words) < 2:
        return [(text, size)]
    smallest = largest * SMALLEST_SHARE
    lines = [words[0]]
    for word in words[1:]:
        joined = f"{lines[-1]} {word}"
        if shape_line(joined, bold).width(smallest) <= width:
            lines[-1] = joined
        else:
            lines.append(word)
    if len(lines) == 1:
        return [(text, size)]
    size = min(fit_size(bold, line, width, largest * 0.8) for line in lines)
    return [(line, size) for line in lines]


def name_lines(bold: bool, name: str, width: float, largest: float) -> list[tuple[str, float]]:
    """The name on one line, or wrapped at spaces when one line would be too small to read."""
    return fit_lines(bold, name, width, largest)


def fit_size(bold: bool, text: str, width: float, largest: float) -> float:
    """The largest size up to `largest` at which `text` fits into `width`."""
    natural = shape_line(text, bold).width(largest)
    return largest if natural <= width else largest * width / natural


def draw_text(
    canvas: Canvas, bold: bool, text: str, x: float, y: float, size: float, width: float = 0, centre: bool = False
) -> None:
    """Shaped runs in visual order; a right-to-left line keeps to the right of `width`, a centred one to its middle."""
    line = shape_line(text, bold)
    spare = max(0.0, width - line.width(size))
    x += spare / 2 if centre else spare if line.rtl else 0
    obj = canvas.beginText(x, y)
    for run in line.runs:
        obj.setFont(run.font, size)
        obj.textOut(run.text)
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
