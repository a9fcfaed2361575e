"""`booths` commands: housekeeping of expired holds and the application-mode allocation."""

from __future__ import annotations

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from eventsys.extensions import db
from eventsys.models import Role, User
from eventsys.services import permissions
from eventsys.services.booths import allocation, expiry
from eventsys.services.errors import DomainError
from eventsys.services.fairs import catalog as fair_service


@click.group("booths")
def booths_group() -> None:
    """Booth bookings: release expired holds to the waitlists, allocate booths in application mode."""


@booths_group.command("release-expired")
@with_appcontext
def release_expired() -> None:
    """Expire every hold past its time and offer its booth to the waitlist; run it every minute, on any number of
    servers: each lapsed hold is claimed by one run only (reads already treat it as free, but nobody else offers it)."""
    expired = expiry.expire_holds(db.session)
    db.session.commit()
    click.echo(f"Released {len(expired)} expired hold(s).")


@booths_group.command("allocate")
@click.option("--fair", "slug", required=True, help="The fair's slug.")
@click.option("--seed", type=int, default=2027, show_default=True, help="Lottery seed: the same seed, the same result.")
@click.option("--publish", is_flag=True, help="Write the allocation as bookings and mail the applicants.")
@click.option("--as", "actor_email", help="Organizer recorded in the audit log (default: the first admin).")
@with_appcontext
def allocate(slug: str, seed: int, publish: bool, actor_email: str | None) -> None:
    """Preview, or publish, the allocation of booths to a fair's applications."""
    fair = fair_service.get_fair(db.session, slug)
    if fair is None:
        raise click.ClickException(f"No fair {slug!r}.")
    if publish:
        actor = _actor(actor_email, fair)
        try:
            result = allocation.publish_allocation(db.session, fair, seed, actor=actor)
        except DomainError as error:
            db.session.rollback()
            raise click.ClickException(str(error)) from error
        db.session.commit()
    else:
        result = allocation.compute_allocation(db.session, fair, seed)
    for line in allocation.describe(db.session, result):
        where = f"{line.booth.code} (choice {line.rank})" if line.booth else "no booth"
        click.echo(f"  {line.organization.name:<40} {where}")
    counts = result.count_by_rank()
    verb = "Published" if publish else "Preview (nothing written; add --publish)"
    click.echo(
        f"{verb}: seed {seed}: {counts[1]} first, {counts[2]} second, {counts[3]} third choices, "
        f"{counts[None]} without a booth."
    )


def _actor(email: str | None, fair) -> User:
    """Who the audit log names: an owner or staff of the fair (or an admin), as the allocation page would."""
    query = select(User).where(User.email == email) if email else select(User).where(User.role == Role.ADMIN)
    actor = db.session.scalar(query.order_by(User.id).limit(1))
    if actor is None or not permissions.manages_fair(actor, fair):
        raise click.ClickException("Name an owner or staff of the fair, or an admin, with --as EMAIL.")
    return actor
