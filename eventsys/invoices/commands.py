"""`invoices` commands: releasing bookings left unpaid past their grace period."""

from __future__ import annotations

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from eventsys.extensions import db
from eventsys.models import Fair, InvoiceIssuer, utcnow
from eventsys.services.invoices import issuing, release


@click.group("invoices")
def invoices_group() -> None:
    """Invoices: release unpaid bookings."""


@invoices_group.command("release-unpaid")
@click.option("--fair", "slug", help="Only this fair (default: every fair with an issuer).")
@with_appcontext
def release_unpaid(slug: str | None) -> None:
    """Cancel bookings whose invoice missed a due date more than the grace period ago: credit note, mail, and the
    booth offered to the waitlist; likewise cancel the orders of unpaid invoices of extras. Run it daily."""
    query = select(Fair).join(InvoiceIssuer, InvoiceIssuer.fair_id == Fair.id)
    if slug:
        query = query.where(Fair.slug == slug)
    bookings = extras = 0
    for fair in db.session.scalars(query).all():
        released = release.release_unpaid(db.session, fair, issuing.local_date(utcnow(), fair))
        db.session.commit()
        bookings += len(released.bookings)
        extras += len(released.extras_invoices)
        click.echo(
            f"{fair.slug}: released {len(released.bookings)} unpaid booking(s), "
            f"{len(released.extras_invoices)} unpaid invoice(s) of extras."
        )
    click.echo(f"Released {bookings} unpaid booking(s), {extras} unpaid invoice(s) of extras.")
