"""Accounts: sign-up, credentials, password resets and changes of e-mail."""

from __future__ import annotations

import functools
import secrets
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from email_validator import EmailNotValidError, validate_email
from flask import current_app
from flask_babel import gettext, ngettext
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import select
from sqlalchemy.orm import Session

from eventsys.models import (
    SIGNUP_ROLES,
    MemberRole,
    Membership,
    Organization,
    OrganizationKind,
    Role,
    User,
    UserSession,
    Verification,
    utcnow,
)
from eventsys.services import audit, mail
from eventsys.services.accounts import sessions
from eventsys.services.errors import DomainError, InvalidInput, NotAllowed
from eventsys.services.links import external_url
from eventsys.time_zones import is_time_zone

_RESET_SALT = "eventsys.password-reset"


class EmailTaken(DomainError):
    pass


class InvalidCredentials(DomainError):
    status = 401


class InvalidResetLink(DomainError):
    status = 400


#: Organization kind created with a user of each role at sign-up.
ORGANIZATION_KIND_FOR_ROLE = {
    Role.STARTUP: OrganizationKind.STARTUP,
    Role.INVESTOR: OrganizationKind.INVESTOR_FIRM,
    Role.ORGANIZER: OrganizationKind.ORGANIZER,
}
#: Roles whose new organization waits for a decision: investors for an organizer's, organizers for an admin's.
PENDING_AT_SIGNUP = (Role.INVESTOR, Role.ORGANIZER)


@dataclass(frozen=True)
class PasswordPolicy:
    """How passwords are hashed and how long they must be; tests lower the cost, never the rules."""

    min_length: int = 10
    time_cost: int = 3
    memory_cost_kib: int = 65536

    def hasher(self) -> PasswordHasher:
        return PasswordHasher(time_cost=self.time_cost, memory_cost=self.memory_cost_kib)

    @classmethod
    def from_config(cls, config) -> PasswordPolicy:
        return cls(
            min_length=config["PASSWORD_MIN_LENGTH"],
            time_cost=config["PASSWORD_HASH_TIME_COST"],
            memory_cost_kib=config["PASSWORD_HASH_MEMORY_KIB"],
        )


def normalize_email(address: str) -> str:
    """Validate an e-mail's syntax and return it in one canonical, lower-case form."""
    try:
        result = validate_email(address.strip(), check_deliverability=False)
    except EmailNotValidError as error:
        raise InvalidInput(
            _l("This is not a valid e-mail address: %(reason)s", reason=str(error)), field="email"
        ) from error
    return result.normalized.lower()


def check_password_strength(password: str, policy: PasswordPolicy, *, email: str = "") -> None:
    """Refuse short, single-kind or e-mail-derived passwords, with a message that says why."""
    if len(password) < policy.min_length:
        raise InvalidInput(_l("Use at least %(count)d characters.", count=policy.min_length), field="password")
    if len(set(password)) < 5:
        raise InvalidInput(_l("Use more varied characters."), field="password")
    if password.isdigit() or password.isalpha() and password.lower() == password:
        raise InvalidInput(_l("Mix letters with digits, capitals or symbols."), field="password")
    local = email.split("@", 1)[0].lower()
    if local and len(local) >= 4 and local in password.lower():
        raise InvalidInput(_l("Do not use your e-mail address in your password."), field="password")


def hash_password(password: str, policy: PasswordPolicy) -> str:
    return policy.hasher().hash(password)


@functools.cache
def _decoy_hash(policy: PasswordPolicy) -> str:
    """A hash of a random password, hashed as the policy hashes real ones."""
    return hash_password(secrets.token_urlsafe(16), policy)


def get_user_by_email(session: Session, email: str) -> User | None:
    try:
        normalized = normalize_email(email)
    except InvalidInput:
        return None
    return session.scalar(select(User).where(User.email == normalized))


def create_user(
    session: Session,
    *,
    email: str,
    password: str,
    name: str,
    role: Role,
    policy: PasswordPolicy,
    name_local: str | None = None,
    actor: User | None = None,
) -> User:
    """Create an account of any role (organizers and admins come here from the CLI or an admin)."""
    email = normalize_email(email)
    check_password_strength(password, policy, email=email)
    if session.scalar(select(User.id).where(User.email == email)) is not None:
        raise EmailTaken(_l("An account with this e-mail address already exists."), field="email")
    user = User(
        email=email, password_hash=hash_password(password, policy), name=name.strip(), name_local=name_local, role=role
    )
    session.add(user)
    session.flush()
    audit.record(session, "user.create", user, actor=actor, role=role.value)
    return user


def sign_up(
    session: Session,
    *,
    email: str,
    password: str,
    name: str,
    role: Role,
    organization_name: str,
    country: str,
    policy: PasswordPolicy,
    name_local: str | None = None,
    timezone: str | None = None,
    job_title: str | None = None,
    locale: str | None = None,
) -> User:
    """Register a startup, investor or organizer with the organization they own; investor firms wait for an
    organizer's verification, organizer organizations for an admin's (until then their fairs stay drafts). The
    `job_title` is kept for lead scanning: exhibitors get it only with the person's consent. The `locale` is the
    language the person signed up in: their mails, badges and PDFs are in it from the start."""
    if role not in SIGNUP_ROLES:
        raise NotAllowed(_l("Only startups, investors and organizers can sign up; admins are made by admins."))
    user = create_user(
        session, email=email, password=password, name=name, role=role, policy=policy, name_local=name_local
    )
    user.timezone = timezone if is_time_zone(timezone) else None
    user.job_title = (job_title or "").strip()[:100] or None
    user.locale = locale
    organization = Organization(
        kind=ORGANIZATION_KIND_FOR_ROLE[role],
        name=organization_name.strip(),
        country=country.upper(),
        verification=Verification.PENDING if role in PENDING_AT_SIGNUP else Verification.VERIFIED,
    )
    session.add(organization)
    session.add(Membership(user=user, organization=organization, role=MemberRole.OWNER))
    session.flush()
    audit.record(session, "organization.create", organization, actor=user)
    return user


