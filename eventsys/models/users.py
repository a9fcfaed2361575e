"""People who sign in, and the roles that decide what they may do."""

from __future__ import annotations

import enum
import secrets
from datetime import datetime
from typing import TYPE_CHECKING

from flask_login import UserMixin
from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eventsys.models.base import Model, Timestamped, enum_column

if TYPE_CHECKING:
    from eventsys.models.fairs import FairStaff
    from eventsys.models.organizations import Membership


class Role(enum.StrEnum):
    """What a user is on the platform; admins are created by an admin, never by sign-up."""

    STARTUP = "startup"
    INVESTOR = "investor"
    ORGANIZER = "organizer"
    ADMIN = "admin"


#: Roles a person may choose at sign-up; an organizer signs up with a new organizer organization they own.
SIGNUP_ROLES = (Role.STARTUP, Role.INVESTOR, Role.ORGANIZER)


def new_calendar_token() -> str:
    """A fresh secret for a calendar feed's URL."""
    return secrets.token_urlsafe(32)


class User(UserMixin, Timestamped, Model):
    """A person with an account."""

    __tablename__ = "users"

    #: Lower-cased and normalised by `normalize_email`; unique.
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    #: The name in Latin script, as printed on badges ("Taro Yamada").
    name: Mapped[str] = mapped_column(String(120))
    #: The name in local script, optional ("山田 太郎").
    name_local: Mapped[str | None] = mapped_column(String(120))
    #: The person's job title ("Head of Partnerships"), optional; shared with exhibitors only with consent.
    job_title: Mapped[str | None] = mapped_column(String(100))
    role: Mapped[Role] = mapped_column(enum_column(Role), index=True)
    #: The interface language; None follows the browser.
    locale: Mapped[str | None] = mapped_column(String(8))
    #: Languages the person can meet in (ISO 639-1 codes); empty when not declared (no interpreter is then planned).
    meeting_languages: Mapped[list[str]] = mapped_column(JSON, default=list, server_default="[]")
    #: The person's own IANA zone (one of eventsys.time_zones), guessed from the browser at sign-up; meeting
    #: times show in it beside the center's. None: only the center's zone.
    timezone: Mapped[str | None] = mapped_column(String(64))
    #: The person's video call link (https, as services.meetings.online.check_video_url takes it): set, the person
    #: meets online, and the scheduler may place their meetings online at the requester's link. None: in person only.
    online_meeting_url: Mapped[str | None] = mapped_column(String(500))
    is_active: Mapped[bool] = mapped_column(default=True, server_default="1")
    last_login_at: Mapped[datetime | None]
    #: Changes on every password change, so a reset link works once (sessions end by their UserSession rows).
    session_version: Mapped[int] = mapped_column(default=1, server_default="1")
    #: Secret in the private calendar feed's URL (/calendar/<token>.ics); regenerating it kills the old URL.
    #: Made with the account (migration 0008 gave older accounts theirs), so showing the calendar page writes nothing.
    calendar_token: Mapped[str | None] = mapped_column(String(64), unique=True, default=new_calendar_token)

    memberships: Mapped[list[Membership]] = relationship(back_populates="user", cascade="all, delete-orphan")
    #: The user's roles at the fairs of their organizer organization (see services.permissions.fair_role).
    fair_roles: Mapped[list[FairStaff]] = relationship(back_populates="user", cascade="all, delete-orphan")

    #: The log-in this request runs under and the key its cookies carry; set by sessions.start_session or the
    #: user loader, never stored on the row.
    current_session = None
    session_key = None

    def get_id(self) -> str:
        """Flask-Login's id, kept in the session and remember-me cookies: the user, the log-in and its secret,
        so that ending the log-in's UserSession row ends every copy of those cookies."""
        if self.session_key is None:
            raise RuntimeError("start a session (services.accounts.sessions.start_session) before login_user")
        return self.session_key

    def __eq__(self, other) -> bool:
        # Flask-Login compares by get_id, which only a logged-in user has; the row is what makes a user the same.
        if isinstance(other, User):
            return self is other or (self.id is not None and self.id == other.id)
        return NotImplemented

    __hash__ = UserMixin.__hash__

    @property
    def is_organizer(self) -> bool:
        return self.role in (Role.ORGANIZER, Role.ADMIN)

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN

    @property
    def organization(self):
        """The user's first organization, which is the only one for nearly everybody."""
        return self.memberships[0].organization if self.memberships else None

    def __repr__(self) -> str:
        return f"<User {self.id} {self.email} {self.role}>"


class UserSession(Timestamped, Model):
    """One log-in on one device. Its cookies carry the row's id and a secret whose hash only is kept here, so a
    stolen database holds no working cookie; logging out, or out everywhere, sets ended_at and every copy of
    the cookies stops working."""

    __tablename__ = "user_sessions"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    #: SHA-256 of the secret in the cookie, hex.
    secret_hash: Mapped[str] = mapped_column(String(64))
    #: The browser and system, as "Firefox on Windows", to tell sessions apart on the account page.
    browser: Mapped[str] = mapped_column(String(80), default="", server_default="")
    ended_at: Mapped[datetime | None]

    user: Mapped[User] = relationship()

    def __repr__(self) -> str:
        return f"<UserSession {self.id} of user {self.user_id}>"
