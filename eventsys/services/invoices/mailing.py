"""Issue a booking's invoice (or credit note and new invoice) and mail the PDFs to the startup when the change
commits: to its members, each in their language, and to the booking's billing contact."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from eventsys.models import BoothBooking, DocumentKind, Invoice
from eventsys.services import mail
from eventsys.services.accounts.teams import member_emails_by_language
from eventsys.services.invoices import issuing
from eventsys.services.invoices.render import document_number, render_invoice


def issue_and_mail(session: Session, booking: BoothBooking, *, now: datetime | None = None) -> Invoice | None:
    """The invoice of a just-confirmed booking, mailed with its PDF; None when the fair has no issuer yet."""
    invoice = issuing.issue_for_booking(session, booking, now=now)
    if invoice is not None:
        send_document(session, booking, invoice)
    return invoice


def reissue_and_mail(session: Session, booking: BoothBooking, *, reason: str, now: datetime | None = None) -> None:
    """A credit note for the open invoice and a new invoice at the booking's price, both mailed."""
    credited = issuing.open_invoice(session, booking)
    invoice = issuing.reissue(session, booking, reason=reason, now=now)
    if credited is not None and invoice is not None:
        send_document(session, booking, issuing.open_credit_note(session, credited))
    if invoice is not None:
        send_document(session, booking, invoice)


def send_document(session: Session, booking: BoothBooking, invoice: Invoice) -> None:
    pdf = mail.Attachment(f"{document_number(invoice)}.pdf", render_invoice(invoice), "application/pdf")
    recipients = member_emails_by_language(session, booking.organization_id)
    if booking.billing_email:
        recipients.setdefault(None, []).append(booking.billing_email)
    for language, addresses in recipients.items():
        with mail.in_language_of(None, fallback=language):
            subject, text = _compose(invoice)
        mail.send_after_commit(session, sorted(set(addresses)), subject, text, attachments=[pdf])


def _compose(invoice: Invoice) -> tuple[str, str]:
    number = document_number(invoice)
    if invoice.kind == DocumentKind.CREDIT_NOTE:
        subject = _l("Credit note %(number)s", number=number)
    else:
        subject = _l("Invoice %(number)s", number=number)
    text = _l(
        "The attached PDF is %(number)s for %(buyer)s, total %(total)s yen.",
        number=number,
        buyer=invoice.buyer_name,
        total=f"{invoice.total_jpy:,}",
    )
    return str(subject), str(text) + "\n"


def credit_and_mail(session: Session, booking: BoothBooking, *, reason: str, now: datetime | None = None) -> None:
    """A credit note for the booking's open invoice, if it has one, mailed (a cancelled or released booking)."""
    invoice = issuing.open_invoice(session, booking)
    if invoice is not None:
        send_document(session, booking, issuing.credit_invoice(session, invoice, reason=reason, now=now))
