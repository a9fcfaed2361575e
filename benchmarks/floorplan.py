"""How the floor plan of a 434-booth hall performs: SQL statements per build, build time, and requests per second.

Builds a temporary SQLite database by the migrations (or uses EVENTSYS_BENCH_DATABASE_URL), loads the demo, adds
one hall holding all 434 bookable booths of SusHi Tech's size (rows, corners and islands, half of them held or
booked), then measures, as an approved startup:

- the plan layer (fairs.show_plan_layer: legend, booths, list; the same for everyone) built fresh: SQL statements
  (also with a tenth of the booths, to show the count does not grow) and the median of 50 builds (`median_ms`);
  the hall page around it (the same for every startup, fairs/hall_shell.py): its statements and median (`page_*`);
- from gunicorn with 64 clients: the plan layer answered from the cache, the whole of it as a browser that has
  none gets it (200, gzipped as browsers accept it: `cached_requests_per_s`), revalidated (304), the hall page
  of the startup (`page_requests_per_s`, from the cache too), its own part (`mine_requests_per_s`: its hold and
  bookings, from the app), one whole view (page, plan and own part: `view_requests_per_s`; a visitor's, page and
  plan: `visitor_view_requests_per_s`), and the bare "ok" route on the same gunicorn settings in the same run
  (`hello_requests_per_s`), with their ratios.

    .venv/bin/python benchmarks/floorplan.py [--seed-only]

The last line is JSON: {"queries": …, "median_ms": …, "cached_requests_per_s": …, "hello_requests_per_s": …, …}.
"""

from __future__ import annotations

import json
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import event, select  # noqa: E402

from eventsys import create_app  # noqa: E402
from eventsys.demo import seed_demo  # noqa: E402
from eventsys.demo.fairs import RowBlocks, booth_type_kind, lay_out  # noqa: E402
from eventsys.demo.people import DEMO_PASSWORD  # noqa: E402
from eventsys.extensions import db  # noqa: E402
from eventsys.models import (  # noqa: E402
    BookingStatus,
    Booth,
    BoothBooking,
    Fair,
    Hall,
    Organization,
    OrganizationKind,
    Sector,
)
from eventsys.services import page_cache  # noqa: E402
from eventsys.services.accounts.users import PasswordPolicy  # noqa: E402

RENDERS = 50


def _big_hall(fair: Fair, prefix: str, booths_per_side: int) -> Hall:
    """A hall laid out like the demo's: 9 double rows of 3 blocks (corners at the row ends) and 2 islands in front."""
    layout = RowBlocks(prefix, (5, 5), blocks=3, double_rows=9, booths_per_side=booths_per_side, islands=2)
    hall = Hall(fair=fair, slug=prefix.lower(), name=f"Benchmark {prefix}", width=30 + 9 * booths_per_side, depth=100)
    db.session.add(hall)
    types = {booth_type_kind(t): t for t in fair.booth_types}
    db.session.add_all(lay_out(hall, layout, types, list(db.session.scalars(select(Sector)))))
    db.session.flush()
    return hall


