"""The runner behind `eventsys worker` and `eventsys badges worker`: serve job queues in this process."""

from __future__ import annotations

import click
from flask import current_app

from eventsys.services import jobs


def run_worker(queue_names: list[str], *, burst: bool) -> None:
    """Serve the job queues `queue_names` in this process, in the command's app context."""
    if not jobs.is_enabled(current_app.config):
        raise click.ClickException("Set EVENTSYS_REDIS_URL to use background jobs.")
    jobs.work(current_app.config, queue_names, burst=burst)
