"""Benchmark: 10,000 badges on A4 8-up sheets, from the database to the PDF, with names in every script.

Builds a throwaway SQLite database by the migrations, adds a fair and 10,000 badges, then times what
`eventsys badges print --layout a4-8up` does after issuing: read the badges, sign their tokens, render the PDF.
Peak memory is the process's peak resident set size. Last line: JSON with badges, seconds, peak_mb, per_second.
"""

from __future__ import annotations

import io
import json
import resource
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flask_migrate import upgrade  # noqa: E402
from pypdf import PdfReader  # noqa: E402
from sqlalchemy import insert  # noqa: E402

from eventsys import create_app  # noqa: E402
from eventsys.extensions import db  # noqa: E402
from eventsys.models import Badge, BadgeRole, Fair, utcnow  # noqa: E402
from eventsys.models.badges import new_serial  # noqa: E402
from eventsys.services.badges import issuing  # noqa: E402
from eventsys.services.badges.printing import render_fair_badges  # noqa: E402

COUNT = 10_000
LAYOUT = "a4-8up"
PEOPLE = [
    ("Taro Yamada", "山田 太郎", "Sakura Robotics", "JP"),
    ("Kim Min-jun", "김민준", "Hangang Mobility", "KR"),
    ("Zhang Wei", "张伟", "Shenzhen Greentech", "CN"),
    ("Zoë Ørsted-Łukasiewicz", None, "Nordic Health AB", "SE"),
    ("François Gonçalves-Müller", None, "GreenLoop Energy", "FR"),
    ("Priya Raman", None, "Bengaluru Fintech Labs", "IN"),
]


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        app = create_app(
            {"ENV": "benchmark", "SECRET_KEY": "benchmark", "DATABASE_URL": f"sqlite:///{folder}/bench.db"}
        )
        with app.app_context():
            upgrade(directory=app.extensions["migrate"].directory)
            fair = _fill(db.session)
            started = time.perf_counter()
            badges = issuing.get_active_badges(db.session, fair)
            pdf = render_fair_badges(badges, fair, LAYOUT, app.config["SECRET_KEY"])
            seconds = time.perf_counter() - started
            db.session.remove()
            db.engine.dispose()
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{len(badges)} badges on {pages} A4 pages (8 up) in {seconds:.2f} s: {len(badges) / seconds:.0f} badges/s")
    print(f"PDF size {len(pdf) / 1e6:.1f} MB; peak resident memory {peak_mb:.0f} MB")
    print(
        json.dumps(
            {
                "badges": len(badges),
                "seconds": round(seconds, 2),
                "peak_mb": round(peak_mb, 1),
                "per_second": round(len(badges) / seconds, 1),
            }
        )
    )


def _fill(session) -> Fair:
    """A fair and COUNT active badges of every role, inserted in one statement."""
    now = utcnow()
    fair = Fair(
        slug="bench-fair",
        name="SusHi Tech Tokyo 2027",
        venue="Tokyo Big Sight",
        city="Tokyo",
        starts_on=date(2027, 5, 12),
        ends_on=date(2027, 5, 14),
        booking_opens_at=now,
        booking_closes_at=now.replace(year=now.year + 1),
    )
    session.add(fair)
    session.flush()
    roles = list(BadgeRole)
    rows = [
        {
            "fair_id": fair.id,
            "role": roles[index % len(roles)],
            "serial": new_serial(),
            "name": f"{PEOPLE[index % len(PEOPLE)][0]} {index}",
            "name_local": PEOPLE[index % len(PEOPLE)][1],
            "organization_name": PEOPLE[index % len(PEOPLE)][2],
            "country": PEOPLE[index % len(PEOPLE)][3],
            "issued_at": now,
        }
        for index in range(COUNT)
    ]
    session.execute(insert(Badge), rows)
    session.commit()
    return fair


if __name__ == "__main__":
    main()
