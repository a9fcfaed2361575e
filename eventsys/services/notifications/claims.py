"""Claim timed mails once: a unique row per (kind, person, subject), inserted with ON CONFLICT DO NOTHING.

Only the sender whose INSERT made the row mails; on PostgreSQL a second sender's INSERT of the same key waits for
the first to commit and then inserts nothing, so two senders at once, or one run twice, never mail twice.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from eventsys.models import TimedMail

#: Rows per INSERT: few round trips, well under the databases' limits on bound parameters.
BATCH = 500


def claim(session: Session, kind: str, wanted: list[tuple[int, str]], now: datetime) -> dict[tuple[int, str], int]:
    """Claim (user id, subject) pairs of `kind`; returns those this transaction got, with the id of each claim's
    row (the notice it makes refers to it); the others were taken."""
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    pairs = sorted(set(wanted))  # one order for every sender: waits, never deadlocks
    claimed: dict[tuple[int, str], int] = {}
    for start in range(0, len(pairs), BATCH):
        rows = [{"kind": kind, "user_id": u, "subject": s, "sent_at": now} for u, s in pairs[start : start + BATCH]]
        statement = (
            insert(TimedMail)
            .values(rows)
            .on_conflict_do_nothing(index_elements=["kind", "user_id", "subject"])
            .returning(TimedMail.user_id, TimedMail.subject, TimedMail.id)
        )
        claimed.update(((user_id, subject), row_id) for user_id, subject, row_id in session.execute(statement))
    return claimed
