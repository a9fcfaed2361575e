"""How the directories, recommendations and the CSV import perform on the SusHi Tech scale.

Builds a temporary SQLite database by the migrations (or uses EVENTSYS_BENCH_DATABASE_URL, e.g. a PostgreSQL
database of your own), loads `seed-demo --scale sushitech` (434 startups, 635 investors), then measures:

- the startup directory page (/startups/) as a verified investor: SQL statements per request at 1, 24 and 100
  results per page (they must be equal), and the median time of 50 renders of the default page;
- recommendations for every verified investor against every startup, in one call;
- importing 635 investors from a CSV file (parsing, checking and writing), then the commit that sends their
  invitation mails (to the outbox folder, as without Redis).

    .venv/bin/python benchmarks/directory.py

The last line is JSON: {"queries": …, "median_ms": …, "recommend_seconds": …, "import_seconds": …}.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import event, text  # noqa: E402

from eventsys import create_app  # noqa: E402
from eventsys.demo import seed_demo  # noqa: E402
from eventsys.demo.people import DEMO_PASSWORD  # noqa: E402
from eventsys.extensions import db  # noqa: E402
from eventsys.models import Organization, User, Verification  # noqa: E402
from eventsys.services.accounts import investor_import  # noqa: E402
from eventsys.services.accounts.users import PasswordPolicy  # noqa: E402
from eventsys.services.directory import recommendations

RENDERS = 50
IMPORT_ROWS = 635


def _count_queries(client, engine, path: str) -> int:
    statements: list[str] = []

    def on_execute(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", on_execute)
    try:
        assert client.get(path).status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", on_execute)
    return len(statements)


def _import_csv(n: int) -> bytes:
    header = (
        "email,name,firm,firm_local,type,country,city,sectors,stages,regions,ticket_min,ticket_max,currency,thesis\n"
    )
    types = ("venture_capital", "corporate_vc", "angel", "government_fund", "bank", "accelerator", "corporate_partner")
    rows = [
        f"bench-{i:04d}@example.com,Person {i},Bench Fund {i // 2},ベンチ{i // 2},{types[i % 7]},"
        f"{'JP' if i % 3 else 'US'},Tokyo,robotics;fintech,seed;series_a,kanto;kansai,1000000,50000000,"
        f"{'JPY' if i % 3 else 'USD'},Robots and payments in Japan"
        for i in range(n)
    ]
    return (header + "\n".join(rows) + "\n").encode()


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        url = os.environ.get("EVENTSYS_BENCH_DATABASE_URL") or f"sqlite:///{folder}/bench.db"
        app = create_app(
            {
                "ENV": "benchmark",
                "SECRET_KEY": "benchmark",
                "DATABASE_URL": url,
                "WTF_CSRF_ENABLED": False,
                "RATELIMIT_ENABLED": False,
                "PASSWORD_HASH_TIME_COST": 1,
                "PASSWORD_HASH_MEMORY_KIB": 64,
                "MAIL_OUTBOX": f"{folder}/outbox",
            }
        )
        with app.app_context():
            if db.engine.dialect.name == "postgresql":
                with db.engine.begin() as connection:
                    connection.execute(text("DROP SCHEMA public CASCADE"))
                    connection.execute(text("CREATE SCHEMA public"))
            upgrade(directory=app.extensions["migrate"].directory)
            seed_demo(db.session, scale="sushitech", policy=PasswordPolicy(time_cost=1, memory_cost_kib=64))
            db.session.commit()
            investor = (
                db.session.query(User)
                .join(User.memberships)
                .join(Organization)
                .filter(User.email.like("investor-%"), Organization.verification == Verification.VERIFIED)
                .order_by(User.email)
                .first()
            )
            email = investor.email
            startups = db.session.query(Organization).filter(Organization.kind == "startup").count()
            db.session.remove()
        client = app.test_client()
        client.post("/login", data={"email": email, "password": DEMO_PASSWORD})
        client.get("/startups/")  # opens the pooled connection, whose set-up statements are not the page's
        with app.app_context():
            engine = db.engine
        # Outside an app context, so every request has its own session, as in production.
        counts = {size: _count_queries(client, engine, f"/startups/?per_page={size}") for size in (1, 24, 100)}
        timings = []
        for _ in range(RENDERS):
            started = time.perf_counter()
            response = client.get("/startups/")
            timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200
        search_timings = []
        for _ in range(RENDERS // 5):
            started = time.perf_counter()
            client.get("/startups/?q=ロボ&sector=robotics&has_booth=")
            search_timings.append((time.perf_counter() - started) * 1000)
        with app.app_context():
            started = time.perf_counter()
            every = recommendations.recommend_all_investors(db.session, limit=10)
            recommend_seconds = time.perf_counter() - started
            organizer = db.session.query(User).filter(User.email == "organizer@example.com").one()
            data = _import_csv(IMPORT_ROWS)
            started = time.perf_counter()
            result = investor_import.import_investors(db.session, data, actor=organizer)
            import_seconds = time.perf_counter() - started
            db.session.commit()
            mail_seconds = time.perf_counter() - started - import_seconds
            db.session.remove()
            db.engine.dispose()
    median_ms = statistics.median(timings)
    print(f"database: {url.split(':', 1)[0]}, {startups} startups")
    print(f"directory page SQL statements at 1 / 24 / 100 per page: {counts[1]} / {counts[24]} / {counts[100]}")
    print(f"directory page (24 per page): median {median_ms:.1f} ms over {RENDERS} renders, max {max(timings):.1f} ms")
    print(f"directory search (text + sector): median {statistics.median(search_timings):.1f} ms")
    print(f"recommendations for {len(every)} investors against {startups} startups: {recommend_seconds:.3f} s")
    print(f"import of {IMPORT_ROWS} investors from CSV ({len(result.created)} new): {import_seconds:.2f} s")
    print(f"commit of the import with its {len(result.created)} invitation mails: {mail_seconds:.2f} s")
    if len(set(counts.values())) != 1:
        print("WARNING: the number of queries depends on the page size")
    print(
        json.dumps(
            {
                "queries": counts[24],
                "median_ms": round(median_ms, 1),
                "recommend_seconds": round(recommend_seconds, 3),
                "import_seconds": round(import_seconds, 2),
            }
        )
    )


if __name__ == "__main__":
    main()
