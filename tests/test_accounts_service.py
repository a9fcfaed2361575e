"""The accounts service, without a request."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import select

from eventsys.models import AuditEntry, OrganizationKind, Role, User, Verification
from eventsys.services.accounts import users as accounts
from eventsys.services.accounts.users import EmailTaken, InvalidCredentials, InvalidResetLink
from eventsys.services.errors import InvalidInput, NotAllowed
from tests.conftest import PASSWORD, TEST_POLICY, create_user, tamper

SECRET = "test-secret-key"


@pytest.mark.parametrize(
    ("raw", "normalized"),
    [("  Taro.Yamada@Example.COM ", "taro.yamada@example.com"), ("a@EXAMPLE.jp", "a@example.jp")],
)
def test_emails_are_normalized(raw, normalized):
    assert accounts.normalize_email(raw) == normalized


@pytest.mark.parametrize("raw", ["", "no-at-sign", "two@@example.com", "a@b", "a@example..com", "a b@example.com"])
def test_malformed_emails_are_refused(raw):
    with pytest.raises(InvalidInput) as refusal:
        accounts.normalize_email(raw)
    assert refusal.value.field == "email"


@pytest.mark.parametrize(
    "password", ["short1A", "aaaaaaaaaaaa", "1234567890", "onlylowercaseletters", "taro.yamada-2027X"]
)
def test_weak_passwords_are_refused(password):
    with pytest.raises(InvalidInput):
        accounts.check_password_strength(password, TEST_POLICY, email="taro.yamada@example.com")


def _sign_up(db, **fields):
    values = dict(
        email="Founder@Example.com",
        password=PASSWORD,
        name="Haruto Sato",
        name_local="佐藤 陽翔",
        role=Role.STARTUP,
        organization_name="Sakura Robotics",
        country="jp",
        policy=TEST_POLICY,
    )
    values.update(fields)
    return accounts.sign_up(db, **values)


def test_sign_up_creates_user_organization_and_membership(db):
    user = _sign_up(db)
    assert user.email == "founder@example.com"
    assert user.name_local == "佐藤 陽翔"
    assert user.organization.kind == OrganizationKind.STARTUP
    assert user.organization.country == "JP"
    assert user.password_hash.startswith("$argon2id$")
    assert db.scalar(select(AuditEntry).where(AuditEntry.action == "user.create")) is not None


def test_investors_start_pending_verification(db):
    user = _sign_up(db, email="vc@example.com", role=Role.INVESTOR, organization_name="Shibuya Ventures")
    assert user.organization.kind == OrganizationKind.INVESTOR_FIRM
    assert user.organization.verification == Verification.PENDING


def test_admins_cannot_sign_up(db):
    with pytest.raises(NotAllowed):
        _sign_up(db, role=Role.ADMIN)
    assert db.scalar(select(User)) is None


def test_organizers_sign_up_owning_an_unverified_organizer_organization(db):
    user = _sign_up(db, email="host@example.com", role=Role.ORGANIZER, organization_name="Kobe Robotics Expo")
    assert user.role == Role.ORGANIZER and user.memberships[0].role.value == "owner"
    assert user.organization.kind == OrganizationKind.ORGANIZER
    assert user.organization.verification == Verification.PENDING


def test_duplicate_email_is_refused_whatever_its_case(db):
    _sign_up(db)
    with pytest.raises(EmailTaken):
        _sign_up(db, email="FOUNDER@example.com")


def test_authenticate(db):
    _sign_up(db)
    assert accounts.authenticate(db, "FOUNDER@example.com", PASSWORD, TEST_POLICY).last_login_at is not None
    for email, password in [("founder@example.com", "wrong-Password-1"), ("nobody@example.com", PASSWORD)]:
        with pytest.raises(InvalidCredentials):
            accounts.authenticate(db, email, password, TEST_POLICY)


def test_a_failed_log_in_hashes_the_same_for_known_and_unknown_addresses(db, monkeypatch):
    """The time a refusal takes must not tell whether the address has an account: each costs one Argon2 verify."""
    from argon2 import PasswordHasher

    verified: list[str] = []
    real_verify = PasswordHasher.verify
    monkeypatch.setattr(
        PasswordHasher,
        "verify",
        lambda self, hash, password: verified.append(hash) or real_verify(self, hash, password),
    )
    _sign_up(db)
    for email in ("founder@example.com", "nobody@example.com", "not an address"):
        with pytest.raises(InvalidCredentials):
            accounts.authenticate(db, email, "wrong-Password-1", TEST_POLICY)
    assert len(verified) == 3
    assert all(hash.startswith("$argon2id$v=19$m=64,t=1") for hash in verified), "the decoy is hashed like real ones"


def test_inactive_users_cannot_log_in(db):
    user = _sign_up(db)
    user.is_active = False
    with pytest.raises(InvalidCredentials):
        accounts.authenticate(db, user.email, PASSWORD, TEST_POLICY)


def test_reset_token_works_once(db):
    user = create_user(db)
    token = accounts.make_reset_token(user, SECRET)
    assert accounts.get_user_for_reset_token(db, token, SECRET, 3600) is user
    accounts.set_password(db, user, "Another-Secret-77", TEST_POLICY, action="user.password_reset")
    with pytest.raises(InvalidResetLink, match="already been used"):
        accounts.get_user_for_reset_token(db, token, SECRET, 3600)


def test_reset_token_expires(db, monkeypatch):
    user = create_user(db)
    two_hours_ago = time.time() - 7200
    with monkeypatch.context() as patch:
        patch.setattr(time, "time", lambda: two_hours_ago)
        token = accounts.make_reset_token(user, SECRET)
    with pytest.raises(InvalidResetLink, match="expired"):
        accounts.get_user_for_reset_token(db, token, SECRET, 3600)


@pytest.mark.parametrize("mangle", [tamper, lambda t: "x" + t, lambda t: ""])
def test_tampered_reset_token_is_refused(db, mangle):
    user = create_user(db)
    token = accounts.make_reset_token(user, SECRET)
    with pytest.raises(InvalidResetLink, match="not valid"):
        accounts.get_user_for_reset_token(db, mangle(token), SECRET, 3600)


def test_reset_token_signed_with_another_key_is_refused(db):
    user = create_user(db)
    with pytest.raises(InvalidResetLink):
        accounts.get_user_for_reset_token(db, accounts.make_reset_token(user, "other-key"), SECRET, 3600)


def test_change_password_needs_current_password_and_ends_other_sessions(db):
    user = create_user(db)
    version = user.session_version
    with pytest.raises(InvalidCredentials):
        accounts.change_password(db, user, "not-my-Password-1", "Brand-New-Secret-9", TEST_POLICY)
    accounts.change_password(db, user, PASSWORD, "Brand-New-Secret-9", TEST_POLICY)
    assert user.session_version == version + 1
    assert accounts.authenticate(db, user.email, "Brand-New-Secret-9", TEST_POLICY) is user


def test_change_email(db):
    user = create_user(db)
    taken = create_user(db)
    with pytest.raises(EmailTaken):
        accounts.change_email(db, user, PASSWORD, taken.email.upper(), TEST_POLICY)
    with pytest.raises(InvalidCredentials):
        accounts.change_email(db, user, "wrong-Password-1", "new@example.com", TEST_POLICY)
    accounts.change_email(db, user, PASSWORD, " New@Example.com ", TEST_POLICY)
    assert user.email == "new@example.com"
