"""Writing the audit log."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from eventsys.models import AuditEntry, Model, User


def record(
    session: Session, action: str, subject: Model, *, actor: User | None, fair_id: int | None = None, **details: Any
) -> AuditEntry:
    """Add an audit entry for `action` on `subject` in the caller's transaction."""
    entry = AuditEntry(
        action=action,
        subject_type=type(subject).__name__,
        subject_id=subject.id,
        actor_id=actor.id if actor is not None else None,
        fair_id=fair_id,
        details=details,
    )
    session.add(entry)
    return entry
