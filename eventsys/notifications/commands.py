"""`eventsys notifications …`: send timed mail from cron or a systemd timer, without Redis."""

from __future__ import annotations

from datetime import datetime

import click
from flask import current_app
from flask.cli import with_appcontext

from eventsys.extensions import db
from eventsys.services.notifications.timed import Timing, send_due


@click.group("notifications")
def notifications_group() -> None:
    """Reminders, agendas, expiry warnings and digests."""


def _parse_at(_ctx, _param, value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        at = datetime.fromisoformat(value)
    except ValueError:
        raise click.BadParameter("give an ISO 8601 time with its offset, e.g. 2026-05-13T09:00+09:00") from None
    if at.tzinfo is None:
        raise click.BadParameter("give the time with its offset, e.g. 2026-05-13T09:00+09:00")
    return at


@notifications_group.command("send-due")
@click.option("--at", "at", callback=_parse_at, help="Send what is due at this time instead of now (ISO 8601).")
@with_appcontext
def send_due_command(at: datetime | None) -> None:
    """Send every reminder, agenda, expiry warning and digest now due, each once (safe to run from many hosts)."""
    counts = send_due(db.session, Timing.from_config(current_app.config), now=at)
    db.session.commit()
    click.echo(", ".join(f"{name}: {count}" for name, count in counts.items()))
