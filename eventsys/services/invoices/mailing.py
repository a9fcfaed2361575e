"""Issue a booking's invoice (or credit note and new invoice) and mail the PDFs to the startup when the change
commits: to its members, each in their language, and to the booking's billing contact.

The PDF is not rendered in the confirming transaction (which holds the issuer's number counter until it commits):
the document's id is kept with the session (mail.compose_after_commit) and, once it commits, a job on the mail
queue renders and mails it (RQ, when EVENTSYS_REDIS_URL is set); without Redis it is rendered and mailed right
after the commit, in a session of its own. A rolled-back change mails nothing."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from eventsys.models import BoothBooking, DocumentKind, Invoice
from eventsys.services import mail
from eventsys.services.accounts.teams import member_emails_by_language
from eventsys.services.booths.notices import Notice, notify
from eventsys.services.booths.notices import compose as compose_notice
from eventsys.services.invoices import issuing
from eventsys.services.invoices.render import document_number, render_invoice


def issue_and_mail(
    session: Session, booking: BoothBooking, *, notice: Notice | None = None, now: datetime | None = None
) -> Invoice | None:
    """The invoice of a just-confirmed booking, mailed with its PDF; None when the fair has no issuer yet.

    With a `notice` (the booking's change, as booths.notices words it) the invoice rides in that one mail: each
    member gets the confirmation with the PDF attached. Without an issuer the notice goes alone."""
    invoice = issuing.issue_for_booking(session, booking, now=now)
    if invoice is not None:
        send_document(session, booking, invoice, notice=notice)
    elif notice is not None:
        notify(session, booking, notice.verb, notice.reason)
    return invoice


def reissue_and_mail(
    session: Session,
    booking: BoothBooking,
    *,
    reason: str,
    now: datetime | None = None,
    notice: Notice | None = None,
) -> None:
    """A credit note for the open invoice and a new invoice at the booking's price, mailed together: one mail with
    both PDFs, so that the accounting department books the reversal and its replacement as one change. With a
    `notice` (a move) that mail is the booking's notice; without an issuer the notice goes alone."""
    credited = issuing.open_invoice(session, booking)
    invoice = issuing.reissue(session, booking, reason=reason, now=now)
    if invoice is None:
        if notice is not None:
            notify(session, booking, notice.verb, notice.reason)
        return
    note = issuing.open_credit_note(session, credited) if credited is not None else None
    send_documents(session, booking, [note, invoice] if note is not None else [invoice], notice=notice)


def send_document(session: Session, booking: BoothBooking, invoice: Invoice, *, notice: Notice | None = None) -> None:
    """Mail `invoice`'s PDF to the booking's company and billing contact once the transaction commits (with the
    booking `notice` in the same mail, if given)."""
    send_documents(session, booking, [invoice], notice=notice)


def send_documents(
    session: Session, booking: BoothBooking, documents: list[Invoice], *, notice: Notice | None = None
) -> None:
    """One mail with the PDF of each document (a credit note and the invoice that replaces it), to the booking's
    company and billing contact once the transaction commits. A billing contact who is also a member gets one."""
    recipients = member_emails_by_language(session, booking.organization_id)
    members = {address.casefold() for addresses in recipients.values() for address in addresses}
    if booking.billing_email and booking.billing_email.casefold() not in members:
        recipients.setdefault(None, []).append(booking.billing_email)
    by_language = {language: sorted(set(addresses)) for language, addresses in recipients.items()}
    numbered = tuple((document.id, document.number) for document in documents)
    mail.compose_after_commit(session, mail_documents, numbered, by_language, tuple(notice) if notice else None)


def mail_document(
    session: Session,
    invoice_id: int,
    number: int,
    recipients: dict[str | None, list[str]],
    notice: tuple[str, str | None] | None = None,
) -> int:
    """One document's mail (the jobs queued before mails carried several documents)."""
    return mail_documents(session, ((invoice_id, number),), recipients, notice)


def mail_documents(
    session: Session,
    documents: tuple[tuple[int, int], ...],
    recipients: dict[str | None, list[str]],
    notice: tuple[str, str | None] | None = None,
) -> int:
    """Render the documents and queue one mail per language with their PDFs attached (the caller commits); with a
    `notice` (verb, reason) the mail is the booking's notice with the documents' lines and PDFs."""
    found = [session.get(Invoice, invoice_id) for invoice_id, _ in documents]
    if any(invoice is None or invoice.number != number for invoice, (_, number) in zip(found, documents, strict=True)):
        return 0  # their transaction was rolled back after all
    first = found[0]
    booking = session.get(BoothBooking, first.booking_id) if notice is not None and first.booking_id else None
    pdfs = [
        mail.Attachment(f"{document_number(invoice)}.pdf", render_invoice(invoice), "application/pdf")
        for invoice in found
    ]
    for language, addresses in recipients.items():
        with mail.in_language_of(None, fallback=language):
            subject, text = _compose(found)
            if booking is not None:
                subject, text = _with_notice(booking, Notice(*notice), found, text)
        mail.send_after_commit(session, addresses, subject, text, attachments=pdfs)
    return len(recipients)


def run_document_mail(
    invoice_id: int, number: int, recipients: dict[str | None, list[str]], notice: tuple | None = None
) -> int:
    """The worker's side of a job queued before mails carried several documents."""
    return run_documents_mail(((invoice_id, number),), recipients, notice)


def run_documents_mail(documents: tuple, recipients: dict[str | None, list[str]], notice: tuple | None = None) -> int:
    """The worker's side of a job queued before documents were mailed as any mail composed after a commit."""
    return mail.compose_queued(mail.LaterMail(mail_documents, (documents, recipients, notice)))


def _with_notice(
    booking: BoothBooking, notice: Notice, documents: list[Invoice], documents_text: str
) -> tuple[str, str]:
    """The booking's notice (subject and text) with the documents' numbers in the subject and their lines below."""
    subject, text = compose_notice(booking, notice.verb, notice.reason)
    first, last = documents[0], documents[-1]
    if len(documents) > 1 and last.kind == DocumentKind.CREDIT_NOTE:
        numbers = ", ".join(document_number(document) for document in documents)
        subject = _l("%(notice)s (credit notes %(numbers)s)", notice=subject, numbers=numbers)
    elif len(documents) > 1:
        subject = _l(
            "%(notice)s (credit note %(credit)s, invoice %(number)s)",
            notice=subject,
            credit=document_number(first),
            number=document_number(last),
        )
    elif first.kind == DocumentKind.CREDIT_NOTE:
        subject = _l("%(notice)s (credit note %(number)s)", notice=subject, number=document_number(first))
    else:
        subject = _l("%(notice)s (invoice %(number)s)", notice=subject, number=document_number(first))
    return str(subject), f"{text}\n{documents_text}"


def _compose(documents: list[Invoice]) -> tuple[str, str]:
    """Subject and text of a mail of one document, or of a credit note with the invoice that replaces it."""
    if len(documents) > 1 and all(document.kind == DocumentKind.CREDIT_NOTE for document in documents):
        numbers = ", ".join(document_number(document) for document in documents)
        subject = _l("Credit notes %(numbers)s", numbers=numbers)
        lines = [str(_l("The PDF of each credit note is attached."))] + [_document_line(d) for d in documents]
        return str(subject), "\n".join(lines) + "\n"
    if len(documents) == 2 and documents[0].kind == DocumentKind.CREDIT_NOTE:
        note, invoice = documents
        subject = _l(
            "Credit note %(credit)s and new invoice %(number)s",
            credit=document_number(note),
            number=document_number(invoice),
        )
        lead = _l(
            "Credit note %(credit)s reverses invoice %(original)s in full; invoice %(number)s replaces it. "
            "Both PDFs are attached.",
            credit=document_number(note),
            original=document_number(note.original) if note.original is not None else "",
            number=document_number(invoice),
        )
        lines = [str(lead)] + [_document_line(document) for document in documents]
        return str(subject), "\n".join(lines) + "\n"
    (invoice,) = documents
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


def _document_line(invoice: Invoice) -> str:
    return str(
        _l(
            "%(number)s for %(buyer)s, total %(total)s yen.",
            number=document_number(invoice),
            buyer=invoice.buyer_name,
            total=f"{invoice.total_jpy:,}",
        )
    )


def send_notice(session: Session, booking: BoothBooking, notice: Notice, documents: list[Invoice]) -> None:
    """The booking's `notice` as one mail per recipient: with the documents' PDFs when the change issued any (the
    credit notes of a cancellation or release), else alone to the startup's members."""
    if documents:
        send_documents(session, booking, documents, notice=notice)
    else:
        notify(session, booking, notice.verb, notice.reason)
