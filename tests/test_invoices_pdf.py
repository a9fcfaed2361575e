"""Invoice and credit note PDFs: what a qualified invoice must name, read back from the PDF, and embedded fonts."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from eventsys.services.invoices import issuing, tax
from eventsys.services.invoices.render import render_invoice
from tests.badges_factories import pdf_text
from tests.booth_factories import approved_startup
from tests.invoice_factories import REGISTRATION, create_issuer


@pytest.fixture(autouse=True)
def _app_context(app):
    with app.app_context():
        yield


@pytest.fixture
def invoice(db, fair):
    from eventsys.services.booths import booking

    create_issuer(db, fair)
    user = approved_startup(db, fair)
    held = booking.hold_booth(db, fair.halls[0].booths[0], user.organization, actor=user)
    held.status, held.billing_name = held.status.CONFIRMED, "محمد 김민준 株式会社サンプル"
    held.confirmed_at = held.held_until
    catering = tax.Line("軽食 / Catering", 3, 1_111, 8)
    return issuing.issue_for_booking(db, held, extra=[catering])


def test_the_pdf_names_everything_a_qualified_invoice_must(invoice):
    text = pdf_text(render_invoice(invoice))
    assert REGISTRATION in text
    assert "東京見本市運営株式会社" in text
    for rate in ("10%", "8%"):
        assert rate in text
    assert "¥33,000" in text and "¥266" in text, "the tax of each rate"
    assert "¥330,000" in text and "¥3,333" in text, "the amount of each rate"
    assert "김민준" in text and "株式会社サンプル" in text, "the buyer"
    assert invoice.issue_date.isoformat() in text and invoice.transaction_date.isoformat() in text
    assert "INV-000001" in text and "Booth" in text


def test_fonts_are_embedded(invoice):
    reader = PdfReader(io.BytesIO(render_invoice(invoice)))
    fonts = {
        f.get_object()["/BaseFont"]: f.get_object()
        for page in reader.pages
        for f in page["/Resources"]["/Font"].values()
    }
    assert fonts
    for name, font in fonts.items():
        descriptor = font.get("/FontDescriptor") or font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
        assert "/FontFile2" in descriptor, f"{name} is not embedded"


def test_a_credit_note_refers_to_its_original(db, invoice):
    note = issuing.credit_invoice(db, invoice, reason="キャンセル / Cancelled")
    text = pdf_text(render_invoice(note))
    assert "CN-000002" in text and "INV-000001" in text
    assert "-¥33,000" in text and "-¥266" in text and REGISTRATION in text


def test_rendering_needs_no_request(app, db, invoice):
    assert render_invoice(invoice).startswith(b"%PDF")
