"""What one request of a booth rush costs the server: SQL statements and CPU time, in process, without HTTP.

The race (booking_race.py) shows latency under load, which the machine's other work blurs; this shows where that
load comes from. It creates a database of its own (`eventsys_bench_costs_<pid>`, dropped at the end) on the
PostgreSQL server of EVENTSYS_BENCH_DATABASE_URL (default postgresql://postgres@127.0.0.1:5432/postgres), loads the
demo and 200 approved startups that log in, with Redis for the page cache and the mail queue as in the race (none
if it does not answer), warms the app up as gunicorn's workers do (wsgi.py), then measures through Flask's test
client the three requests of a rush: a hold that succeeds (with its audit entry and mail), a hold refused because
the booth is taken (by the app, then, once the free booths were read, by the fast path of api/hold_refusals.py),
and a read of the free booths (answered before the app, and rebuilt by it just after a hold). CPU time is this
process's (PostgreSQL's own work is not in it), as the lowest mean of several rounds, the least disturbed by the
rest of the machine.

    .venv/bin/python benchmarks/booking_costs.py

The last line is JSON: {"statements": {"success": …, "refusal": …, "free_booths": …, "free_booths_rebuilt": …},
"cpu_ms": {… "fast_refusal": …, "free_booths_rebuilt": …},
"baseline_cpu_ms": {"healthz": …, "anonymous_401": …, "signed_in_404": …}}: the baselines, measured in the same run,
are the app's cheapest answer, an answer without a user, and one that loads the signed-in user and log-in.
"""

from __future__ import annotations

import json
import os
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import event, select  # noqa: E402

from benchmarks.booking_race import FAIR, PASSWORD, bench_redis, create_database, seed  # noqa: E402

STARTUPS = 200


