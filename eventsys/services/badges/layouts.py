"""Badge stocks as data: a new label sheet or badge size is one more entry in LAYOUTS."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import inch, mm

#: Most office printers cannot print within about 3 mm of the paper's edge: nothing is drawn there.
PRINTER_MARGIN = 3 * mm
#: The badge's hairline outline is centred on its edge: half a millimetre more keeps all of it clear of the margin.
_OUTLINE_CLEARANCE = 0.5 * mm


@dataclass(frozen=True)
class Layout:
    """A page of `columns` × `rows` badges of one size, placed inside margins with gaps between them."""

    key: str
    label: str
    page_width: float
    page_height: float
    badge_width: float
    badge_height: float
    columns: int = 1
    rows: int = 1
    #: Gaps between neighbouring badges, in points.
    gap_x: float = 0
    gap_y: float = 0
    #: Crop marks drawn outside each badge, in the gaps and margins, for cutting.
    crop_marks: bool = False

    @property
    def per_page(self) -> int:
        return self.columns * self.rows

    @property
    def margin_x(self) -> float:
        """The left and right margin: what is left of the page width, shared equally."""
        return (self.page_width - self.columns * self.badge_width - (self.columns - 1) * self.gap_x) / 2

    @property
    def margin_y(self) -> float:
        return (self.page_height - self.rows * self.badge_height - (self.rows - 1) * self.gap_y) / 2

    @property
    def inset_x(self) -> float:
        """How far drawing keeps inside each badge so that nothing comes within PRINTER_MARGIN of the paper's edge."""
        return max(0.0, PRINTER_MARGIN + _OUTLINE_CLEARANCE - self.margin_x)

    @property
    def inset_y(self) -> float:
        return max(0.0, PRINTER_MARGIN + _OUTLINE_CLEARANCE - self.margin_y)

    def slots(self) -> list[tuple[float, float]]:
        """Lower-left corners of the badges on a page, filled row by row from the top left."""
        return [
            (
                self.margin_x + column * (self.badge_width + self.gap_x),
                self.page_height - self.margin_y - (row + 1) * self.badge_height - row * self.gap_y,
            )
            for row in range(self.rows)
            for column in range(self.columns)
        ]


A6 = (105 * mm, 148 * mm)
A7 = (74 * mm, 105 * mm)

LAYOUTS: dict[str, Layout] = {
    layout.key: layout
    for layout in (
        Layout("single", "A6 badge", *A6, *A6),
        Layout("4x3in", "4 × 3 inch badge", 4 * inch, 3 * inch, 4 * inch, 3 * inch),
        # Desk label printers (Brother QL and the like) on 62 mm continuous tape, cut at 100 mm.
        Layout("label-62mm", "62 mm continuous label, 100 mm long", 62 * mm, 100 * mm, 62 * mm, 100 * mm),
        # A4 holds 2 × 2 A6 exactly; a 4 mm margin is kept for printers that cannot print to the edge.
        Layout("a4-4up", "A4 sheet, 4 × A6", *A4, 100 * mm, 142 * mm, 2, 2, 2 * mm, 2 * mm, crop_marks=True),
        # Landscape A7 is 105 × 74 mm; trimmed to 100 × 70 mm so that 2 × 4 leave a printable margin.
        Layout("a4-8up", "A4 sheet, 8 × A7", *A4, 100 * mm, 70 * mm, 2, 4, 2 * mm, 2 * mm, crop_marks=True),
        # Durable-style 90 × 54 mm name badge inserts, 2 × 5 on A4 with a 15 mm top and bottom margin.
        Layout(
            "label-90x54", "90 × 54 mm labels, 2 × 5 on A4", *A4, 90 * mm, 54 * mm, 2, 5, 10 * mm, 0, crop_marks=True
        ),
    )
}

DEFAULT_LAYOUT = "a4-8up"