def authenticate(session: Session, email: str, password: str, policy: PasswordPolicy) -> User:
    """The active user with these credentials; one message for every failure so accounts cannot be probed."""
    user = get_user_by_email(session, email)
    hasher = policy.hasher()
    known = user is not None and user.is_active
    try:
        # An unknown address costs the same hashing as a known one, so the time taken tells nothing.
        hasher.verify(user.password_hash if known else _decoy_hash(policy), password)
        if not known:
            raise VerificationError
    except (VerificationError, InvalidHashError) as error:
        raise InvalidCredentials(_l("Wrong e-mail address or password."), field="password") from error
    if hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hasher.hash(password)
    user.last_login_at = utcnow()
    return user


def set_password(
    session: Session,
    user: User,
    new_password: str,
    policy: PasswordPolicy,
    *,
    action: str,
    keep: UserSession | None = None,
) -> None:
    """Replace the password and end the user's log-ins but `keep` (the one asking), and pending reset links."""
    check_password_strength(new_password, policy, email=user.email)
    user.password_hash = hash_password(new_password, policy)
    user.session_version += 1
    audit.record(session, action, user, actor=user)
    sessions.end_other_sessions(session, user, keep=keep)


def change_password(session: Session, user: User, current: str, new_password: str, policy: PasswordPolicy) -> None:
    """Change the password from the account page: the other log-ins end, this one stays."""
    _verify_current_password(user, current, policy)
    set_password(session, user, new_password, policy, action="user.password_change", keep=user.current_session)


def change_email(session: Session, user: User, current_password: str, new_email: str, policy: PasswordPolicy) -> None:
    """Move the account to a new address, after the password proves it is the owner asking."""
    _verify_current_password(user, current_password, policy)
    new_email = normalize_email(new_email)
    if new_email == user.email:
        raise InvalidInput(_l("That is already your e-mail address."), field="email")
    if session.scalar(select(User.id).where(User.email == new_email)) is not None:
        raise EmailTaken(_l("An account with this e-mail address already exists."), field="email")
    old = user.email
    user.email = new_email
    audit.record(session, "user.email_change", user, actor=user, old=old, new=new_email)


def _verify_current_password(user: User, password: str, policy: PasswordPolicy) -> None:
    try:
        policy.hasher().verify(user.password_hash, password)
    except (VerificationError, InvalidHashError) as error:
        raise InvalidCredentials(_l("Your current password is not correct."), field="current_password") from error


def make_reset_token(user: User, secret_key: str) -> str:
    """A signed token naming the user and their session version, so it dies with the next password change."""
    return URLSafeTimedSerializer(secret_key, salt=_RESET_SALT).dumps([user.id, user.session_version])


def get_user_for_reset_token(session: Session, token: str, secret_key: str, max_age: int) -> User:
    """The user a reset token was made for, if it is genuine, unexpired and unused."""
    serializer = URLSafeTimedSerializer(secret_key, salt=_RESET_SALT)
    try:
        user_id, version = serializer.loads(token, max_age=max_age)
    except SignatureExpired as error:
        raise InvalidResetLink(_l("This reset link has expired. Ask for a new one.")) from error
    except (BadSignature, ValueError, TypeError) as error:
        raise InvalidResetLink(_l("This reset link is not valid. Ask for a new one.")) from error
    user = session.get(User, user_id) if isinstance(user_id, int) else None
    if user is None or not user.is_active or user.session_version != version:
        raise InvalidResetLink(_l("This reset link has already been used. Ask for a new one."))
    return user


def request_password_reset(session: Session, email: str) -> None:
    """Mail a reset link on commit if `email` is an active account's; nothing else, so accounts cannot be probed."""
    user = get_user_by_email(session, email)
    if user is None or not user.is_active:
        return
    config = current_app.config
    link = external_url("auth.reset_password", token=make_reset_token(user, config["SECRET_KEY"]))
    with mail.in_language_of(user):
        subject = gettext("Choose a new eventsys password")
        text = _reset_text(user, link, config["PASSWORD_RESET_MAX_AGE"] // 60)
    mail.send_after_commit(session, user.email, subject, text)


def _reset_text(user: User, link: str, minutes: int) -> str:
    paragraphs = (
        gettext("Hello %(name)s,", name=user.name),
        gettext(
            "Someone, hopefully you, asked to choose a new password for your eventsys account. "
            "Open this link to choose it:"
        ),
        link,
        ngettext(
            "The link expires in %(count)s minute and works only once.",
            "The link expires in %(count)s minutes and works only once.",
            minutes,
            count=minutes,
        ),
        gettext("If you did not ask for this, you can ignore this e-mail: your password stays as it is."),
        "-- \neventsys",
    )
    return "\n\n".join(paragraphs) + "\n"
