"""Timed mail on RQ's scheduler: a job a minute runs send_due, however many workers and app servers there are.

Each tick's job has the id of its minute, so every worker that schedules the next tick schedules the same job;
and were one tick run twice, claims.py still mails nothing twice.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from flask import current_app

from eventsys.services import jobs

QUEUE_NAME = "eventsys-timed"


def job_id(at: datetime) -> str:
    return f"eventsys-send-due-{at:%Y%m%dT%H%M}"


def next_tick(now: datetime) -> datetime:
    return now.astimezone(UTC).replace(second=0, microsecond=0) + timedelta(minutes=1)


def schedule_next(config, *, now: datetime | None = None) -> str:
    """Schedule the send-due job of the next minute (the same job for every worker that asks)."""
    at = next_tick(now or datetime.now(UTC))
    queue = jobs.get_queue(config, QUEUE_NAME)
    job = queue.enqueue_at(at, run_send_due, job_id=job_id(at), result_ttl=0, failure_ttl=3600)
    return job.id


def run_send_due() -> dict[str, int]:
    """The worker's side: send what is due, commit, and schedule the next tick."""
    return jobs.in_app_context(_run)


def _run() -> dict[str, int]:
    from eventsys.extensions import db
    from eventsys.services.notifications.timed import Timing, send_due

    try:
        counts = send_due(db.session, Timing.from_config(current_app.config))
        db.session.commit()
    finally:
        db.session.remove()
        schedule_next(current_app.config)
    return counts
