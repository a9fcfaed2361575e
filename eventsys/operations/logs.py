"""Logs as one JSON object per line, each with the id of the request (or job) it comes from.

The id is the proxy's X-Request-Id when it sends a well-formed one (nginx's $request_id, deploy/nginx), else a new
one; the answer carries it back, the mails a request queues carry it in a header, and the jobs it queues in their
meta, so a worker's log lines about a mail or a print run name the request that asked for it.
"""

from __future__ import annotations

import json
import logging
import re
import sys
import time
import uuid
from datetime import UTC, datetime

from flask import Flask, g, has_request_context, request

#: What a request id from the proxy may look like; anything else is replaced, so no log line can be forged.
_WELL_FORMED = re.compile(r"[A-Za-z0-9._-]{8,64}")
HEADER = "X-Request-Id"


def current_request_id() -> str | None:
    """The id of the request being served, else of the job being run (the request that queued it), else None."""
    if has_request_context():
        return g.get("request_id")
    try:
        from rq import get_current_job
    except ImportError:  # pragma: no cover - rq is a dependency
        return None
    job = get_current_job()
    return job.meta.get("request_id") if job is not None else None


def job_meta(**meta) -> dict:
    """The meta of a job queued now: `meta` plus the request id, which the worker's log lines then carry."""
    request_id = current_request_id()
    return {**meta, "request_id": request_id} if request_id else meta


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request_id, and a record's `fields`."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        request_id = getattr(record, "request_id", None) or current_request_id()
        if request_id:
            entry["request_id"] = request_id
        entry.update(getattr(record, "fields", None) or {})
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


class StderrHandler(logging.Handler):
    """Writes to the standard error of the moment (a test runner swaps it), one line per record."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            sys.stderr.write(self.format(record) + "\n")
        except Exception:  # noqa: BLE001 - logging must never break the request
            self.handleError(record)


def configure(app: Flask) -> None:
    """JSON lines on standard error for the app's logger and RQ's (gunicorn and systemd keep standard error), and a
    request id on every request; LOG_JSON false keeps Flask's plain lines (development)."""
    app.before_request(_start_request)
    app.after_request(_finish_request)
    if not app.config["LOG_JSON"]:
        return
    from flask.logging import default_handler

    handler = StderrHandler()
    handler.setFormatter(JsonFormatter())
    handler._eventsys_json = True
    for logger in (app.logger, logging.getLogger("rq")):
        logger.removeHandler(default_handler)
        if not any(getattr(h, "_eventsys_json", False) for h in logger.handlers):
            logger.addHandler(handler)
        logger.propagate = False  # a root handler (Alembic's logging set-up) would print every line again
    app.logger.setLevel(app.config["LOG_LEVEL"])


def request_id_for(given: str) -> str:
    """The id of a request: the proxy's when well formed, else a new one."""
    return given if _WELL_FORMED.fullmatch(given) else uuid.uuid4().hex


def _start_request() -> None:
    g.request_id = request_id_for(request.headers.get(HEADER, ""))
    g.request_started = time.perf_counter()


def _finish_request(response):
    response.headers[HEADER] = g.get("request_id", "")
    if request.endpoint != "operations.metrics" and g.get("request_started") is not None:
        from flask import current_app

        if current_app.config["LOG_REQUESTS"]:
            seconds = time.perf_counter() - g.request_started
            fields = request_fields(
                request.method, request.path, request.endpoint, response.status_code, seconds, request.remote_addr
            )
            current_app.logger.info("request", extra={"fields": fields})
    return response


def request_fields(method: str, path: str, endpoint: str | None, status: int, seconds: float, client) -> dict:
    """What the line of an answered request says, also of one the fast path answers (eventsys/fast_path.py)."""
    ms = round(seconds * 1000, 1)
    return {"method": method, "path": path, "endpoint": endpoint, "status": status, "ms": ms, "client": client}
