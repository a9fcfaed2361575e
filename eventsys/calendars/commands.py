"""`calendar …` commands: organizer exports from the command line."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from eventsys.extensions import db
from eventsys.services.calendars import feeds as calendar_feeds
from eventsys.services.errors import DomainError
from eventsys.services.fairs import catalog as fair_service
from eventsys.services.meetings import centers as center_service
from eventsys.services.meetings.notices import base_url


@click.group("calendar")
def calendar() -> None:
    """Calendar exports."""


@calendar.command("export")
@click.option("--fair", "fair_slug", required=True, help="The fair's slug, e.g. sushi-tech-tokyo-2027.")
@click.option("--center", "center_slug", help="Only one Business Support Center, by city (osaka).")
@click.option("--from", "first_day", type=click.DateTime(["%Y-%m-%d"]), help="First day (fair's zone), YYYY-MM-DD.")
@click.option("--to", "last_day", type=click.DateTime(["%Y-%m-%d"]), help="Last day (fair's zone), YYYY-MM-DD.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True, path_type=Path), required=True)
@with_appcontext
def export(
    fair_slug: str, center_slug: str | None, first_day: datetime | None, last_day: datetime | None, output: Path
) -> None:
    """Write a fair's meetings (or one center's) and its days to an .ics file."""
    fair = fair_service.get_fair(db.session, fair_slug)
    if fair is None:
        raise click.BadParameter(f"no fair {fair_slug!r}", param_hint="--fair")
    center = None
    if center_slug:
        center = center_service.get_center(db.session, center_slug.strip().lower())
        if center is None:
            raise click.BadParameter(f"no center in {center_slug!r}", param_hint="--center")
    try:
        scope = calendar_feeds.export_scope(
            fair,
            center=center,
            first_day=first_day.date() if first_day else None,
            last_day=last_day.date() if last_day else None,
        )
    except DomainError as error:
        raise click.UsageError(str(error)) from error
    meetings = calendar_feeds.export_meetings(db.session, scope)
    data = calendar_feeds.organizer_export(db.session, scope, base_url=base_url(current_app.config), meetings=meetings)
    output.write_bytes(data)
    click.echo(f"Wrote {len(meetings)} meetings of {fair.name} to {output}.")
