"""gunicorn settings for an eventsys app server: `gunicorn -c deploy/gunicorn.conf.py wsgi:app`.

Each setting can be changed without editing this file: GUNICORN_BIND, GUNICORN_WORKERS, GUNICORN_THREADS.
The defaults are those measured best for a booth rush on a 2-core host (README, "Running a real fair").
"""

import multiprocessing
import os
import tempfile
from pathlib import Path

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
#: Processes: two per core, so one waits on PostgreSQL while the other computes.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2))
#: sync workers: a request's work is CPU in Python and a few round trips to PostgreSQL; threads would share one GIL
#: per process, and gevent would need every driver patched. nginx buffers slow clients, so sync is safe behind it.
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "sync")
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
#: A booking rush keeps connections to nginx busy; a stuck request is ended after this many seconds.
timeout = 30
graceful_timeout = 30
keepalive = 5
#: Workers start afresh after this many requests (with jitter, not all at once), so a slow leak cannot build up.
max_requests = 20000
max_requests_jitter = 2000
#: The app logs JSON lines itself (one per request); gunicorn logs only its own errors.
accesslog = None
errorlog = "-"
loglevel = "warning"
#: The X-Forwarded-* headers are read by the app (EVENTSYS_PROXY_HOPS), not by gunicorn.
forwarded_allow_ips = "127.0.0.1"

# Prometheus counters of all workers, in files that any worker adds up at /metrics; set before the app is imported.
os.environ.setdefault("PROMETHEUS_MULTIPROC_DIR", tempfile.mkdtemp(prefix="eventsys-metrics-"))


def on_starting(server):
    """Counters start at zero with the server: the files of workers of an earlier run are removed."""
    folder = Path(os.environ["PROMETHEUS_MULTIPROC_DIR"])
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.glob("*.db"):
        stale.unlink()


def child_exit(server, worker):
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)
