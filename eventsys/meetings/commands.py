"""`eventsys meetings …`: run the meeting scheduler from the command line."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from eventsys.extensions import db
from eventsys.services.errors import DomainError
from eventsys.services.fairs import catalog as fair_service
from eventsys.services.meetings import centers as center_service
from eventsys.services.meetings import runs as schedule_runs


@click.group("meetings")
def meetings_group() -> None:
    """Schedule one-on-one meetings at the Business Support Centers."""


@meetings_group.command("schedule")
@click.option("--fair", "slug", required=True, help="The fair's slug.")
@click.option(
    "--floor",
    type=click.IntRange(0, 20),
    default=0,
    show_default=True,
    help="Meetings every startup gets where possible.",
)
@click.option("--publish", is_flag=True, help="Book the meetings and send the invitations (default: preview only).")
@with_appcontext
def schedule(slug: str, floor: int, publish: bool) -> None:
    """Schedule the fair's accepted requests; print what was scheduled and why the rest was not."""
    fair = fair_service.get_fair(db.session, slug)
    if fair is None:
        raise click.BadParameter(f"no fair with the slug {slug!r}", param_hint="--fair")
    run = schedule_runs.run_scheduler(
        db.session, fair, None, daily_cap=int(current_app.config["MEETING_DAILY_CAP"]), floor=floor
    )
    db.session.commit()
    _print_run(run)
    if not publish:
        click.echo(f"Preview only (run {run.id}). Publish with --publish or on the organizer page.")
        return
    try:
        created, skipped = schedule_runs.publish_run(
            db.session, run, None, daily_cap=int(current_app.config["MEETING_DAILY_CAP"])
        )
    except DomainError as error:
        db.session.rollback()
        raise click.ClickException(error.message) from error
    db.session.commit()
    click.echo(f"Published {len(created)} meetings; {skipped} could no longer be booked.")


def _print_run(run) -> None:
    result = run.result
    share = f" ({run.scheduled / run.upper_bound:.1%} of the bound)" if run.upper_bound else ""
    click.echo(
        f"Scheduled {run.scheduled} of {result['requests']} accepted requests in {result['seconds']:.2f} s; "
        f"upper bound {run.upper_bound}{share}."
    )
    for meeting in result["meetings"]:
        where = f"center {meeting['center']} room {meeting['room']}"
        click.echo(f"  request {meeting['request']}: {where} at {meeting['starts_at']}")
    if result["reasons"]:
        click.echo("Not scheduled:")
        centers = {c.id: c for c in center_service.get_centers(db.session)}
        must = set(result.get("must_meet", []))
        for request_id, reason in result["reasons"].items():
            text = schedule_runs.reason_text(reason, result.get("details", {}).get(request_id), centers)
            flag = " (must meet)" if int(request_id) in must else ""
            click.echo(f"  request {request_id}{flag}: {text}")
    for violation in result.get("violations", []):
        click.echo(f"VALIDATOR: {violation}", err=True)
