"""2,000 startups race over HTTP for the 434 booths of SusHi Tech, against gunicorn on PostgreSQL, then again
over two gunicorn instances (two app servers) on the same PostgreSQL and Redis.

It creates a database of its own (`eventsys_bench_race_<pid>`, dropped at the end) on the PostgreSQL server of
EVENTSYS_BENCH_DATABASE_URL (default postgresql://postgres@127.0.0.1:5432/postgres), migrates it, loads the demo and
2,000 approved startups, starts gunicorn with deploy/gunicorn.conf.py (4 sync workers for this 2-core machine) on a
free loopback port, with Redis (EVENTSYS_BENCH_REDIS_URL, default redis://127.0.0.1:6379/14, emptied first; none if
it does not answer) for the page cache and the mail queue, then lets 64 clients at a time log in (a real form post
with its CSRF token) and race: each startup tries its preferred booths in turn (a seeded random order), and after a
refusal re-reads the free booths (/api/v1/fairs/<slug>/free-booths) to skip those that are gone,
until it holds one or none is left.

Afterwards it counts double bookings in the database. Just before the race and just after it, it measures a bare
Flask route returning "ok" under the same gunicorn settings and the same client, the ceiling of what this machine
serves; the ratio is to the mean of the two.

two_servers: the bookings are cleared and the race is run again against two gunicorn instances on two ports (2
workers each, the same 4 in all), as two hosts behind a load balancer, with `eventsys worker` sending the mails:
each client sends its requests to the two servers in turn, so every log-in session, hold and free-booth read
crosses servers.

    .venv/bin/python benchmarks/booking_race.py [--startups 2000] [--concurrency 64]

Password hashing is set cheap for the benchmark's accounts and server, since logging in is not what it measures.
The last line is JSON with the keys bookable_booths, successes, double_bookings, http_5xx, p50_ms, p99_ms,
requests_per_s, hello_requests_per_s, ratio, two_servers_double_bookings, two_servers_http_5xx,
two_servers_requests_per_s, two_servers_ratio.
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


def start_gunicorn(app_spec: str, port: int, env: dict[str, str], workers: int = 4) -> subprocess.Popen:
    """gunicorn with the deployment's settings (deploy/gunicorn.conf.py) on `port`."""
    env = {**env, "GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_WORKERS": str(workers)}
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)  # each instance gets its own
    command = [str(ROOT / ".venv/bin/gunicorn"), "-c", str(ROOT / "deploy/gunicorn.conf.py"), app_spec]
    process = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)
    for _ in range(300):
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
    """One startup's HTTP client: a keep-alive connection to each server and its cookies; with several servers
    its requests go to each in turn, as a load balancer might send them."""

    def __init__(self, *ports: int):
        self.ports = ports
        self.connections = [http.client.HTTPConnection("127.0.0.1", port, timeout=60) for port in ports]
        self.turn = 0
        self.cookies: dict[str, str] = {}
        self.last_etag: str | None = None

    def request(self, method: str, path: str, body: bytes | None = None, headers: dict | None = None):
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        server = self.turn % len(self.ports)
        self.turn += 1
        for attempt in range(3):
            try:
                self.connections[server].request(method, path, body=body, headers=headers)
                response = self.connections[server].getresponse()
                data = response.read()
                break
            except (http.client.HTTPException, OSError):
                self.connections[server].close()
                self.connections[server] = http.client.HTTPConnection("127.0.0.1", self.ports[server], timeout=60)
                if attempt == 2:
                    raise
        self.last_etag = response.headers.get("ETag")
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name] = rest.split(";", 1)[0]
        return response.status, data

    def close(self) -> None:
        for connection in self.connections:
            connection.close()

    def log_in(self, email: str) -> str:
        return self.log_in_as(email, PASSWORD)

    def log_in_as(self, email: str, password: str) -> str:
        self.turn = 0  # the form and its post to one server
        status, page = self.request("GET", "/login")
        token = re.search(rb'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1).decode()
        form = urllib.parse.urlencode({"csrf_token": token, "email": email, "password": password}).encode()
        status, _ = self.request("POST", "/login", form, {"Content-Type": "application/x-www-form-urlencoded"})
        assert status == 302, f"login of {email} answered {status}"
        self.turn = 0
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


def race(ports: tuple[int, ...], startups: int, concurrency: int, booth_ids: list[int]) -> tuple[Tally, float]:
    browsers = [Browser(*ports) for _ in range(startups)]
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


def hello(ports: int | tuple[int, ...], concurrency: int, total: int) -> float:
    """Requests per second of the bare route, with the same client and concurrency."""
    per_client = total // concurrency
    ports = (ports,) if isinstance(ports, int) else ports

    def run(_: int) -> None:
        browser = Browser(*ports)
        for _ in range(per_client):
            assert browser.request("GET", "/")[0] == 200

    started = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        list(pool.map(run, range(concurrency)))
    return per_client * concurrency / (time.perf_counter() - started)


def bare_route(env: dict[str, str], workers: int, concurrency: int, total: int = 10_000) -> float:
    """Requests per second of the bare route on a gunicorn of its own with the race's settings."""
    port = free_port()
    server = start_gunicorn("benchmarks.hello_app:app", port, env, workers)
    try:
        return hello(port, concurrency, total)
    finally:
        stop(server)


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


def bench_redis(url: str | None = None) -> str | None:
    """The Redis database of the benchmark, emptied; None when none answers (the app then runs without one)."""
    import redis

    url = url or os.environ.get("EVENTSYS_BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).flushdb()
    except redis.exceptions.RedisError:
        return None
    return url


def clear_bookings(database_url: str) -> None:
    """Undo the first race (bookings, their audit entries and waitlist offers) for the second one."""
    engine = create_engine(database_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text("DELETE FROM booth_bookings"))
        connection.execute(text("VACUUM ANALYZE booth_bookings"))
    engine.dispose()


def start_worker(env: dict[str, str]) -> subprocess.Popen:
    command = [str(ROOT / ".venv/bin/eventsys"), "worker"]
    return subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True, stdout=subprocess.DEVNULL)


def summary(tally: Tally, seconds: float) -> dict:
    latencies = sorted(tally.latencies)
    quantiles = statistics.quantiles(latencies, n=100)
    return {
        "successes": tally.statuses.get(201, 0),
        "refusals": tally.statuses.get(409, 0),
        "http_5xx": sum(count for status, count in tally.statuses.items() if status >= 500),
        "p50_ms": round(quantiles[49], 1),
        "p95_ms": round(quantiles[94], 1),
        "p99_ms": round(quantiles[98], 1),
        "requests": tally.requests,
        "requests_per_s": round(tally.requests / seconds),
        "statuses": tally.statuses,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--startups", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=64)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers in all (split over two servers)")
    parser.add_argument("--skip-two-servers", action="store_true")
    args = parser.parse_args()
    base = os.environ.get("EVENTSYS_BENCH_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
    database_url = create_database(base)
    bookable = seed(database_url, args.startups)
    settle(database_url)
    redis_url = bench_redis()
    env = {
        **os.environ,
        **CHEAP_HASH,
        "EVENTSYS_ENV": "production",
        "EVENTSYS_SECRET_KEY": "benchmark-secret",
        "EVENTSYS_DATABASE_URL": database_url,
        "EVENTSYS_SESSION_COOKIE_SECURE": "false",
        "EVENTSYS_RATELIMIT_ENABLED": "false",
        "EVENTSYS_MAIL_OUTBOX": "/tmp/eventsys-bench-race-outbox",
        "EVENTSYS_LOG_REQUESTS": "false",  # a line per request to a terminal is not what a server pays for journald
    }
    if redis_url:
        env["EVENTSYS_REDIS_URL"] = redis_url
    # The bare route just before and just after the race, whose mean is its baseline: the machine's speed drifts
    # by several percent within a minute, and bracketing the race cancels a steady drift.
    hello_before = bare_route(env, args.workers, args.concurrency)
    port = free_port()
    server = start_gunicorn("wsgi:app", port, env, args.workers)
    try:
        booth_ids = sorted(free_booths(Browser(port), Tally()))
        tally, seconds = race((port,), args.startups, args.concurrency, booth_ids)
    finally:
        stop(server)
    double_bookings, booked_booths = count_double_bookings(database_url)
    one = summary(tally, seconds)
    hello_after = bare_route(env, args.workers, args.concurrency)
    hello_rps = (hello_before + hello_after) / 2
    print(f"bare route before the race: {hello_before:.0f}/s, after it: {hello_after:.0f}/s")
    print(f"{args.startups} startups, {args.concurrency} at a time, {bookable} bookable booths, Redis: {redis_url}")
    print(f"one server, {args.workers} sync workers: {json.dumps(one)}")
    print(f"booths booked: {booked_booths}; double bookings: {double_bookings}; bare Flask 'ok': {hello_rps:.0f}/s")
    result = {
        "bookable_booths": bookable,
        "successes": one["successes"],
        "double_bookings": double_bookings,
        "http_5xx": one["http_5xx"],
        "p50_ms": one["p50_ms"],
        "p99_ms": one["p99_ms"],
        "requests_per_s": one["requests_per_s"],
        "hello_requests_per_s": round(hello_rps),
        "ratio": round(one["requests_per_s"] / hello_rps, 3),
    }
    if not args.skip_two_servers:
        result.update(two_servers(database_url, env, args))
    print(json.dumps(result))


def two_servers(database_url: str, env: dict[str, str], args) -> dict:
    """The same race over two gunicorn instances and a worker, on the same PostgreSQL and Redis."""
    clear_bookings(database_url)
    if env.get("EVENTSYS_REDIS_URL"):
        bench_redis(env["EVENTSYS_REDIS_URL"])
    ports = (free_port(), free_port())
    half = max(1, args.workers // 2)
    servers = [start_gunicorn("wsgi:app", port, env, half) for port in ports]
    worker = start_worker(env) if env.get("EVENTSYS_REDIS_URL") else None
    try:
        booth_ids = sorted(free_booths(Browser(ports[0]), Tally()))
        tally, seconds = race(ports, args.startups, args.concurrency, booth_ids)
    finally:
        for process in [*servers, *([worker] if worker else [])]:
            stop(process)
    hello_ports = (free_port(), free_port())
    hello_servers = [start_gunicorn("benchmarks.hello_app:app", port, env, half) for port in hello_ports]
    try:
        hello_rps = hello(hello_ports, args.concurrency, 20_000)
    finally:
        for process in hello_servers:
            stop(process)
    double_bookings, booked_booths = count_double_bookings(database_url)
    two = summary(tally, seconds)
    print(f"two servers ({half} workers each) and a worker: {json.dumps(two)}")
    print(f"booths booked: {booked_booths}; double bookings: {double_bookings}; bare 'ok' over both: {hello_rps:.0f}/s")
    return {
        "two_servers_double_bookings": double_bookings,
        "two_servers_http_5xx": two["http_5xx"],
        "two_servers_successes": two["successes"],
        "two_servers_requests_per_s": two["requests_per_s"],
        "two_servers_hello_requests_per_s": round(hello_rps),
        "two_servers_ratio": round(two["requests_per_s"] / hello_rps, 3),
    }


if __name__ == "__main__":
    main()