def _occupy(fair: Fair, hall: Hall, share: float) -> None:
    """Hold or book about `share` of the hall's booths for made-up exhibitors."""
    rng = random.Random(434)
    booths = db.session.scalars(select(Booth).where(Booth.hall_id == hall.id)).all()
    now = datetime.now(UTC)
    for booth in rng.sample(list(booths), int(len(booths) * share)):
        exhibitor = Organization(kind=OrganizationKind.STARTUP, name=f"Exhibitor {booth.code}", country="JP")
        held = rng.random() < 0.2
        db.session.add(
            BoothBooking(
                fair_id=fair.id,
                booth=booth,
                organization=exhibitor,
                status=BookingStatus.HELD if held else BookingStatus.CONFIRMED,
                held_until=now + timedelta(minutes=10) if held else None,
            )
        )
    db.session.flush()


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


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="eventsys-floorplan-"))
    url = os.environ.get("EVENTSYS_BENCH_DATABASE_URL") or f"sqlite:///{folder / 'bench.db'}"
    app = create_app(
        {
            "ENV": "development",
            "SECRET_KEY": "bench",
            "DATABASE_URL": url,
            "INSTANCE_PATH": str(folder),
            "WTF_CSRF_ENABLED": False,
            "RATELIMIT_ENABLED": False,
        }
    )
    with app.app_context():
        upgrade(directory=app.extensions["migrate"].directory)
        seed_demo(db.session, policy=PasswordPolicy(time_cost=1, memory_cost_kib=64))
        fair = db.session.scalar(select(Fair).where(Fair.slug == "sushi-tech-tokyo-2027"))
        big = _big_hall(fair, "B434", booths_per_side=8)
        _big_hall(fair, "B56", booths_per_side=1)
        _occupy(fair, big, 0.5)
        booths = db.session.query(Booth).filter(Booth.hall_id == big.id).count()
        db.session.commit()
        engine = db.engine
    if "--seed-only" in sys.argv:  # what tests/test_benchmarks_still_run.py runs: the halls, no measurement
        print(json.dumps({"booths": booths}))
        return

    client = app.test_client()
    client.post("/login", data={"email": "startup@example.com", "password": DEMO_PASSWORD})
    base = "/fairs/sushi-tech-tokyo-2027/halls/"
    queries = _count_queries(client, engine, base + "b434/plan?lang=en")
    queries_small = _count_queries(client, engine, base + "b56/plan?lang=en")
    page_queries = _count_queries(client, engine, base + "b434")
    cpu: list[float] = []
    timings, page_timings = _fresh(client, base + "b434/plan?lang=en", cpu), _fresh(client, base + "b434")
    median, page_median = statistics.median(timings), statistics.median(page_timings)
    print(f"hall with {booths} booths (half held or booked), as an approved startup, on {url.split(':')[0]}")
    print(f"SQL statements per plan build: {queries} (a hall of 56 booths: {queries_small}); hall page: {page_queries}")
    print(
        f"plan built fresh, over {RENDERS} requests: median {median:.1f} ms, "
        f"p95 {statistics.quantiles(timings, n=20)[18]:.1f} ms (CPU: median {statistics.median(cpu):.1f} ms); "
        f"hall page: median {page_median:.1f} ms"
    )
    with app.app_context():
        db.engine.dispose()
    served = serve(url, folder)
    print(
        f"from gunicorn, 64 clients: cached plan {served['cached_requests_per_s']}/s (gzipped 200), "
        f"{served['revalidated_requests_per_s']}/s revalidated (304); the startup's hall page "
        f"{served['page_requests_per_s']}/s (shared by all startups), its own part {served['mine_requests_per_s']}/s; "
        f"whole views (page, plan, own part) {served['view_requests_per_s']}/s, a visitor's (page, plan) "
        f"{served['visitor_view_requests_per_s']}/s; bare 'ok' {served['hello_requests_per_s']}/s"
    )
    print(
        json.dumps(
            {
                "queries": queries,
                "median_ms": round(median, 1),
                "median_cpu_ms": round(statistics.median(cpu), 1),
                "page_queries": page_queries,
                "page_median_ms": round(page_median, 1),
                **served,
            }
        )
    )


def _fresh(client, path: str, cpu: list[float] | None = None) -> list[float]:
    """Milliseconds of each of RENDERS requests of `path` with nothing cached; the CPU milliseconds of each go to
    `cpu` (steadier than the time on a machine that others share)."""
    from eventsys.fairs import plan_layer

    timings = []
    for _ in range(RENDERS):
        page_cache.clear_local()
        plan_layer.forget()
        started, started_cpu = time.perf_counter(), time.thread_time()
        response = client.get(path)
        timings.append((time.perf_counter() - started) * 1000)
        if cpu is not None:
            cpu.append((time.thread_time() - started_cpu) * 1000)
        assert response.status_code == 200
    return timings


