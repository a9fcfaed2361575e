"""`eventsys badges …`: print a fair's badges from the command line, run the background print worker, seal the
fairs' signing keys and rotate a fair's key."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from eventsys.extensions import db
from eventsys.models import BadgeRole
from eventsys.services.badges import issuing, signing
from eventsys.services.badges import jobs as badge_jobs
from eventsys.services.badges.layouts import DEFAULT_LAYOUT, LAYOUTS
from eventsys.services.badges.printing import render_fair_badges
from eventsys.services.fairs import catalog as fair_service
from eventsys.worker import run_worker


@click.group("badges")
def badges_group() -> None:
    """Print badges and run the badge print worker."""


@badges_group.command("print")
@click.option("--fair", "slug", required=True, help="The fair's slug.")
@click.option("--role", type=click.Choice([r.value for r in BadgeRole]), help="Only this role.")
@click.option("--layout", type=click.Choice(list(LAYOUTS)), default=DEFAULT_LAYOUT, show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True, help="PDF to write.")
@with_appcontext
def print_badges(slug: str, role: str | None, layout: str, output: Path) -> None:
    """Issue missing badges of a fair and write them all to one PDF, with a progress bar."""
    fair = fair_service.get_fair(db.session, slug)
    if fair is None:
        raise click.BadParameter(f"no fair with the slug {slug!r}", param_hint="--fair")
    badges = issuing.issue_badges(db.session, fair, actor=None, role=BadgeRole(role) if role else None)
    db.session.commit()
    unprintable = issuing.unprintable(badges)
    for badge, chars in unprintable:
        click.echo(f"Left out, the fonts lack {' '.join(chars)}: {badge.name} (badge {badge.serial})", err=True)
    skipped = {badge.id for badge, _ in unprintable}
    badges = [badge for badge in badges if badge.id not in skipped]
    with click.progressbar(length=len(badges), label="Badges", show_pos=True) as bar:
        state = {"done": 0}

        def progress(done: int, total: int) -> None:
            bar.update(done - state["done"])
            state["done"] = done

        pdf = render_fair_badges(badges, fair, layout, current_app.config["SECRET_KEY"], progress)
    output.write_bytes(pdf)
    pages = -(-len(badges) // LAYOUTS[layout].per_page) or 1
    click.echo(f"Wrote {len(badges)} badges on {pages} pages ({LAYOUTS[layout].label}) to {output}.")


@badges_group.command("worker")
@click.option("--burst", is_flag=True, help="Stop when the queue is empty.")
@with_appcontext
def worker(burst: bool) -> None:
    """Run only the large badge print runs queued by the organizer pages (`eventsys worker` runs every job)."""
    run_worker([badge_jobs.QUEUE_NAME], burst=burst)


@badges_group.command("seal-keys")
@click.option(
    "--old-secret",
    envvar="EVENTSYS_OLD_SECRET_KEY",
    help="The SECRET_KEY the keys were sealed with, when it changed (or set EVENTSYS_OLD_SECRET_KEY).",
)
@with_appcontext
def seal_keys(old_secret: str | None) -> None:
    """Seal the fairs' private signing keys with the app's SECRET_KEY: keys stored unsealed, or sealed with an old
    secret. Run it after changing SECRET_KEY, before the app signs or verifies again."""
    try:
        count = signing.seal_stored_keys(db.session, old_secret=old_secret)
    except RuntimeError as error:  # a key sealed with neither secret: nothing is changed
        db.session.rollback()
        raise click.ClickException(str(error)) from None
    db.session.commit()
    click.echo(f"Sealed {count} signing key(s) with the current SECRET_KEY.")


@badges_group.command("rotate-key")
@click.option("--fair", "slug", required=True, help="The fair's slug.")
@with_appcontext
def rotate_key(slug: str) -> None:
    """Give a fair a new signing key pair. Codes already printed keep working (desks get both public keys at their
    next sync) until their badges are reprinted or revoked; new and reprinted badges carry codes of the new key."""
    fair = fair_service.get_fair(db.session, slug)
    if fair is None:
        raise click.BadParameter(f"no fair with the slug {slug!r}", param_hint="--fair")
    key = signing.rotate_key(db.session, fair, actor=None)
    db.session.commit()
    click.echo(f"{fair.slug}: new public key {signing.public_key_text(key)}; the previous one still verifies.")
