"""Invoices under a confirmation rush: N held booths confirmed 32 at a time, each in its own session and
transaction on PostgreSQL, then the numbers checked for gaps and duplicates; and PDFs rendered per second.

It creates a database of its own (`eventsys_bench_invoices_<pid>`, dropped at the end) on the PostgreSQL server of
EVENTSYS_BENCH_DATABASE_URL (default postgresql://postgres@127.0.0.1:5432/postgres). Every confirmation issues its
invoice and renders its PDF for the mail, as in production (mail goes to an outbox folder, never sent).

    .venv/bin/python benchmarks/invoices.py [confirmations=5000] [threads=32]

Since the PDFs are rendered after the commit (in a job on the mail queue with Redis, else right after the commit
in the confirming thread), the issuer's counter is held only for the confirmation's own SQL. With
EVENTSYS_BENCH_REDIS_URL set, the render-and-mail jobs are queued there (and the queue emptied at the end), so
`confirm_seconds` is what the confirming requests take; `pdf_per_second` is measured on its own either way.

Then `match_seconds`: a bank statement of one row per invoice (most by reference, a tenth by payer name as the
bank gives it in half-width katakana, a few partial or unknown) imported and matched in one transaction.

With EVENTSYS_BENCH_PROFILE=<file> the matching runs under cProfile: its stats are written to <file> and the 25
costliest calls (cumulative) printed to stderr (`python -m pstats <file>` reads them again).

The last line is JSON: {"invoices": …, "gaps": …, "duplicates": …, "pdf_per_second": …, "match_seconds": …,
"confirm_seconds": …}.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import func, select  # noqa: E402

from benchmarks.booking_race import create_database  # noqa: E402


def seed(app, count: int) -> tuple[int, list[tuple[int, int]]]:
    """A fair with an issuer, `count` booths and approved startups, each holding one: (fair id, [(booking, user)])."""
    from eventsys.extensions import db
    from eventsys.models import (
        BookingStatus,
        Booth,
        BoothBooking,
        BoothType,
        Exhibitor,
        ExhibitorStatus,
        Fair,
        Hall,
        InvoiceIssuer,
        Membership,
        Organization,
        OrganizationKind,
        Role,
        User,
    )

    now = datetime.now(UTC)
    session = db.session
    fair = Fair(
        slug="bench-invoices", name="Invoice Bench Fair", venue="Tokyo Big Sight", city="Tokyo", timezone="Asia/Tokyo",
        starts_on=(now + timedelta(days=90)).date(), ends_on=(now + timedelta(days=92)).date(),
        booking_opens_at=now - timedelta(days=1), booking_closes_at=now + timedelta(days=30),
        max_booths_per_organization=1,
    )  # fmt: skip
    hall = Hall(fair=fair, slug="hall", name="Hall", width=1000, depth=1000)
    booth_type = BoothType(fair=fair, name="Standard", width=3, depth=3, price_jpy=330_000, max_per_organization=1)
    session.add_all([fair, hall, booth_type])
    session.flush()
    session.add(
        InvoiceIssuer(
            fair_id=fair.id, legal_name="Bench Co.", legal_name_local="ベンチ株式会社", address="Tokyo",
            address_local="東京都", registration_number="T7123456789012", bank_account="bank", payment_terms="14 days",
            contact="finance", deposit_percent=50,
        )
    )  # fmt: skip
    pairs = []
    for n in range(count):
        organization = Organization(kind=OrganizationKind.STARTUP, name=f"スタートアップ {n} 株式会社", country="JP")
        user = User(email=f"bench-{n}@example.com", name=f"User {n}", password_hash="x", role=Role.STARTUP)
        booth = Booth(
            fair_id=fair.id, hall=hall, booth_type=booth_type, code=f"B{n:05d}", x=n % 300, y=n // 300, width=3,
            depth=3,
        )  # fmt: skip
        session.add_all([organization, user, booth, Membership(user=user, organization=organization)])
        session.add(Exhibitor(fair_id=fair.id, organization=organization, status=ExhibitorStatus.APPROVED))
        record = BoothBooking(
            fair_id=fair.id, booth=booth, organization=organization, status=BookingStatus.HELD,
            held_until=now + timedelta(hours=2), price_jpy=330_000,
        )  # fmt: skip
        session.add(record)
        pairs.append((record, user))
        if n % 500 == 499:
            session.flush()
    session.commit()
    return fair.id, [(record.id, user.id) for record, user in pairs]


def confirm(app, booking_id: int, user_id: int) -> None:
    from eventsys.extensions import db
    from eventsys.models import BoothBooking, User
    from eventsys.services.booths import confirmation

    with app.app_context():
        record = db.session.get(BoothBooking, booking_id)
        user = db.session.get(User, user_id)
        confirmation.confirm_booking(
            db.session, record, record.organization, actor=user, billing_name=record.organization.name,
            billing_email="billing@example.com",
        )  # fmt: skip
        db.session.commit()


def statement(app, fair_id: int) -> tuple[bytes, int]:
    """A bank CSV with one row per invoice: reference, payer name (katakana for a tenth), partial and unknown rows."""
    from eventsys.extensions import db
    from eventsys.models import Invoice

    lines = ["date,amount,payer,reference"]
    with app.app_context():
        invoices = db.session.scalars(select(Invoice).where(Invoice.fair_id == fair_id).order_by(Invoice.number))
        for n, invoice in enumerate(invoices):
            day = invoice.issue_date.isoformat()
            if n % 50 == 7:
                lines.append(f"{day},{invoice.total_jpy // 3},ｶ)ﾍﾞﾝﾁ,INV-{invoice.number:06d}")  # partial
            elif n % 50 == 9:
                lines.append(f"{day},12345,ﾌﾒｲ,")  # unknown payer
            elif n % 10 == 3:
                lines.append(f"{day},{invoice.total_jpy},{invoice.buyer_name},振込")  # by name only
            else:
                lines.append(f"{day},{invoice.total_jpy},ｽﾀｰﾄｱｯﾌﾟ,INV-{invoice.number:06d}")
    return ("\n".join(lines) + "\n").encode("utf-8"), len(lines) - 1


def match(app, fair_id: int, content: bytes) -> tuple[float, int, int]:
    from eventsys.extensions import db
    from eventsys.models import Fair, User
    from eventsys.services.invoices import bank_import, issuing

    with app.app_context():
        fair = db.session.get(Fair, fair_id)
        actor = db.session.scalar(select(User).limit(1))
        profile_path = os.environ.get("EVENTSYS_BENCH_PROFILE")
        profiler = cProfile.Profile() if profile_path else None
        started = time.perf_counter()
        if profiler is not None:
            profiler.enable()
        result = bank_import.import_statement(
            db.session, fair, content, actor=actor, today=issuing.local_date(datetime.now(UTC), fair)
        )
        db.session.commit()
        seconds = time.perf_counter() - started
        if profiler is not None:
            profiler.disable()
            profiler.dump_stats(profile_path)
            pstats.Stats(profiler, stream=sys.stderr).sort_stats("cumulative").print_stats(25)
        return seconds, len(result.matched), len(result.to_decide)


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("confirmations", nargs="?", type=int, default=5000, help="held booths to confirm (5000)")
    parser.add_argument("threads", nargs="?", type=int, default=32, help="confirmations at a time (32)")
    return parser.parse_args()


def main() -> None:
    options = arguments()
    count, threads = options.confirmations, options.threads
    base = os.environ.get("EVENTSYS_BENCH_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
    url = create_database(base, "eventsys_bench_invoices")
    from flask_migrate import upgrade

    from eventsys import create_app
    from eventsys.extensions import db
    from eventsys.models import Invoice
    from eventsys.services.invoices.render import render_invoice

    redis_url = os.environ.get("EVENTSYS_BENCH_REDIS_URL")
    app = create_app(
        {
            "REDIS_URL": redis_url,
            "DATABASE_URL": url,
            "ENV": "development",
            "SECRET_KEY": "bench",
            "MAIL_OUTBOX": "/tmp/eventsys-bench-invoices-outbox",
            "SQLALCHEMY_ENGINE_OPTIONS": {"pool_size": threads, "max_overflow": 4},
        }
    )
    with app.app_context():
        upgrade(directory=app.extensions["migrate"].directory)
        fair_id, pairs = seed(app, count)
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=threads) as pool:
        list(pool.map(lambda pair: confirm(app, *pair), pairs))
    confirm_seconds = time.perf_counter() - started
    with app.app_context():
        numbers = sorted(db.session.scalars(select(Invoice.number)))
        invoices = db.session.scalars(select(Invoice).order_by(Invoice.number).limit(100)).all()
        started = time.perf_counter()
        for invoice in invoices:
            render_invoice(invoice)
        pdf_per_second = len(invoices) / (time.perf_counter() - started)
        assert db.session.scalar(select(func.count()).select_from(Invoice)) == len(numbers)
    content, rows = statement(app, fair_id)
    match_seconds, matched, to_decide = match(app, fair_id, content)
    if redis_url:
        from eventsys.services import jobs, mail

        queue = jobs.get_queue(app.config, mail.QUEUE_NAME)
        queued = queue.count
        queue.empty()
    duplicates = len(numbers) - len(set(numbers))
    gaps = len(set(range(1, (max(numbers) if numbers else 0) + 1)) - set(numbers))
    result = {
        "invoices": len(numbers),
        "confirmations": count,
        "threads": threads,
        "gaps": gaps,
        "duplicates": duplicates,
        "confirm_seconds": round(confirm_seconds, 1),
        "pdf_per_second": round(pdf_per_second, 1),
        "statement_rows": rows,
        "matched": matched,
        "to_decide": to_decide,
        "match_seconds": round(match_seconds, 2),
        "render_jobs_queued": queued if redis_url else None,
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