def serve(url: str, folder: Path, concurrency: int = 64, total: int = 3200) -> dict:
    """Requests per second of the cached hall page and of the bare route, on the same gunicorn settings."""
    from concurrent.futures import ThreadPoolExecutor

    from benchmarks.booking_race import CHEAP_HASH, Browser, bench_redis, free_port, start_gunicorn, stop

    env = {
        **os.environ,
        **CHEAP_HASH,
        "EVENTSYS_ENV": "production",
        "EVENTSYS_SECRET_KEY": "bench",
        "EVENTSYS_DATABASE_URL": url,
        "EVENTSYS_INSTANCE_PATH": str(folder),
        "EVENTSYS_SESSION_COOKIE_SECURE": "false",
        "EVENTSYS_RATELIMIT_ENABLED": "false",
        "EVENTSYS_LOG_REQUESTS": "false",
    }
    redis_url = bench_redis()
    if redis_url:
        env["EVENTSYS_REDIS_URL"] = redis_url
    page = "/fairs/sushi-tech-tokyo-2027/halls/b434"
    plan, mine = page + "/plan?lang=en", page + "/mine"
    as_browser = {"Accept-Encoding": "gzip, deflate, br"}

    def rate(port: int, paths: list[str], log_in: bool, revalidate: bool = False) -> float:
        """Rounds per second, a round being a GET of each of `paths` in turn, as a browser sends them;
        `revalidate`: with the ETag it got (304 when unchanged)."""
        browsers = [Browser(port) for _ in range(concurrency)]
        etags = {}
        for browser in browsers:
            if log_in:
                browser.log_in_as("startup@example.com", DEMO_PASSWORD)
            for _ in range(2):  # warm: the first builds the entry (and shows the log-in message)
                for path in paths:
                    assert browser.request("GET", path, headers=as_browser)[0] == 200
            etags[browser] = browser.last_etag

        def run(browser) -> None:
            for _ in range(total // concurrency // len(paths)):
                for path in paths:
                    headers = {**as_browser, "If-None-Match": etags[browser]} if revalidate else as_browser
                    status, body = browser.request("GET", path, headers=headers)
                    assert status == (304 if revalidate else 200) and (revalidate or body)

        started = time.perf_counter()
        with ThreadPoolExecutor(concurrency) as pool:
            list(pool.map(run, browsers))
        return round(total // concurrency // len(paths) * concurrency / (time.perf_counter() - started))

    port = free_port()
    server = start_gunicorn("wsgi:app", port, env)
    try:
        _wait_ready(port)
        _check_gzipped(port, plan)
        cached = rate(port, [plan], log_in=True)
        revalidated = rate(port, [plan], log_in=True, revalidate=True)
        shell = rate(port, [page], log_in=True)
        own = rate(port, [mine], log_in=True)
        view = rate(port, [page, plan, mine], log_in=True)
        visitor_view = rate(port, [page, plan], log_in=False)  # a visitor's page asks for no own part
    finally:
        stop(server)
    hello_port = free_port()
    hello_server = start_gunicorn("benchmarks.hello_app:app", hello_port, env)
    try:
        _wait_ready(hello_port, "/")
        hello = rate(hello_port, ["/"], log_in=False)
    finally:
        stop(hello_server)
    return {
        "cached_requests_per_s": cached,
        "revalidated_requests_per_s": revalidated,
        "page_requests_per_s": shell,
        "mine_requests_per_s": own,
        "view_requests_per_s": view,
        "visitor_view_requests_per_s": visitor_view,
        "hello_requests_per_s": hello,
        "cached_ratio": round(cached / hello, 3),
        "revalidated_ratio": round(revalidated / hello, 3),
        "page_ratio": round(shell / hello, 3),
        "mine_ratio": round(own / hello, 3),
        "view_ratio": round(view / hello, 3),
        "visitor_view_ratio": round(visitor_view / hello, 3),
    }


def _wait_ready(port: int, path: str = "/healthz") -> None:
    """Until a worker answers: on a machine others share, booting the workers may take a minute."""
    import http.client

    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    connection.request("GET", path)
    assert connection.getresponse().read() is not None
    connection.close()


def _check_gzipped(port: int, path: str) -> None:
    """The cached answer is the whole plan: gzipped, it unpacks to the layer with every booth."""
    import gzip
    import http.client

    for _ in range(2):  # the first is built by the app, the second comes from the fast path
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        connection.request("GET", path, headers={"Accept-Encoding": "gzip"})
        response = connection.getresponse()
        body = response.read()
        connection.close()
        assert response.status == 200 and response.headers["Content-Encoding"] == "gzip"
        html = gzip.decompress(body).decode()
        assert html.count("data-open-sides=") == 434, "the whole plan, every booth"
    print(f"the plan layer: {len(html.encode()) // 1024} kB of HTML, {len(body) // 1024} kB gzipped")


if __name__ == "__main__":
    main()
