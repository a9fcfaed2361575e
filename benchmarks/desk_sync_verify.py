"""A desk's sync verified each queued code twice (once to order the batch, again when recording it) and read the
fair's public keys for each verification; now each code is verified once and the keys are read once per batch.
This times the server reconciling 1,000 queued scans (two syncs of 500, desk.MAX_BATCH) both ways, in one run.

"Before" is desk.py as it was at BEFORE_COMMIT, read from git and loaded beside today's module: its sync calls
checkin.find_serial to order the batch, then checkin.check_in with the code, which verifies it again. Both run the
same checkin.py, on the same PostgreSQL database (its own, `eventsys_bench_desk_verify_<pid>`, dropped at the end;
EVENTSYS_BENCH_DATABASE_URL as for benchmarks/checkin.py), alternating rounds over fresh badges (about 8 % of each
round's scans repeat a badge, as at a real desk), so that a warm cache or a growing table favours neither.

    PYTHONPATH=$PWD .venv/bin/python benchmarks/desk_sync_verify.py [--rounds 5]

Last line: JSON with scans (per round), before_ms and after_ms (median wall clock of the rounds, 1,000 scans), ratio
(after / before), the same for this process's CPU time (less moved by other load on the machine), and per scan:
verifies and SQL statements, before and after.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import statistics
import subprocess
import sys
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import event  # noqa: E402

from benchmarks.booking_race import create_database  # noqa: E402
from benchmarks.checkin import build  # noqa: E402

#: The last commit whose desk sync verified each code twice.
BEFORE_COMMIT = "1ca5da8"
SCANS = 1_000
REPEATS = SCANS // 12


def load_desk_before():
    """desk.py of BEFORE_COMMIT, as the module `desk_before`."""
    source = subprocess.run(
        ["git", "-C", str(ROOT), "show", f"{BEFORE_COMMIT}:eventsys/services/badges/desk.py"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    spec = importlib.util.spec_from_loader("desk_before", loader=None)
    module = importlib.util.module_from_spec(spec)
    sys.modules["desk_before"] = module  # dataclasses look their module up
    exec(compile(source, f"{BEFORE_COMMIT}:desk.py", "exec"), module.__dict__)
    return module


def round_scans(codes: list[str]) -> list:
    """1,000 queued scans of fresh badges, REPEATS of them a second scan of a badge in the round."""
    from eventsys.services.badges.desk import QueuedScan

    fresh = codes[: SCANS - REPEATS]
    chosen = fresh + fresh[:: len(fresh) // REPEATS][:REPEATS]
    now = datetime.now(UTC)
    return [QueuedScan(uuid.uuid4().hex, code, now - timedelta(seconds=SCANS - i)) for i, code in enumerate(chosen)]


def reconcile(app, module, scans: list, counters: dict) -> tuple[float, float]:
    """ms (wall clock, and this process's CPU) to sync `scans` in batches of MAX_BATCH with `module`'s sync_scans,
    each batch committed."""
    from sqlalchemy import select

    from eventsys.extensions import db
    from eventsys.models import Fair, User

    with app.app_context():
        fair = db.session.scalar(select(Fair).where(Fair.slug == "bench-show"))
        actor = db.session.scalar(select(User).where(User.email == "desk@example.com"))
        counters["statements"] = counters["verifies"] = 0
        started, cpu_started = time.perf_counter(), time.process_time()
        for start in range(0, len(scans), module.MAX_BATCH):
            results = module.sync_scans(
                db.session, fair, scans[start : start + module.MAX_BATCH], desk_id="bench", gate="East 1",
                zone=None, actor=actor, secret_key=app.config["SECRET_KEY"],
            )  # fmt: skip
            db.session.commit()
            assert all(r.outcome in ("checked_in", "duplicate") for r in results), results[:3]
        elapsed = (time.perf_counter() - started) * 1000, (time.process_time() - cpu_started) * 1000
        db.session.remove()
    return elapsed


def count_work(app, counters: dict) -> None:
    """Count SQL statements (savepoints aside) and Ed25519 verifications while a sync runs."""
    from eventsys.extensions import db
    from eventsys.services.badges import signing

    def on_execute(_conn, _cursor, statement, *_args):
        if not statement.startswith(("SAVEPOINT", "RELEASE", "ROLLBACK", "BEGIN")):
            counters["statements"] = counters.get("statements", 0) + 1

    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", on_execute)
    read_signed = signing.read_signed

    def counted(*args):
        counters["verifies"] = counters.get("verifies", 0) + 1
        return read_signed(*args)

    signing.read_signed = counted  # read_signed_by_any looks it up in the module at each call


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    from eventsys.services.badges import desk as desk_after

    desk_before = load_desk_before()
    base_url = os.environ.get("EVENTSYS_BENCH_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
    app, codes, _state = build(create_database(base_url, prefix="eventsys_bench_desk_verify"))
    counters: dict = {}
    count_work(app, counters)
    timings: dict[str, list[tuple[float, float]]] = {"before": [], "after": []}
    work: dict[str, tuple[float, float]] = {}
    fresh = iter(range(0, len(codes), SCANS))
    for round_index in range(args.rounds):
        # Alternating which goes first: neither always meets the emptier table.
        pair = [("before", desk_before), ("after", desk_after)]
        for name, module in pair if round_index % 2 == 0 else pair[::-1]:
            start = next(fresh)
            scans = round_scans(codes[start : start + SCANS])
            timings[name].append(reconcile(app, module, scans, counters))
            work[name] = (counters["verifies"] / len(scans), counters["statements"] / len(scans))
    before, after = (statistics.median(wall for wall, _cpu in timings[name]) for name in ("before", "after"))
    before_cpu, after_cpu = (statistics.median(cpu for _wall, cpu in timings[name]) for name in ("before", "after"))
    result = {
        "scans": SCANS,
        "rounds": args.rounds,
        "before_ms": round(before, 1),
        "after_ms": round(after, 1),
        "ratio": round(after / before, 3),
        "before_cpu_ms": round(before_cpu, 1),
        "after_cpu_ms": round(after_cpu, 1),
        "cpu_ratio": round(after_cpu / before_cpu, 3),
        "verifies_per_scan_before": round(work["before"][0], 2),
        "verifies_per_scan_after": round(work["after"][0], 2),
        "statements_per_scan_before": round(work["before"][1], 2),
        "statements_per_scan_after": round(work["after"][1], 2),
    }
    print(
        f"reconciling {SCANS} scans (PostgreSQL, median of {args.rounds}): "
        f"before {before:.0f} ms, after {after:.0f} ms "
        f"(ratio {result['ratio']}; this process's CPU {before_cpu:.0f} -> {after_cpu:.0f} ms, ratio "
        f"{result['cpu_ratio']}); verifies per scan {result['verifies_per_scan_before']} -> "
        f"{result['verifies_per_scan_after']}, statements per scan {result['statements_per_scan_before']} -> "
        f"{result['statements_per_scan_after']}; rounds (wall ms) before {[round(w) for w, _c in timings['before']]}, "
        f"after {[round(w) for w, _c in timings['after']]}"
    )
    print(json.dumps(result))


if __name__ == "__main__":
    main()
