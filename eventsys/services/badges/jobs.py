"""Large print runs as RQ jobs (see services/jobs.py): progress in the job's meta, the PDF as its result."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from flask import current_app
from sqlalchemy import select

from eventsys.models import BadgeRole, Fair
from eventsys.operations.logs import job_meta
from eventsys.services import jobs

QUEUE_NAME = "eventsys-badges"
#: Runs of at least this many badges go to a worker when Redis is configured.
DEFAULT_THRESHOLD = 500
#: How long a finished PDF waits in Redis to be downloaded.
RESULT_SECONDS = 3600


@dataclass(frozen=True)
class JobState:
    """What the organizer's page shows about a background run."""

    id: str
    status: str
    done: int
    total: int
    ready: bool
    error: bool
    #: "name — characters" of each badge left out because the fonts lack some of its characters.
    left_out: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def threshold(config) -> int:
    return int(config.get("BADGE_JOB_THRESHOLD", DEFAULT_THRESHOLD))


def get_queue(config):
    return jobs.get_queue(config, QUEUE_NAME)


def enqueue_print(config, fair_id: int, role: BadgeRole | None, layout: str) -> str:
    """Queue a print run; the badges were issued and committed by the caller."""
    job = get_queue(config).enqueue(
        run_print_job,
        fair_id,
        role.value if role else None,
        layout,
        job_timeout=1800,
        result_ttl=RESULT_SECONDS,
        meta=job_meta(fair_id=fair_id, done=0, total=0),
    )
    return job.id


def _fetch(config, job_id: str, fair_id: int):
    from rq.exceptions import NoSuchJobError
    from rq.job import Job

    if not jobs.is_enabled(config):
        # Without Redis no run was ever queued; asking for one is a wrong address, not a server error.
        return None
    try:
        job = Job.fetch(job_id, connection=get_queue(config).connection)
    except NoSuchJobError:
        return None
    return job if job.meta.get("fair_id") == fair_id else None


def get_state(config, job_id: str, fair_id: int) -> JobState | None:
    """The run's progress, or None when it does not exist or belongs to another fair."""
    job = _fetch(config, job_id, fair_id)
    if job is None:
        return None
    status = job.get_status(refresh=True)
    meta = job.get_meta(refresh=True)
    return JobState(
        id=job.id,
        status=str(status.value if hasattr(status, "value") else status),
        done=int(meta.get("done", 0)),
        total=int(meta.get("total", 0)),
        ready=job.is_finished,
        error=job.is_failed,
        left_out=tuple(meta.get("left_out", ())),
    )


def get_result(config, job_id: str, fair_id: int) -> bytes | None:
    job = _fetch(config, job_id, fair_id)
    if job is None or not job.is_finished:
        return None
    return job.return_value()


def run_print_job(fair_id: int, role: str | None, layout: str) -> bytes:
    """The worker's side: render the fair's active badges, saving progress every few dozen badges."""
    return jobs.in_app_context(_render, fair_id, role, layout)


def _render(fair_id: int, role: str | None, layout: str) -> bytes:
    from rq import get_current_job

    from eventsys.extensions import db
    from eventsys.services.badges import issuing
    from eventsys.services.badges.printing import render_fair_badges

    job = get_current_job()
    fair = db.session.scalar(select(Fair).where(Fair.id == fair_id))
    badges = issuing.get_active_badges(db.session, fair, BadgeRole(role) if role else None)
    unprintable = issuing.unprintable(badges)
    skipped = {badge.id for badge, _chars in unprintable}
    badges = [badge for badge in badges if badge.id not in skipped]
    if job is not None:
        job.meta["left_out"] = [f"{badge.name} ({badge.serial}) — {' '.join(chars)}" for badge, chars in unprintable]

    def progress(done: int, total: int) -> None:
        if job is not None:
            job.meta.update(done=done, total=total)
            job.save_meta()

    progress(0, len(badges))
    try:
        return render_fair_badges(badges, fair, layout, current_app.config["SECRET_KEY"], progress)
    finally:
        db.session.remove()  # a long-lived worker must not keep every run's rows in its session