def main() -> None:
    base = os.environ.get("EVENTSYS_BENCH_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
    database_url = create_database(base, "eventsys_bench_costs")
    seed(database_url, STARTUPS)
    os.environ.update(
        EVENTSYS_ENV="production",
        EVENTSYS_SECRET_KEY="benchmark-secret",
        EVENTSYS_DATABASE_URL=database_url,
        EVENTSYS_SESSION_COOKIE_SECURE="false",
        EVENTSYS_RATELIMIT_ENABLED="false",
        EVENTSYS_PASSWORD_HASH_TIME_COST="1",
        EVENTSYS_PASSWORD_HASH_MEMORY_KIB="64",
        EVENTSYS_MAIL_OUTBOX="/tmp/eventsys-bench-costs-outbox",
    )
    redis_url = bench_redis()  # the mails are queued, not sent, as in the race (no worker runs)
    if redis_url:
        os.environ["EVENTSYS_REDIS_URL"] = redis_url
    from eventsys.extensions import db
    from eventsys.models import Booth, Fair
    from wsgi import app  # created and warmed up as in a gunicorn worker

    with app.app_context():
        booths = db.session.scalars(
            select(Booth.id).join(Fair).where(Fair.slug == FAIR, Booth.is_blocked.is_(False)).order_by(Booth.id)
        ).all()[:STARTUPS]
        engine = db.engine
    clients = [log_in(app, f"racer-{n:04d}@example.com") for n in range(STARTUPS)]

    held = STARTUPS - 40  # startups 0…159 hold booths 0…159 in the measured rounds; the last one is counted alone

    def success(n: int) -> None:
        client, token = clients[n]
        assert client.post(f"/api/v1/booths/{booths[n]}/hold", headers={"X-CSRFToken": token}).status_code == 201

    def refusal(n: int) -> None:
        client, token = clients[(n + 1) % held]
        answer = client.post(f"/api/v1/booths/{booths[n % held]}/hold", headers={"X-CSRFToken": token})
        assert answer.status_code == 409

    def free_booths(n: int) -> None:
        assert clients[n % held][0].get(f"/api/v1/fairs/{FAIR}/free-booths").status_code == 200

    anonymous = app.test_client()

    def health(_n: int) -> None:
        assert anonymous.get("/healthz").status_code == 200

    def refused_anonymous(_n: int) -> None:
        assert anonymous.get("/api/v1/bookings/0").status_code == 401

    def signed_in_not_found(n: int) -> None:
        assert clients[n % held][0].get("/api/v1/bookings/0").status_code == 404

    cpu_ms = {
        "success": lowest_mean_cpu_ms(success, range(held), 40),
        "refusal": lowest_mean_cpu_ms(refusal, range(600), 100),
    }
    refusal_statements = count_statements(engine, lambda: refusal(0))  # by the app: nobody has read the free booths
    cpu_ms["free_booths"] = lowest_mean_cpu_ms(free_booths, range(600), 100)
    # Since the free booths were read, and with them the fair's taken booths stored, a refusal of a taken booth is
    # answered before the app (api/hold_refusals.py).
    cpu_ms["fast_refusal"] = lowest_mean_cpu_ms(refusal, range(600), 100)
    # A read of the free booths just after a hold, which the app builds (once per change, for every client).
    cpu_ms["free_booths_rebuilt"] = rebuilt_cpu_ms(success, free_booths, range(held, STARTUPS - 4))
    # The floor under a request in the same run: the app's cheapest answer, one without a user, and one that loads
    # the session's user and log-in (what a refused hold pays before its own check).
    baselines = {
        "healthz": lowest_mean_cpu_ms(health, range(600), 100),
        "anonymous_401": lowest_mean_cpu_ms(refused_anonymous, range(600), 100),
        "signed_in_404": lowest_mean_cpu_ms(signed_in_not_found, range(600), 100),
    }
    statements = {
        "success": count_statements(engine, lambda: success(STARTUPS - 1)),
        "refusal": refusal_statements,
        "fast_refusal": count_statements(engine, lambda: refusal(0)),
        "free_booths_rebuilt": count_statements(engine, lambda: free_booths(0)),  # the first read after that hold
        "free_booths": count_statements(engine, lambda: free_booths(0)),  # the next, answered before the app
    }
    print(f"{STARTUPS} startups logged in; each request measured in process through Flask's test client")
    for name in cpu_ms:
        queries = f"{statements[name]:3d} SQL statements (BEGIN to COMMIT/ROLLBACK)" if name in statements else ""
        print(f"{name:12} {queries:44} {cpu_ms[name]:5.2f} ms CPU")
    for name, value in baselines.items():
        print(f"{name:14} {value:5.2f} ms CPU (baseline)")
    print(json.dumps({"statements": statements, "cpu_ms": cpu_ms, "baseline_cpu_ms": baselines}))


def log_in(app, email: str):
    client = app.test_client()
    page = client.get("/login").data
    token = re.search(rb'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1).decode()
    form = {"csrf_token": token, "email": email, "password": PASSWORD}
    assert client.post("/login", data=form).status_code == 302
    return client, token


def count_statements(engine, request) -> int:
    """Statements one request sends, transaction control included (each is a round trip to the database)."""
    seen = []

    def note(*_args) -> None:
        seen.append(1)

    events = ("before_cursor_execute", "begin", "commit", "rollback")  # SAVEPOINT and RELEASE are cursor statements
    for name in events:
        event.listen(engine, name, note)
    try:
        request()
    finally:
        for name in events:
            event.remove(engine, name, note)
    return len(seen)


def rebuilt_cpu_ms(change, read, numbers: range, per_round: int = 12) -> float:
    """As lowest_mean_cpu_ms, of `read(n)` alone, each just after `change(n)` (not measured)."""
    means = []
    for start in range(numbers.start, numbers.stop - per_round + 1, per_round):
        spent = 0.0
        for n in range(start, start + per_round):
            change(n)
            began = time.process_time()
            read(n)
            spent += time.process_time() - began
        means.append(spent / per_round * 1000)
    return round(min(means), 2)


def lowest_mean_cpu_ms(request, numbers: range, per_round: int) -> float:
    means = []
    for start in range(numbers.start, numbers.stop, per_round):
        began = time.process_time()
        for n in range(start, min(start + per_round, numbers.stop)):
            request(n)
        means.append((time.process_time() - began) / per_round * 1000)
    return round(min(means), 2)


if __name__ == "__main__":
    main()
