"""What setting up a fair costs: a 1,000-booth hall saved through the editor's save path, the fair dashboard at
SusHi Tech scale, and copying that fair as next year's.

Builds the database of benchmarks/fair_dashboard.py (a temporary SQLite database, or EVENTSYS_BENCH_DATABASE_URL):
`seed-demo --scale sushitech` with its bookings, meetings and check-ins, and a fair a quarter its size as the
baseline of the dashboard's statements. Then, as the fair's organizer:

- save: a new 200 × 120 m hall, and `save_floor_plan` with 1,000 new 3 × 3 m booths in 20 double rows (the
  editor's save path, every rule of the CSV import checked), rolled back after each of 5 runs; then the same
  plan saved over itself with every booth moved 0.5 m (updates, not inserts);
- dashboard: `get_fair_dashboard` of SusHi Tech and of the quarter fair, statements and median of 30;
- copy: `copy_fair` of SusHi Tech with the 1,000-booth hall (1,434 booths), rolled back after each of 3 runs.

    .venv/bin/python benchmarks/fair_setup.py

The last line is JSON: {"booths": 1000, "save_ms": …, "save_moved_ms": …, "dashboard_ms": …, "dashboard_queries": …,
"baseline_dashboard_queries": …, "copy_ms": …, "copied_booths": …}; times are medians in milliseconds.
"""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import func, select  # noqa: E402

from benchmarks.fair_dashboard import FAIR, _add_activity, _app, _build, _count, _quarter_fair  # noqa: E402
from eventsys.extensions import db  # noqa: E402
from eventsys.models import Booth, Fair, Hall, User  # noqa: E402
from eventsys.services.booths.floor_plan_edit import save_floor_plan  # noqa: E402
from eventsys.services.booths.plan_checks import DrawnBooth, DrawnPlan  # noqa: E402
from eventsys.services.fairs.copying import copy_fair  # noqa: E402
from eventsys.services.fairs.fair_report import get_fair_dashboard  # noqa: E402

BOOTHS = 1000
SAVES, COPIES, DASHBOARDS = 5, 3, 30


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        app = _app(folder)
        with app.app_context():
            _build(app)
            fair_id = db.session.scalar(select(Fair.id).where(Fair.slug == FAIR))
            quarter_id = _quarter_fair(db.session, fair_id)
            _add_activity(db.session, db.session.get(Fair, fair_id), share=1.0)
            _add_activity(db.session, db.session.get(Fair, quarter_id), share=0.25)
            db.session.commit()
            result = _measure(db.session, fair_id, quarter_id)
            db.session.remove()
            db.engine.dispose()
    print(
        f"save of {result['booths']} new booths: {result['save_ms']:.0f} ms median; moved 0.5 m: "
        f"{result['save_moved_ms']:.0f} ms (aim < 500)\n"
        f"dashboard: {result['dashboard_ms']:.1f} ms median, {result['dashboard_queries']} statements "
        f"(a quarter of the fair: {result['baseline_dashboard_queries']}) (aim < 100 ms, the same count)\n"
        f"copy of a {result['copied_booths']}-booth fair: {result['copy_ms']:.0f} ms median (aim < 2,000)"
    )
    print(json.dumps(result))


def _measure(session, fair_id: int, quarter_id: int) -> dict:
    fair = session.get(Fair, fair_id)
    actor = session.scalar(select(User).where(User.email == "organizer@example.com"))
    plan = _thousand_booths(fair)
    save_ms = _median(SAVES, lambda: _save_in_new_hall(session, fair, plan, actor))
    hall = _new_hall(session, fair)
    save_floor_plan(session, hall, plan, actor=actor)
    session.commit()
    moved = _moved(session, hall)
    save_moved_ms = _median(SAVES, lambda: _save_and_roll_back(session, hall, moved, actor))
    dashboard_ms = _median(DASHBOARDS, lambda: get_fair_dashboard(session, _fresh(session, fair_id)))
    queries = _count(session.get_bind(), lambda: get_fair_dashboard(session, _fresh(session, fair_id)))
    baseline = _count(session.get_bind(), lambda: get_fair_dashboard(session, _fresh(session, quarter_id)))
    fair = session.get(Fair, fair_id)
    actor = session.scalar(select(User).where(User.email == "organizer@example.com"))  # expunged with the rest
    copied = session.scalar(select(func.count()).select_from(Booth).where(Booth.fair_id == fair_id))
    copy_ms = _median(COPIES, lambda: _copy_and_roll_back(session, fair, actor))
    return {
        "booths": len(plan.booths),
        "save_ms": round(save_ms, 1),
        "save_moved_ms": round(save_moved_ms, 1),
        "dashboard_ms": round(dashboard_ms, 1),
        "dashboard_queries": queries,
        "baseline_dashboard_queries": baseline,
        "copy_ms": round(copy_ms, 1),
        "copied_booths": copied,
    }


def _fresh(session, fair_id: int) -> Fair:
    """The fair as a request finds it: loaded anew, nothing of it in the session yet (its load is counted)."""
    session.expunge_all()
    return session.get(Fair, fair_id)


def _thousand_booths(fair: Fair) -> DrawnPlan:
    """20 double rows of 25 booths back to back, with 3 m aisles: 1,000 booths of the fair's cheapest type."""
    booth_type = fair.booth_types[0]
    booths = []
    for row in range(20):
        for side in range(2):
            for n in range(25):
                code = f"N{row:02d}{'AB'[side]}{n:02d}"
                x, y = 5 + n * 3, 5 + row * 9 + side * 3
                booths.append(DrawnBooth(None, code, x, y, 3, 3, booth_type.id))
    return DrawnPlan(booths=booths)


def _new_hall(session, fair: Fair) -> Hall:
    hall = Hall(fair=fair, slug=f"bench-{time.monotonic_ns()}", name="Benchmark hall", width=200, depth=190)
    session.add(hall)
    session.flush()
    return hall


def _save_in_new_hall(session, fair: Fair, plan: DrawnPlan, actor: User) -> None:
    save_floor_plan(session, _new_hall(session, fair), plan, actor=actor)
    session.rollback()


def _moved(session, hall: Hall) -> DrawnPlan:
    booths = session.scalars(select(Booth).where(Booth.hall_id == hall.id).order_by(Booth.id)).all()
    drawn = [DrawnBooth(b.id, b.code, b.x, b.y, b.width, b.depth, b.booth_type_id) for b in booths]
    return DrawnPlan(booths=[replace(b, x=b.x + 0.5) for b in drawn])


def _save_and_roll_back(session, hall: Hall, plan: DrawnPlan, actor: User) -> None:
    save_floor_plan(session, hall, plan, actor=actor)
    session.rollback()


def _copy_and_roll_back(session, fair: Fair, actor: User) -> None:
    starts_on = date(fair.starts_on.year + 1, fair.starts_on.month, min(fair.starts_on.day, 28))
    copy_fair(session, fair, slug=f"copy-{time.monotonic_ns()}", name="Next year", starts_on=starts_on, actor=actor)
    session.rollback()


def _median(runs: int, action) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


if __name__ == "__main__":
    main()
