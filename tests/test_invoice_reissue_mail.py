"""A price correction or a move to a cheaper booth credits the invoice and issues a new one: the credit note and the
new invoice go out as one mail per recipient with both PDFs attached, read from the real .eml files of the outbox
and the PDFs' text extracted by pdftotext."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from eventsys.models import Invoice
from eventsys.services.booths import changes
from eventsys.services.invoices import corrections
from tests.booth_factories import approved_startup
from tests.conftest import create_booth, create_booth_type
from tests.invoice_factories import confirmed_booking, create_issuer
from tests.test_invoice_confirmation_mail import sent_mails


@pytest.fixture(autouse=True)
def _app_context(app):
    with app.app_context():
        yield


def pdf_texts(message) -> dict[str, str]:
    """The text of each PDF attached to `message`, by the attachment's file name."""
    import subprocess

    found = {}
    for part in message.iter_attachments():
        if part.get_content_type() == "application/pdf":
            data = part.get_content()
            done = subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True)
            found[part.get_filename()] = done.stdout.decode()
    return found


@pytest.fixture
def booked(db, fair, outbox):
    """A confirmed booking of A01 (330,000 yen tax-included, INV-000001) by a startup whose owner reads Japanese;
    its confirmation mails already sent and cleared."""
    create_issuer(db, fair)
    owner = approved_startup(db, fair, locale="ja")
    record = confirmed_booking(db, fair, fair.halls[0].booths[0], user=owner)
    db.commit()
    for old in outbox.glob("*.eml"):
        old.unlink()
    return record, owner


def test_a_price_correction_is_one_mail_with_the_credit_note_and_the_new_invoice(db, organizer, booked, outbox):
    record, owner = booked
    invoice = db.scalar(select(Invoice).where(Invoice.booking_id == record.id))
    corrections.correct_price(db, invoice, 200_000, reason="Early-bird rate", actor=organizer)
    assert sent_mails(outbox) == {}, "nothing before the commit"
    db.commit()
    mails = sent_mails(outbox)
    (to_owner,) = mails[owner.email]
    (to_billing,) = mails["billing@example.com"]
    assert to_owner["Subject"] == "返還インボイス CN-000002 と新しい請求書 INV-000003"
    assert to_billing["Subject"] == "Credit note CN-000002 and new invoice INV-000003"
    texts = pdf_texts(to_billing)
    assert sorted(texts) == ["CN-000002.pdf", "INV-000003.pdf"]
    assert "INV-000001" in texts["CN-000002.pdf"] and "-¥363,000" in texts["CN-000002.pdf"]
    assert "¥220,000" in texts["INV-000003.pdf"]
    body = to_billing.get_body(("plain",)).get_content()
    assert "CN-000002 reverses invoice INV-000001" in body and "INV-000003" in body


def test_a_move_to_a_cheaper_booth_mails_both_documents_together(db, fair, organizer, booked, outbox):
    record, owner = booked
    cheaper = create_booth_type(db, fair, name="Corner 2×2 m", price_jpy=100_000)
    target = create_booth(db, fair.halls[0], cheaper, code="B01", x=20, y=2)
    changes.move_booking(db, record, target, actor=organizer, reason="Hall redesign")
    db.commit()
    mails = sent_mails(outbox)
    (to_owner,) = mails[owner.email]
    assert to_owner["Subject"] == "予約がブースB01に移動しました（返還インボイス CN-000002、請求書 INV-000003）"
    assert "Hall redesign" in to_owner.get_body(("plain",)).get_content()
    (message,) = mails["billing@example.com"]
    assert sorted(pdf_texts(message)) == ["CN-000002.pdf", "INV-000003.pdf"]
    assert "¥110,000" in pdf_texts(message)["INV-000003.pdf"] and "B01" in pdf_texts(message)["INV-000003.pdf"]
    assert "reverses invoice INV-000001" in message.get_body(("plain",)).get_content()


def test_a_move_to_a_booth_of_the_same_price_is_the_notice_alone(db, fair, organizer, booked, outbox):
    record, owner = booked
    changes.move_booking(db, record, fair.halls[0].booths[1], actor=organizer, reason="Swap")
    db.commit()
    mails = sent_mails(outbox)
    (to_owner,) = mails[owner.email]
    assert not pdf_texts(to_owner) and "billing@example.com" not in mails


def test_with_redis_one_job_renders_and_mails_both(app, db, organizer, booked, outbox, redis_url):
    from eventsys.services import mail
    from tests.conftest import run_jobs

    record, _ = booked
    invoice = db.scalar(select(Invoice).where(Invoice.booking_id == record.id))
    app.config.update(REDIS_URL=redis_url)
    try:
        corrections.correct_price(db, invoice, 200_000, reason="Early-bird rate", actor=organizer)
        db.commit()
        assert sent_mails(outbox) == {}, "queued, not rendered in the request"
        run_jobs(app, mail.QUEUE_NAME)
    finally:
        app.config.update(REDIS_URL=None)
    (message,) = sent_mails(outbox)["billing@example.com"]
    assert sorted(pdf_texts(message)) == ["CN-000002.pdf", "INV-000003.pdf"]
