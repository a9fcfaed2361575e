"""Payment reminders: before each due date of an unpaid invoice and once after it is missed, to the startup's
members, each in their language, never twice.

Run from notifications' send_due (every minute by RQ's scheduler or `eventsys notifications send-due`). Each mail
is claimed in timed_mails (claims.py) under a subject naming the invoice, the part, its due date and whether it
is the reminder before or after: two senders at once, or one run twice, mail once; an extended due date is a new
subject, so the startup is reminded of the new date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask_babel import gettext
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from eventsys.formatting import yen
from eventsys.models import DocumentKind, DuePart, Fair, Invoice, InvoiceIssuer, User
from eventsys.services import mail
from eventsys.services.invoices import payments
from eventsys.services.invoices.issuing import local_date
from eventsys.services.invoices.render import document_number
from eventsys.services.notifications import inbox
from eventsys.services.notifications.claims import claim

KIND = "payment"


@dataclass(frozen=True)
class Reminder:
    """One part of one invoice to remind of: `late` once the due date has passed."""

    standing: payments.Standing
    part: DuePart
    due_on: date
    amount_jpy: int
    late: bool

    @property
    def subject_key(self) -> str:
        when = "late" if self.late else "soon"
        return f"inv:{self.standing.invoice.id}:{self.part.value[0]}:{self.due_on:%Y%m%d}:{when}"


def due_reminders(standing: payments.Standing, days_before: int, days_after: int) -> list[Reminder]:
    """What to remind of for one invoice on standing.today: a part still unpaid whose due date is at most
    `days_before` ahead, or passed at least `days_after` days ago (but not the deposit once the balance is due)."""
    if standing.credited or standing.owed_jpy == 0:
        return []
    invoice, today = standing.invoice, standing.today
    parts = [(DuePart.BALANCE, standing.balance_due_on, invoice.total_jpy)]
    if standing.deposit_due_on is not None and invoice.deposit_jpy > 0:
        parts.insert(0, (DuePart.DEPOSIT, standing.deposit_due_on, invoice.deposit_jpy))
    found = []
    for part, due_on, amount in parts:
        if due_on is None or standing.settled_jpy >= amount:
            continue
        ahead = (due_on - today).days
        if 0 <= ahead <= days_before:
            found.append(Reminder(standing, part, due_on, amount - standing.settled_jpy, late=False))
        elif -ahead >= days_after:
            found.append(Reminder(standing, part, due_on, amount - standing.settled_jpy, late=True))
    if len(found) == 2 and found[1].late:
        return found[1:]  # the balance is overdue: its reminder covers the deposit too
    return found


def open_invoices(session: Session) -> list[tuple[Fair, list[Invoice]]]:
    """Every fair that has an issuer, with its invoices (credit notes left out)."""
    fairs = session.scalars(select(Fair).join(InvoiceIssuer, InvoiceIssuer.fair_id == Fair.id).order_by(Fair.id))
    found = []
    for fair in fairs:
        invoices = session.scalars(
            select(Invoice)
            .where(Invoice.fair_id == fair.id, Invoice.kind == DocumentKind.INVOICE)
            .options(selectinload(Invoice.issuer))
            .order_by(Invoice.id)
        ).all()
        if invoices:
            found.append((fair, list(invoices)))
    return found


def send_payment_reminders(session: Session, now: datetime, *, days_before: int = 7, days_after: int = 1) -> int:
    """Queue the payment reminders due at `now` that nobody sent yet; the caller commits, the mails go after it."""
    wanted: dict[tuple[int, str], tuple[User, Reminder]] = {}
    members: dict[int, list[User]] = {}
    for fair, invoices in open_invoices(session):
        for standing in payments.standings(session, invoices, local_date(now, fair)):
            for reminder in due_reminders(standing, days_before, days_after):
                organization_id = standing.invoice.organization_id
                if organization_id not in members:
                    members[organization_id] = [u for u in inbox.members_of(session, organization_id) if u.is_active]
                for user in members[organization_id]:
                    wanted[(user.id, reminder.subject_key)] = (user, reminder)
    claimed = claim(session, KIND, list(wanted), now)
    for key in sorted(claimed):
        user, reminder = wanted[key]
        with mail.in_language_of(user):
            subject, text = compose(user, reminder)
        mail.send_after_commit(session, inbox.address_of(user), subject, text)
    return len(claimed)


def compose(user: User, reminder: Reminder) -> tuple[str, str]:
    invoice = reminder.standing.invoice
    number, when = document_number(invoice), reminder.due_on.isoformat()
    if reminder.late:
        subject = gettext("Overdue: invoice %(number)s was due on %(date)s", number=number, date=when)
    else:
        subject = gettext("Payment due on %(date)s: invoice %(number)s", number=number, date=when)
    if reminder.part == DuePart.DEPOSIT:
        what = gettext("The deposit of %(amount)s is due on %(date)s.", amount=yen(invoice.deposit_jpy), date=when)
    else:
        what = gettext("The balance is due on %(date)s.", date=when)
    lines = [
        gettext("Hello %(name)s,", name=user.name),
        what,
        gettext("Still to pay by then: %(amount)s.", amount=yen(reminder.amount_jpy)),
        gettext("Bank account: %(account)s", account=invoice.issuer.bank_account),
    ]
    if reminder.late:
        grace = timedelta(days=invoice.issuer.grace_days)
        lines.append(
            gettext(
                "Unless it is paid by %(date)s, the booth is released to the waitlist.",
                date=(reminder.due_on + grace).isoformat(),
            )
        )
    return subject, "\n\n".join(lines) + "\n"
