"""Log-ins as rows (UserSession): started at every log-in, ended by logging out, out everywhere, or a new password.

The session and remember-me cookies carry "user id:session id:secret" (User.get_id); the user loader accepts
them only while the row is live, so ending the row ends every copy of the cookies.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from datetime import datetime, timedelta

from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import Session

from eventsys.models import User, UserSession, utcnow
from eventsys.services import audit

#: A log-in ends by itself after this long, as Flask-Login's remember-me cookie does.
MAX_AGE = timedelta(days=365)

#: Checked in this order: Edge and Opera also say Chrome and Safari, Chrome also says Safari.
_BROWSERS = (("Edg/", "Edge"), ("OPR/", "Opera"), ("Firefox/", "Firefox"), ("Chrome/", "Chrome"), ("Safari/", "Safari"))
_SYSTEMS = (
    ("iPhone", "iPhone"),
    ("iPad", "iPad"),
    ("Android", "Android"),
    ("Windows", "Windows"),
    ("Mac OS X", "macOS"),
    ("CrOS", "ChromeOS"),
    ("Linux", "Linux"),
)


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def oldest_live_start() -> datetime:
    """Log-ins that started before this have ended by age."""
    return utcnow() - MAX_AGE


def describe_browser(user_agent: str) -> str:
    """A short name for a User-Agent header, such as "Firefox on Windows"; empty when it names nothing known."""
    browser = next((name for token, name in _BROWSERS if token in user_agent), "")
    system = next((name for token, name in _SYSTEMS if token in user_agent), "")
    return " on ".join(part for part in (browser, system) if part)[:80]


def start_session(session: Session, user: User, *, user_agent: str = "") -> str:
    """Record a new log-in of `user` and return the key its cookies carry; also set on the user for login_user."""
    session.execute(
        delete(UserSession).where(
            UserSession.user_id == user.id,
            or_(UserSession.ended_at.is_not(None), UserSession.created_at < oldest_live_start()),
        )
    )
    secret = secrets.token_urlsafe(32)
    record = UserSession(user=user, secret_hash=_digest(secret), browser=describe_browser(user_agent))
    session.add(record)
    session.flush()
    user.current_session, user.session_key = record, f"{user.id}:{record.id}:{secret}"
    return user.session_key


_KEY = re.compile(r"(\d{1,18}):(\d{1,18}):([A-Za-z0-9_-]{16,128})")


def parse_key(key: str) -> tuple[int, int, str] | None:
    """User id, session id and secret of a cookie's key; None for anything else (keys from before 0009 too)."""
    found = _KEY.fullmatch(key)
    return (int(found[1]), int(found[2]), found[3]) if found else None


def secret_matches(record: UserSession, secret: str) -> bool:
    return hmac.compare_digest(record.secret_hash, _digest(secret))


def end_session(_session: Session, record: UserSession) -> None:
    """End one log-in: its cookies, and every copy of them, stop working."""
    if record.ended_at is None:
        record.ended_at = utcnow()


def end_other_sessions(session: Session, user: User, keep: UserSession | None = None) -> int:
    """End every live log-in of `user` but `keep` (None: all of them); the number ended."""
    statement = update(UserSession).where(UserSession.user_id == user.id, UserSession.ended_at.is_(None))
    if keep is not None:
        statement = statement.where(UserSession.id != keep.id)
    ended = session.execute(statement.values(ended_at=utcnow()), execution_options={"synchronize_session": False})
    audit.record(session, "user.sessions_end", user, actor=user, count=ended.rowcount, kept=keep and keep.id)
    return ended.rowcount


def live_sessions(session: Session, user: User) -> list[UserSession]:
    """The user's log-ins that still work, newest first."""
    return session.scalars(
        select(UserSession)
        .where(
            UserSession.user_id == user.id,
            UserSession.ended_at.is_(None),
            UserSession.created_at >= oldest_live_start(),
        )
        .order_by(UserSession.created_at.desc(), UserSession.id.desc())
    ).all()


def get_live_session(session: Session, user: User, session_id: int) -> UserSession | None:
    """One of the user's live log-ins; None for another user's, an ended one or none at all."""
    return next((record for record in live_sessions(session, user) if record.id == session_id), None)
