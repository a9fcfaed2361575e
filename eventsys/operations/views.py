"""GET /healthz, /readyz and /metrics: cheap, unauthenticated probes for load balancers, systemd and Prometheus."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, jsonify
from sqlalchemy import text

from eventsys.extensions import db, limiter
from eventsys.operations import metrics as metric_figures
from eventsys.services import jobs

bp = Blueprint("operations", __name__)


@bp.route("/healthz")
@limiter.exempt
def healthz():
    """The process is up and answers: nothing else is asked, so a slow database does not get it restarted."""
    return jsonify(status="ok")


@bp.route("/readyz")
@limiter.exempt
def readyz():
    """The database answers, and Redis when one is configured: 503 with what failed otherwise."""
    checks = {"database": _check_database()}
    if jobs.is_enabled(current_app.config):
        checks["redis"] = _check_redis()
    ready = all(state == "ok" for state in checks.values())
    return jsonify(status="ok" if ready else "unavailable", checks=checks), 200 if ready else 503


@bp.route("/metrics")
@limiter.exempt
def metrics():
    """Prometheus' text format, for the scrapers of METRICS_ALLOW only; anyone else finds no such page."""
    from flask import request

    if not metric_figures.may_scrape(request.remote_addr):
        abort(404)
    from prometheus_client import CONTENT_TYPE_LATEST

    return metric_figures.exposition(), 200, {"Content-Type": CONTENT_TYPE_LATEST}


def _check_database() -> str:
    try:
        db.session.execute(text("SELECT 1"))
        db.session.rollback()
    except Exception:  # noqa: BLE001 - any failure means not ready; the log says which
        current_app.logger.exception("readiness: the database does not answer")
        db.session.rollback()
        return "error"
    return "ok"


def _check_redis() -> str:
    from redis.exceptions import RedisError

    try:
        jobs.get_queue(current_app.config, "eventsys-readiness").connection.ping()
    except RedisError:
        current_app.logger.exception("readiness: Redis does not answer")
        return "error"
    return "ok"
