"""2,000 startups race over HTTP for the 434 booths of SusHi Tech, against gunicorn (4 workers) on PostgreSQL.

It creates a database of its own (`eventsys_bench_race_<pid>`, dropped at the end) on the PostgreSQL server of
EVENTSYS_BENCH_DATABASE_URL (default postgresql://postgres@127.0.0.1:5432/postgres), migrates it, loads the demo and
2,000 approved startups, starts gunicorn with 4 sync workers (its default worker class; a connection per request, so
a load balancer's spread is what the workers see) on a free loopback port, then lets 64 clients at a time log in (a
real form post with its CSRF token) and race: each startup tries its preferred booths in turn (a seeded random
order), and after a refusal re-reads the free booths (/api/v1/fairs/<slug>/free-booths) to skip those that are gone,
until it holds one or none is left.

Afterwards it counts double bookings in the database, and measures a bare Flask route returning "ok" under the same
gunicorn settings and the same client as the ceiling of what this machine serves.

    .venv/bin/python benchmarks/booking_race.py [--startups 2000] [--concurrency 64]

Password hashing is set cheap for the benchmark's accounts and server, since logging in is not what it measures.
The last line is JSON with the keys bookable_booths, successes, double_bookings, http_5xx, p50_ms, p99_ms,
requests_per_s, hello_requests_per_s.
"""

from __future__ import annotations

import argparse
import atexit
import http.client
import json
import os
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, func, select, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

FAIR = "sushi-tech-tokyo-2027"
PASSWORD = "Race-2026-startups"
CHEAP_HASH = {"EVENTSYS_PASSWORD_HASH_TIME_COST": "1", "EVENTSYS_PASSWORD_HASH_MEMORY_KIB": "64"}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def create_database(base_url: str, prefix: str = "eventsys_bench_race") -> str:
    """A new database of this run's own (two runs at once do not clash), dropped when the run ends."""
    url = make_url(base_url).set(drivername="postgresql+psycopg")
    name = f"{prefix}_{os.getpid()}"
    admin_url = url.set(database="postgres")
    _drop_and_create(admin_url, name, create=True)
    atexit.register(_drop_and_create, admin_url, name, create=False)
    return url.set(database=name).render_as_string(hide_password=False)


def _drop_and_create(admin_url, name: str, *, create: bool) -> None:
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        if create:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()


def seed(database_url: str, startups: int) -> int:
    """Migrate, load the demo and `startups` approved startups; return the number of bookable booths."""
    from flask_migrate import upgrade

    from eventsys import create_app
    from eventsys.demo import seed_demo
    from eventsys.extensions import db
    from eventsys.models import (
        Booth,
        Exhibitor,
        ExhibitorStatus,
        Fair,
        Membership,
        Organization,
        OrganizationKind,
        Role,
        User,
    )
    from eventsys.services.accounts.users import PasswordPolicy, hash_password

    app = create_app({"ENV": "development", "SECRET_KEY": "bench", "DATABASE_URL": database_url})
    policy = PasswordPolicy(time_cost=1, memory_cost_kib=64)
    with app.app_context():
        upgrade(directory=app.extensions["migrate"].directory)
        seed_demo(db.session, policy=policy)
        fair = db.session.scalar(select(Fair).where(Fair.slug == FAIR))
        password_hash = hash_password(PASSWORD, policy)
        for n in range(startups):
            organization = Organization(kind=OrganizationKind.STARTUP, name=f"Racer {n:04d}", country="JP")
            user = User(
                email=f"racer-{n:04d}@example.com", password_hash=password_hash, name=f"Racer {n}", role=Role.STARTUP
            )
            db.session.add_all([organization, user, Membership(user=user, organization=organization)])
            db.session.add(Exhibitor(fair=fair, organization=organization, status=ExhibitorStatus.APPROVED))
        db.session.commit()
        bookable = db.session.scalar(
            select(func.count()).select_from(Booth).where(Booth.fair_id == fair.id, Booth.is_blocked.is_(False))
        )
        db.engine.dispose()
    return bookable


