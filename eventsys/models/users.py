"""People who sign in, and the roles that decide what they may do."""

from __future__ import annotations

import enum
import secrets
from datetime import datetime
from typing import TYPE_CHECKING

from flask_login import UserMixin
from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eventsys.models.base import Model, Timestamped, enum_column

if TYPE_CHECKING:
    from eventsys.models.organizations import Membership


class Role(enum.StrEnum):
    """What a user is on the platform; organizers are created by an admin, never by sign-up."""

    STARTUP = "startup"
    INVESTOR = "investor"
    ORGANIZER = "organizer"
    ADMIN = "admin"


#: Roles a person may choose at sign-up.
SIGNUP_ROLES = (Role.STARTUP, Role.INVESTOR)


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
    role: Mapped[Role] = mapped_column(enum_column(Role), index=True)
    #: The interface language; None follows the browser.
    locale: Mapped[str | None] = mapped_column(String(8))
    is_active: Mapped[bool] = mapped_column(default=True, server_default="1")
    last_login_at: Mapped[datetime | None]
    #: Changes on every password change, so old reset links and remember-me cookies stop working.
    session_version: Mapped[int] = mapped_column(default=1, server_default="1")
    #: Secret in the private calendar feed's URL (/calendar/<token>.ics); regenerating it kills the old URL.
    #: Made with the account (migration 0008 gave older accounts theirs), so showing the calendar page writes nothing.
    calendar_token: Mapped[str | None] = mapped_column(String(64), unique=True, default=new_calendar_token)

    memberships: Mapped[list[Membership]] = relationship(back_populates="user", cascade="all, delete-orphan")

    def get_id(self) -> str:
        """Flask-Login's id: the row id and session version, so a password change ends other sessions."""
        return f"{self.id}:{self.session_version}"

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
