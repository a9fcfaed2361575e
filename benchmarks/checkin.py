"""Fair-day check-in: 20 desks sync their queued scans at once on PostgreSQL, and one offline verify in the desk's
own code (static/js/desk_verify.js under node).

It creates a database of its own (`eventsys_bench_checkin_<pid>`, dropped at the end) on the PostgreSQL server of
EVENTSYS_BENCH_DATABASE_URL (default postgresql://postgres@127.0.0.1:5432/postgres), migrates it, adds a running
fair with 20,000 badges (signed codes), then starts 20 desk processes, each with the app in-process and logged in
with its own client (a process each, as server workers would be, so that Python's lock does not queue them). Each
desk sends its scans in batches of 50 to /desk/<slug>/sync; about 8 % of its scans are of badges another desk also
scans (duplicates across desks), and every desk sends one batch twice (a retry after a lost answer), which must not
count again. Every scan a desk sends counts as sent, whatever the answer.

Afterwards it counts in the database: scans recorded (lost = sent − recorded, by client scan id), entries, and
duplicates flagged. The same-run baseline is an empty sync (the route, login check and JSON, no scans). verify_ms is
the mean time of DeskVerify.decide() (Ed25519 with tweetnacl, then revocation, window and entry checks) over 2,000
codes under node.

    .venv/bin/python benchmarks/checkin.py [--desks 20] [--scans-per-desk 1050]

Last line: JSON with desks, scans, batches, p50_ms, p99_ms, baseline_p99_ms, duplicates_flagged, expected_duplicates,
lost, entries, verify_ms, verify_raw_tweetnacl_ms (the signature check alone), verify_py_ms (the server's).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import random
import statistics
import subprocess
import sys
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import func, insert, select  # noqa: E402

from benchmarks.booking_race import create_database  # noqa: E402

BADGES = 20_000
BATCH = 50
PASSWORD = "Desk-2026-bench"


def make_app(database_url: str):
    from eventsys import create_app

    return create_app(
        {
            "ENV": "benchmark",
            "SECRET_KEY": "bench",
            "DATABASE_URL": database_url,
            "WTF_CSRF_ENABLED": False,
            "RATELIMIT_ENABLED": False,
            "SQLALCHEMY_ENGINE_OPTIONS": {"pool_size": 2, "max_overflow": 2},
        }
    )


def build(database_url: str):
    from flask_migrate import upgrade

    from eventsys.extensions import db
    from eventsys.models import (
        Badge,
        BadgeRole,
        Fair,
        MemberRole,
        Membership,
        Organization,
        OrganizationKind,
        Role,
        User,
        Verification,
    )
    from eventsys.models.badges import new_serial
    from eventsys.services.accounts.users import PasswordPolicy, hash_password
    from eventsys.services.badges import checkin, signing

    app = make_app(database_url)
    with app.app_context():
        upgrade(directory=app.extensions["migrate"].directory)
        organization = Organization(
            kind=OrganizationKind.ORGANIZER, name="Bench Organizer", country="JP", verification=Verification.VERIFIED
        )
        user = User(
            email="desk@example.com",
            password_hash=hash_password(PASSWORD, PasswordPolicy(time_cost=1, memory_cost_kib=64)),
            name="Desk",
            role=Role.ORGANIZER,
        )
        today = datetime.now(UTC).date()
        fair = Fair(
            slug="bench-show", name="Bench Show", venue="Tokyo Big Sight", city="Tokyo", organizer=organization,
            starts_on=today - timedelta(days=1), ends_on=today + timedelta(days=1),
            booking_opens_at=datetime.now(UTC) - timedelta(days=60), booking_closes_at=datetime.now(UTC),
        )  # fmt: skip
        db.session.add_all(
            [organization, user, Membership(user=user, organization=organization, role=MemberRole.OWNER), fair]
        )
        db.session.flush()
        db.session.execute(
            insert(Badge),
            [
                {"fair_id": fair.id, "role": BadgeRole.PRESS, "serial": new_serial(), "name": f"Guest {n}"}
                for n in range(BADGES)
            ],
        )
        key = signing.get_signing_key(db.session, fair)
        badges = db.session.scalars(select(Badge).where(Badge.fair_id == fair.id)).all()
        codes = [signing.sign_badge(badge, key) for badge in badges]
        db.session.commit()
        public_key = signing.public_key_text(key)
        fair_id = fair.id
        windows = {role.value: [t.isoformat() for t in checkin.get_admission_window(fair, role)] for role in BadgeRole}
    return app, codes, {"fair_id": fair_id, "public_key": public_key, "windows": windows, "timezone": "Asia/Tokyo"}


def plan(codes: list[str], desks: int, per_desk: int, rng: random.Random) -> list[list[str]]:
    """Each desk's codes: its own share of the badges, and about 8 % that another desk scans too."""
    shuffled = codes[:]
    rng.shuffle(shuffled)
    own = per_desk - per_desk // 12
    plans = []
    for desk in range(desks):
        mine = [shuffled[(desk * own + i) % len(shuffled)] for i in range(own)]
        shared = [shuffled[((desk + 1) % desks * own + i) % len(shuffled)] for i in range(per_desk // 12)]
        plans.append(mine + shared)
        rng.shuffle(plans[-1])
    return plans


def run_desk(database_url: str, slug: str, index: int, codes: list[str], barrier, results) -> None:
    """One desk in its own process: log in, then send its scans in batches as fast as the server answers."""
    app = make_app(database_url)
    client = app.test_client()
    assert client.post("/login", data={"email": "desk@example.com", "password": PASSWORD}).status_code == 302
    now = datetime.now(UTC)
    batches = []
    for start in range(0, len(codes), BATCH):
        scans = [
            {
                "client_scan_id": uuid.uuid4().hex,
                "code": code,
                "scanned_at": (now - timedelta(seconds=len(codes) - start - i)).isoformat(),
            }
            for i, code in enumerate(codes[start : start + BATCH])
        ]
        batches.append(scans)
    batches.append(batches[len(batches) // 2])  # the retry of a batch whose answer was lost
    latencies, sent, errors = [], [], []
    barrier.wait()
    for scans in batches:
        body = {"desk_id": f"desk-{index}", "gate": f"Gate {index}", "scans": scans}
        started = time.perf_counter()
        answer = client.post(f"/desk/{slug}/sync", json=body)
        latencies.append((time.perf_counter() - started) * 1000)
        sent.extend(scan["client_scan_id"] for scan in scans)
        if answer.status_code != 200:
            errors.append(f"{answer.status_code}: {answer.get_data(as_text=True)[:200]}")
    results.put((latencies, sent, errors))


def baseline(app, slug: str, desks: int) -> float:
    """p99 of an empty sync from every desk at once: the route without scans."""
    latencies: list[float] = []

    def one(_index: int) -> None:
        client = app.test_client()
        client.post("/login", data={"email": "desk@example.com", "password": PASSWORD})
        for _ in range(20):
            started = time.perf_counter()
            client.post(f"/desk/{slug}/sync", json={"desk_id": "base", "gate": "G", "scans": [], "cursor": 2**31 - 1})
            latencies.append((time.perf_counter() - started) * 1000)

    with ThreadPoolExecutor(max_workers=desks) as pool:
        list(pool.map(one, range(desks)))
    return statistics.quantiles(latencies, n=100)[98]


def verify_in_node(codes: list[str], state: dict) -> tuple[float, float]:
    """Mean ms of one DeskVerify.decide() over the codes, in node, as the desk runs it."""
    script = """
const DeskVerify = require(process.argv[1]);
const input = JSON.parse(require('fs').readFileSync(0, 'utf8'));
const desk = {
  fairId: input.fair_id, timezone: input.timezone, publicKeys: [DeskVerify.fromBase64url(input.public_key)],
  windows: input.windows, rosterBySerial: {}, rosterByCode: {}, revoked: new Set(), entries: {}, zone: ''
};
const now = new Date();
for (let i = 0; i < 50; i++) DeskVerify.decide(input.codes[i], desk, now);  // warm up the JIT
let welcome = 0;
const started = process.hrtime.bigint();
for (const code of input.codes) if (DeskVerify.decide(code, desk, now).verdict === 'welcome') welcome++;
const ms = Number(process.hrtime.bigint() - started) / 1e6;
if (welcome !== input.codes.length) { console.error('refused ' + (input.codes.length - welcome)); process.exit(1); }
// The same-run baseline: tweetnacl's signature check alone, on one message.
const nacl = require(process.argv[2]);
const pair = nacl.sign.keyPair(), message = new TextEncoder().encode(input.codes[0]);
const signature = nacl.sign.detached(message, pair.secretKey);
const rawStarted = process.hrtime.bigint();
for (let i = 0; i < 200; i++) nacl.sign.detached.verify(message, signature, pair.publicKey);
const raw = Number(process.hrtime.bigint() - rawStarted) / 1e6 / 200;
console.log(JSON.stringify({ms_per_verify: ms / input.codes.length, raw_ms: raw}));
"""
    payload = json.dumps({**state, "codes": codes})
    scripts = [str(ROOT / "static/js/desk_verify.js"), str(ROOT / "static/vendor/tweetnacl/nacl-fast.min.js")]
    result = subprocess.run(["node", "-e", script, *scripts], input=payload, capture_output=True, text=True, check=True)
    answer = json.loads(result.stdout.strip().splitlines()[-1])
    return answer["ms_per_verify"], answer["raw_ms"]


def verify_in_python(codes: list[str], state: dict) -> float:
    from eventsys.services.badges import signing

    public_key = signing._unb64(state["public_key"])
    started = time.perf_counter()
    for code in codes:
        assert signing.read_signed(code, state["fair_id"], public_key) is not None
    return (time.perf_counter() - started) * 1000 / len(codes)


def count(app, sent: list[str]) -> dict:
    from eventsys.extensions import db
    from eventsys.models import CheckIn, DeskScan

    with app.app_context():
        recorded = set(db.session.scalars(select(DeskScan.client_scan_id)))
        entries = db.session.scalar(select(func.count()).select_from(CheckIn).where(CheckIn.duplicate_of_id.is_(None)))
        duplicates = db.session.scalar(
            select(func.count()).select_from(CheckIn).where(CheckIn.duplicate_of_id.is_not(None))
        )
        outcomes = dict(db.session.execute(select(DeskScan.outcome, func.count()).group_by(DeskScan.outcome)).all())
        db.session.remove()
        db.engine.dispose()
    return {
        "lost": len(set(sent) - recorded),
        "entries": entries,
        "duplicates_flagged": duplicates,
        "outcomes": outcomes,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--desks", type=int, default=20)
    parser.add_argument("--scans-per-desk", type=int, default=1050)
    args = parser.parse_args()
    base_url = os.environ.get("EVENTSYS_BENCH_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
    database_url = create_database(base_url, prefix="eventsys_bench_checkin")
    app, codes, state = build(database_url)
    rng = random.Random(15)
    plans = plan(codes, args.desks, args.scans_per_desk, rng)
    distinct = len({code for desk in plans for code in desk})
    scans = sum(len(desk) for desk in plans)
    context = multiprocessing.get_context("spawn")
    barrier, results = context.Barrier(args.desks + 1), context.Queue()
    desks = [
        context.Process(target=run_desk, args=(database_url, "bench-show", i, plans[i], barrier, results))
        for i in range(args.desks)
    ]
    for desk in desks:
        desk.start()
    barrier.wait()  # every desk logged in and ready
    started = time.perf_counter()
    latencies: list[float] = []
    sent: list[str] = []
    errors: list[str] = []
    for _ in desks:
        desk_latencies, desk_sent, desk_errors = results.get()
        latencies += desk_latencies
        sent += desk_sent
        errors += desk_errors
    for desk in desks:
        desk.join()
    seconds = time.perf_counter() - started
    base_p99 = baseline(app, "bench-show", args.desks)
    counts = count(app, sent)
    verify_ms, verify_raw_ms = verify_in_node(codes[:2000], state)
    verify_py_ms = verify_in_python(codes[:2000], state)
    quantiles = statistics.quantiles(latencies, n=100)
    result = {
        "desks": args.desks,
        "scans": scans,
        "batches": len(latencies),
        "seconds": round(seconds, 1),
        "scans_per_s": round(scans / seconds),
        "p50_ms": round(quantiles[49], 1),
        "p99_ms": round(quantiles[98], 1),
        "baseline_p99_ms": round(base_p99, 1),
        "duplicates_flagged": counts["duplicates_flagged"],
        "expected_duplicates": scans - distinct,
        "entries": counts["entries"],
        "expected_entries": distinct,
        "lost": counts["lost"],
        "http_errors": len(errors),
        "verify_ms": round(verify_ms, 3),
        "verify_raw_tweetnacl_ms": round(verify_raw_ms, 3),
        "verify_py_ms": round(verify_py_ms, 3),
    }
    print(
        f"{scans} scans from {args.desks} desks in {seconds:.1f} s ({result['scans_per_s']}/s), batch p99 "
        f"{result['p99_ms']} ms (empty sync p99 {result['baseline_p99_ms']} ms); outcomes {counts['outcomes']}"
    )
    print(json.dumps(result))


if __name__ == "__main__":
    main()
