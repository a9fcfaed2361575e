"""Invoice and credit note PDFs, bilingual Japanese/English, with the badges' embedded fonts and shaping so that
names in any script print. Request-free: render_invoice(invoice) -> bytes, for views, mails and benchmarks."""

from __future__ import annotations

import io

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from eventsys.models import DocumentKind, Invoice
from eventsys.services.badges.fonts import family
from eventsys.services.badges.render import draw_text, fit_size

_LEFT = 18 * mm
_RIGHT = A4[0] - 18 * mm
_WIDTH = _RIGHT - _LEFT
_TITLES = {
    DocumentKind.INVOICE: "適格請求書 / Qualified Invoice",
    DocumentKind.CREDIT_NOTE: "適格返還請求書 / Credit Note",
}


def yen(amount: int) -> str:
    return f"¥{amount:,}" if amount >= 0 else f"-¥{-amount:,}"


def document_number(invoice: Invoice) -> str:
    prefix = "INV" if invoice.kind == DocumentKind.INVOICE else "CN"
    return f"{prefix}-{invoice.number:06d}"


class _Page:
    """A top-down writer: each call draws one line and moves down."""

    def __init__(self, canvas: Canvas):
        self.canvas, self.y = canvas, A4[1] - 20 * mm

    def line(self, text: str, size: float = 9, bold: bool = False, x: float = _LEFT, width: float = _WIDTH) -> None:
        draw_text(self.canvas, bold, text, x, self.y, fit_size(bold, text, width, size), width)
        self.y -= size * 1.6

    def row(self, cells: list[tuple[str, float, float]], size: float = 9, bold: bool = False) -> None:
        """Cells of (text, x, width) on one line."""
        for text, x, width in cells:
            draw_text(self.canvas, bold, text, x, self.y, fit_size(bold, text, width - 2 * mm, size), width)
        self.y -= size * 1.8

    def gap(self, height: float = 4 * mm) -> None:
        self.y -= height


def render_invoice(invoice: Invoice) -> bytes:
    """The invoice or credit note as a one-page A4 PDF."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, pageCompression=1, initialFontName=family().names[0])
    canvas.setTitle(document_number(invoice))
    canvas.setCreator("eventsys")
    page = _Page(canvas)
    _heading(page, invoice)
    _lines(page, invoice)
    _rates(page, invoice)
    _payment(page, invoice)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _heading(page: _Page, invoice: Invoice) -> None:
    issuer = invoice.issuer
    page.line(_TITLES[invoice.kind], 16, bold=True)
    page.line(f"番号 / No. {document_number(invoice)}")
    if invoice.original is not None:
        page.line(f"元の請求書 / Original invoice: {document_number(invoice.original)}")
    page.line(f"発行日 / Issue date: {invoice.issue_date.isoformat()}")
    page.line(f"取引日 / Transaction date: {invoice.transaction_date.isoformat()}")
    page.gap()
    page.line(f"{invoice.buyer_name} 御中 / Bill to: {invoice.buyer_name}", 11, bold=True)
    page.gap()
    page.line(f"{issuer.legal_name_local} / {issuer.legal_name}", 10, bold=True)
    page.line(issuer.address_local)
    page.line(issuer.address)
    page.line(f"登録番号 / Registration number: {issuer.registration_number}", bold=True)
    page.line(f"連絡先 / Contact: {issuer.contact}")
    if invoice.reason:
        page.line(f"理由 / Reason: {invoice.reason}")
    page.gap()


_COLUMNS = (_LEFT, _LEFT + 100 * mm, _LEFT + 115 * mm, _LEFT + 145 * mm)
_WIDTHS = (100 * mm, 15 * mm, 30 * mm, _WIDTH - 145 * mm)


def _cells(texts: list[str]) -> list[tuple[str, float, float]]:
    return list(zip(texts, _COLUMNS, _WIDTHS, strict=True))


def _lines(page: _Page, invoice: Invoice) -> None:
    page.row(_cells(["品目 / Item", "数量 / Qty", "単価 / Unit price", "税率 / Rate"]), bold=True)
    for line in invoice.lines:
        page.row(_cells([line.description, str(line.quantity), yen(line.unit_price_jpy), f"{line.rate_percent}%"]))
    page.gap()


def _rates(page: _Page, invoice: Invoice) -> None:
    page.row(_cells(["税率区分 / Tax rate", "", "対象額 / Net", "消費税 / Tax"]), bold=True)
    for rate in invoice.rates:
        page.row(
            _cells(
                [f"{rate.rate_percent}% 対象 / {rate.rate_percent}% items", "", yen(rate.net_jpy), yen(rate.tax_jpy)]
            )
        )
    page.row(_cells(["合計（税込）/ Total incl. tax", "", "", yen(invoice.total_jpy)]), 11, bold=True)
    page.gap()


def _payment(page: _Page, invoice: Invoice) -> None:
    if invoice.kind != DocumentKind.INVOICE:
        return
    issuer = invoice.issuer
    if invoice.deposit_due_on is not None:
        page.line(f"前金 / Deposit: {yen(invoice.deposit_jpy)} — 期限 / due {invoice.deposit_due_on.isoformat()}")
    balance = invoice.total_jpy - invoice.deposit_jpy
    page.line(f"残額 / Balance: {yen(balance)} — 期限 / due {invoice.balance_due_on.isoformat()}")
    page.line(f"振込先 / Bank account: {issuer.bank_account}")
    page.line(f"支払条件 / Payment terms: {issuer.payment_terms}")
