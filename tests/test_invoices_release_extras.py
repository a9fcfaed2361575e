"""An unpaid invoice of extras ordered after the booth's invoice is released after the grace period: its orders are
cancelled (their units back to the stock), it is credited, and the startup and the fair's organizers are told once
the release commits, each in their language (read from the real outbox, the credit note's PDF by pdftotext). The
booth, paid for, stands."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from eventsys.models import BookingStatus, DocumentKind, Invoice, MemberRole, Membership, OrderStatus, User
from eventsys.services.extras import orders
from eventsys.services.invoices import payments, release
from tests.booth_factories import approved_startup
from tests.conftest import create_user
from tests.extras_factories import create_extra
from tests.invoice_factories import confirmed_booking, create_issuer, finance_user
from tests.test_invoice_confirmation_mail import pdf_text, sent_mails


@pytest.fixture(autouse=True)
def _app_context(app):
    with app.app_context():
        yield


@pytest.fixture
def unpaid_extras(db, fair, organizer):
    """A paid booth whose startup (owner reads Japanese, a member Spanish) ordered 2 of 5 power units later."""
    create_issuer(db, fair, deposit_percent=50, deposit_due_days=14, grace_days=7)
    owner = approved_startup(db, fair, locale="ja")
    member = create_user(db, locale="es")
    db.add(Membership(user=member, organization=owner.organization, role=MemberRole.MEMBER))
    record = confirmed_booking(db, fair, fair.halls[0].booths[0], user=owner)
    booth_invoice = db.scalar(select(Invoice).where(Invoice.booking_id == record.id))
    payments.record_payment(
        db,
        booth_invoice,
        paid_on=date.today(),
        amount_jpy=booth_invoice.total_jpy,
        method="card",
        reference="",
        actor=organizer,
    )
    power = create_extra(db, fair, stock=5)
    order = orders.place_order(db, record, power, 2, actor=owner, organization=owner.organization)
    extras_invoice = db.scalar(select(Invoice).where(Invoice.booking_id == record.id, Invoice.extras_only))
    return record, booth_invoice, extras_invoice, order, power, member


def _after_grace(invoice: Invoice) -> date:
    return invoice.deposit_due_on + timedelta(days=8)


def test_released_after_the_grace_period_the_booth_stands(db, fair, unpaid_extras):
    record, booth_invoice, extras_invoice, order, power, _ = unpaid_extras
    assert power.sold == 2
    assert not release.release_unpaid(db, fair, extras_invoice.deposit_due_on + timedelta(days=7)), "in grace"
    released = release.release_unpaid(db, fair, _after_grace(extras_invoice))
    assert released.extras_invoices == [extras_invoice] and released.bookings == []
    assert order.status == OrderStatus.CANCELLED and order.cancelled_at is not None
    assert power.sold == 0, "the units are back in stock"
    note = db.scalar(select(Invoice).where(Invoice.original_id == extras_invoice.id))
    assert note.kind == DocumentKind.CREDIT_NOTE and note.total_jpy == -extras_invoice.total_jpy
    assert note.reason == release.REASON
    assert record.status == BookingStatus.CONFIRMED
    (standing,) = payments.standings(db, [booth_invoice], _after_grace(extras_invoice))
    assert standing.state == payments.PaymentState.PAID, "the paid booth invoice is not credited"
    assert not release.release_unpaid(db, fair, _after_grace(extras_invoice) + timedelta(days=1)), "only once"


def test_a_paid_invoice_of_extras_keeps_its_orders(db, fair, unpaid_extras, organizer):
    _, _, extras_invoice, order, power, _ = unpaid_extras
    payments.record_payment(
        db,
        extras_invoice,
        paid_on=date.today(),
        amount_jpy=extras_invoice.total_jpy,
        method="bank_transfer",
        reference="",
        actor=organizer,
    )
    assert not release.release_unpaid(db, fair, _after_grace(extras_invoice) + timedelta(days=400))
    assert order.status == OrderStatus.ORDERED and power.sold == 2


def test_an_extended_due_date_holds_the_release(db, fair, unpaid_extras, organizer):
    from eventsys.models import DuePart
    from eventsys.services.invoices import due_dates

    _, _, extras_invoice, order, _, _ = unpaid_extras
    late = _after_grace(extras_invoice)
    due_dates.extend_due_date(
        db,
        extras_invoice,
        DuePart.DEPOSIT,
        late + timedelta(days=30),
        reason="Pays next month",
        actor=organizer,
        today=late - timedelta(days=1),
    )
    assert not release.release_unpaid(db, fair, late)
    assert order.status == OrderStatus.ORDERED


def test_the_startup_and_the_organizers_are_told_after_the_commit_in_their_language(
    db, fair, unpaid_extras, organizer, organizer_organization, outbox
):
    record, _, extras_invoice, _, _, member = unpaid_extras
    organizer.locale = "ja"
    finance = finance_user(db, fair, organizer_organization)
    finance.locale = "es"
    db.commit()
    for old in outbox.glob("*.eml"):
        old.unlink()
    release.release_unpaid(db, fair, _after_grace(extras_invoice))
    assert sent_mails(outbox) == {}, "nothing is sent before the commit"
    db.commit()
    mails = sent_mails(outbox)
    owner = db.get(User, record.created_by_id)
    (to_owner,) = mails[owner.email]
    assert to_owner["Subject"].startswith("ブース A01 の未払いのオプションは取り消されました")
    assert "CN-000003" in to_owner["Subject"] and "CN-000003" in pdf_text(to_owner)
    assert "未払い / Unpaid after the grace period" in to_owner.get_body(("plain",)).get_content()
    (to_member,) = mails[member.email]
    assert to_member["Subject"].startswith("Se cancelaron los extras impagados del stand A01")
    (to_finance,) = mails[finance.email]
    assert to_finance["Subject"] == "Liberado por falta de pago en Test Fair: 0 reserva(s), 1 factura(s) de extras"
    assert "INV-000002" in to_finance.get_body(("plain",)).get_content()
    (to_organizer,) = mails[organizer.email]
    assert to_organizer["Subject"].startswith("Test Fair で未払いのため解除")


def test_the_command_counts_released_extras(db, fair, unpaid_extras, runner):
    result = runner.invoke(args=["invoices", "release-unpaid", "--fair", fair.slug])
    assert result.exit_code == 0 and "0 unpaid invoice(s) of extras" in result.output