def settle(database_url: str) -> None:
    """VACUUM ANALYZE and CHECKPOINT after the bulk load, as one would before opening a fair: otherwise autovacuum
    and a checkpoint may start in the middle of the race and blur its figures."""
    engine = create_engine(database_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text("VACUUM ANALYZE"))
        connection.execute(text("CHECKPOINT"))
    engine.dispose()


def start_gunicorn(app_spec: str, port: int, env: dict[str, str]) -> subprocess.Popen:
    command = [
        str(ROOT / ".venv/bin/gunicorn"),
        "--workers",
        "4",
        "--worker-class",
        "sync",
        "--bind",
        f"127.0.0.1:{port}",
        "--log-level",
        "warning",
        app_spec,
    ]
    process = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)
    for _ in range(100):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return process
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("gunicorn did not start")


def stop(process: subprocess.Popen) -> None:
    os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=30)


class Browser:
    """One startup's HTTP client: a keep-alive connection and its cookies."""

    def __init__(self, port: int):
        self.port = port
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: bytes | None = None, headers: dict | None = None):
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        for attempt in range(3):
            try:
                self.connection.request(method, path, body=body, headers=headers)
                response = self.connection.getresponse()
                data = response.read()
                break
            except (http.client.HTTPException, OSError):
                self.connection.close()
                self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
                if attempt == 2:
                    raise
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name] = rest.split(";", 1)[0]
        return response.status, data

    def log_in(self, email: str) -> str:
        status, page = self.request("GET", "/login")
        token = re.search(rb'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1).decode()
        form = urllib.parse.urlencode({"csrf_token": token, "email": email, "password": PASSWORD}).encode()
        status, _ = self.request("POST", "/login", form, {"Content-Type": "application/x-www-form-urlencoded"})
        assert status == 302, f"login of {email} answered {status}"
        return token


class Tally:
    def __init__(self):
        self.lock = threading.Lock()
        self.latencies: list[float] = []
        self.latencies_by_status: dict[int, list[float]] = {}
        self.statuses: dict[int, int] = {}
        self.requests = 0

    def add(self, status: int, seconds: float | None = None) -> None:
        with self.lock:
            self.requests += 1
            self.statuses[status] = self.statuses.get(status, 0) + 1
            if seconds is not None:
                self.latencies.append(seconds * 1000)
                self.latencies_by_status.setdefault(status, []).append(seconds * 1000)


def free_booths(browser: Browser, tally: Tally) -> set[int]:
    status, data = browser.request("GET", f"/api/v1/fairs/{FAIR}/free-booths")
    tally.add(status)
    return set(json.loads(data)["booth_ids"])


def race(port: int, startups: int, concurrency: int, booth_ids: list[int]) -> tuple[Tally, float]:
    browsers = [Browser(port) for _ in range(startups)]
    tokens = [None] * startups

    def log_in(n: int) -> None:
        tokens[n] = browsers[n].log_in(f"racer-{n:04d}@example.com")

    with ThreadPoolExecutor(concurrency) as pool:
        list(pool.map(log_in, range(startups)))
    tally = Tally()

    def run(n: int) -> None:
        browser = browsers[n]
        preferred = booth_ids[:]
        random.Random(n).shuffle(preferred)
        gone: set[int] = set()
        for booth_id in preferred:
            if booth_id in gone:
                continue
            started = time.perf_counter()
            status, _ = browser.request("POST", f"/api/v1/booths/{booth_id}/hold", b"", {"X-CSRFToken": tokens[n]})
            tally.add(status, time.perf_counter() - started)
            if status != 409:
                return
            free = free_booths(browser, tally)
            if not free:
                return
            gone = set(booth_ids) - free

    started = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        list(pool.map(run, range(startups)))
    return tally, time.perf_counter() - started


def hello(port: int, concurrency: int, total: int) -> float:
    """Requests per second of the bare route, with the same client and concurrency."""
    per_client = total // concurrency

    def run(_: int) -> None:
        browser = Browser(port)
        for _ in range(per_client):
            assert browser.request("GET", "/")[0] == 200

    started = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        list(pool.map(run, range(concurrency)))
    return per_client * concurrency / (time.perf_counter() - started)


def count_double_bookings(database_url: str) -> tuple[int, int]:
    engine = create_engine(database_url)
    with engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT b.booth_id, count(*) FROM booth_bookings b JOIN fairs f ON f.id = b.fair_id"
                " WHERE f.slug = :fair AND b.status IN ('held', 'confirmed') GROUP BY b.booth_id"
            ),
            {"fair": FAIR},
        ).all()
    engine.dispose()
    return sum(count - 1 for _, count in rows if count > 1), len(rows)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--startups", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=64)
    args = parser.parse_args()
    base = os.environ.get("EVENTSYS_BENCH_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
    database_url = create_database(base)
    bookable = seed(database_url, args.startups)
    settle(database_url)
    env = {
        **os.environ,
        **CHEAP_HASH,
        "EVENTSYS_ENV": "production",
        "EVENTSYS_SECRET_KEY": "benchmark-secret",
        "EVENTSYS_DATABASE_URL": database_url,
        "EVENTSYS_SESSION_COOKIE_SECURE": "false",
        "EVENTSYS_RATELIMIT_ENABLED": "false",
        "EVENTSYS_MAIL_OUTBOX": "/tmp/eventsys-bench-race-outbox",
    }
    port = free_port()
    server = start_gunicorn("wsgi:app", port, env)
    try:
        probe = Browser(port)
        booth_ids = sorted(free_booths(probe, Tally()))
        tally, seconds = race(port, args.startups, args.concurrency, booth_ids)
    finally:
        stop(server)
    double_bookings, booked_booths = count_double_bookings(database_url)
    hello_port = free_port()
    hello_server = start_gunicorn("benchmarks.hello_app:app", hello_port, env)
    try:
        hello_rps = hello(hello_port, args.concurrency, 20_000)
    finally:
        stop(hello_server)

    latencies = sorted(tally.latencies)
    quantiles = statistics.quantiles(latencies, n=100)
    successes = tally.statuses.get(201, 0)
    errors = sum(count for status, count in tally.statuses.items() if status >= 500)
    rps = tally.requests / seconds
    print(
        f"{args.startups} startups, {args.concurrency} at a time, {bookable} bookable booths, gunicorn 4 sync workers"
    )
    print(
        f"holds: {successes} succeeded, {tally.statuses.get(409, 0)} refused (409), {errors} 5xx; "
        f"statuses {tally.statuses}"
    )
    print(f"booths booked in the database: {booked_booths}; double bookings: {double_bookings}")
    print(f"hold latency: p50 {quantiles[49]:.1f} ms, p95 {quantiles[94]:.1f} ms, p99 {quantiles[98]:.1f} ms")
    for status, values in sorted(tally.latencies_by_status.items()):
        by_status = statistics.quantiles(values, n=100)
        print(f"  answered {status}: p50 {by_status[49]:.1f} ms, p99 {by_status[98]:.1f} ms, max {max(values):.1f} ms")
    print(
        f"race: {tally.requests} requests in {seconds:.1f} s = {rps:.0f} requests/s; bare Flask 'ok': {hello_rps:.0f}/s"
    )
    print(
        json.dumps(
            {
                "bookable_booths": bookable,
                "successes": successes,
                "double_bookings": double_bookings,
                "http_5xx": errors,
                "p50_ms": round(quantiles[49], 1),
                "p99_ms": round(quantiles[98], 1),
                "requests_per_s": round(rps),
                "hello_requests_per_s": round(hello_rps),
            }
        )
    )


if __name__ == "__main__":
    main()
