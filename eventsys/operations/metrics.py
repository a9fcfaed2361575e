"""Prometheus metrics: requests by endpoint and status, their latency, and at each scrape the bookings, live holds
and job queue lengths.

Under gunicorn each worker is a process of its own: with PROMETHEUS_MULTIPROC_DIR set (deploy/gunicorn.conf.py sets
it before the app is imported) the counters live in files there and a scrape of any worker adds up all of them.
The booking and queue figures are read from PostgreSQL and Redis at the scrape, so they are the same from any
worker and any app server.
"""

from __future__ import annotations

import ipaddress
import os
import time
from functools import cache

from flask import Flask, current_app, g, request
from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily

REQUESTS = Counter("eventsys_http_requests", "HTTP requests answered", ["endpoint", "method", "status"])
LATENCY = Histogram(
    "eventsys_http_request_seconds",
    "Time from the request's start to its answer",
    ["endpoint"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)


def init_app(app: Flask) -> None:
    app.after_request(_count_request)


def _count_request(response):
    endpoint = request.endpoint or "unrouted"  # 404s share one label, so made-up paths add no series
    if endpoint != "operations.metrics":
        started = g.get("request_started")
        seconds = None if started is None else time.perf_counter() - started
        count(endpoint, request.method, response.status_code, seconds)
    return response


def count(endpoint: str, method: str, status: int, seconds: float | None) -> None:
    """One answered request, also one the fast path answers (eventsys/fast_path.py)."""
    REQUESTS.labels(endpoint, method, str(status)).inc()
    if seconds is not None:
        LATENCY.labels(endpoint).observe(seconds)


@cache
def _networks(setting: str) -> tuple:
    return tuple(ipaddress.ip_network(part.strip(), strict=False) for part in setting.split(",") if part.strip())


def allowed_networks(config) -> tuple:
    """The scrapers' addresses of METRICS_ALLOW ("127.0.0.1, 10.0.0.0/8"), a list or a comma-separated string."""
    setting = config.get("METRICS_ALLOW") or ""
    if not isinstance(setting, str):
        setting = ",".join(setting)
    return _networks(setting)


def may_scrape(address: str | None) -> bool:
    if not address:
        return False
    try:
        client = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(client in network for network in allowed_networks(current_app.config))


def exposition() -> bytes:
    """The text every worker's counters add up to, then the figures read now from the database and Redis."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
    else:
        from prometheus_client import REGISTRY as registry
    live = CollectorRegistry()
    live.register(_LiveFigures())
    return generate_latest(registry) + generate_latest(live)


class _LiveFigures:
    """Bookings by state, live holds and queue lengths, read at the scrape (two queries, one Redis round trip)."""

    def collect(self):
        from sqlalchemy import func, select

        from eventsys.extensions import db
        from eventsys.models import BookingStatus, BoothBooking, utcnow

        bookings = GaugeMetricFamily("eventsys_bookings", "Booth bookings by status", labels=["status"])
        for status, count in db.session.execute(
            select(BoothBooking.status, func.count()).group_by(BoothBooking.status)
        ):
            bookings.add_metric([status.value], count)
        yield bookings
        live = select(func.count()).where(BoothBooking.status == BookingStatus.HELD, BoothBooking.held_until > utcnow())
        yield GaugeMetricFamily("eventsys_live_holds", "Holds not yet lapsed", value=db.session.scalar(live))
        db.session.rollback()
        yield from _queue_lengths()


def _queue_lengths():
    from eventsys.services import jobs

    config = current_app.config
    if not jobs.is_enabled(config):
        return
    from redis.exceptions import RedisError

    from eventsys.services.badges.jobs import QUEUE_NAME as BADGE_QUEUE
    from eventsys.services.mail import QUEUE_NAME as MAIL_QUEUE
    from eventsys.services.notifications.scheduler import QUEUE_NAME as SCHEDULER_QUEUE

    family = GaugeMetricFamily("eventsys_queue_jobs", "Jobs waiting in a queue", labels=["queue"])
    try:
        for name in (MAIL_QUEUE, BADGE_QUEUE, SCHEDULER_QUEUE):
            family.add_metric([name], jobs.get_queue(config, name).count)
    except RedisError:
        current_app.logger.warning("the job queues are unreachable; their lengths are left out of /metrics")
        return
    yield family
