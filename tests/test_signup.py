"""Sign-up tells nobody whether an address has an account: same answer, same work, and the mail says the rest."""

from __future__ import annotations

import re
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser

import pytest
from argon2 import PasswordHasher
from sqlalchemy import event, func, select

from eventsys.extensions import db as _db
from eventsys.models import AuditEntry, Organization, Role, User
from eventsys.services.accounts import signup
from eventsys.services.accounts.signup import make_signup_token
from tests.conftest import PASSWORD, csrf_token, login, signup_link, tamper

STEP_TWO = {
    "role": "startup",
    "name": "Haruto Sato",
    "organization_name": "Sakura Robotics",
    "country": "JP",
    "password": PASSWORD,
    "confirm": PASSWORD,
}


def _mails(outbox) -> list[EmailMessage]:
    parser = BytesParser(policy=policy.default)
    return [parser.parsebytes(path.read_bytes()) for path in sorted(outbox.glob("*.eml"))]


def _body(message: EmailMessage) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def _without_csrf(html: str) -> str:
    return re.sub(r'name="csrf_token"( type="hidden")? value="[^"]+"', 'name="csrf_token" value=""', html)


def _answer(app, address: str):
    """Step one from a fresh client with a CSRF token, as a browser sends it."""
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        client = app.test_client()
        token = csrf_token(client, "/signup")
        return client.post("/signup", data={"email": address, "csrf_token": token})
    finally:
        app.config["WTF_CSRF_ENABLED"] = False


def test_both_answers_are_the_same_apart_from_the_csrf_token(app, db, startup, outbox):
    new, existing = _answer(app, "newcomer@example.com"), _answer(app, "startup@example.com")
    assert new.status_code == existing.status_code == 200
    assert _without_csrf(new.get_data(as_text=True)) == _without_csrf(existing.get_data(as_text=True))
    assert "Check your mail" in new.get_data(as_text=True)
    ignore = {"Set-Cookie", "Date", "X-Request-Id"}  # a fresh session each; the time; a fresh request id each
    assert {k: v for k, v in new.headers if k not in ignore} == {k: v for k, v in existing.headers if k not in ignore}
    assert [c.split("=", 1)[0] for c in new.headers.getlist("Set-Cookie")] == [
        c.split("=", 1)[0] for c in existing.headers.getlist("Set-Cookie")
    ]


def test_the_owner_of_an_existing_account_gets_a_mail_to_log_in(client, db, startup, outbox):
    client.post("/signup", data={"email": "Startup@Example.com"})
    (message,) = _mails(outbox)
    assert message["To"] == "startup@example.com"
    assert message["Subject"] == "You already have an eventsys account"
    assert "http://eventsys.test/login" in _body(message) and "http://eventsys.test/reset-password" in _body(message)
    assert "/signup/" not in _body(message)


def test_the_existing_accounts_mail_is_in_its_owners_language(client, db, startup, outbox, monkeypatch):
    chosen = []
    real = signup.force_locale
    monkeypatch.setattr(signup, "force_locale", lambda locale: chosen.append(locale) or real(locale))
    startup.locale = "ja"
    db.flush()
    client.post("/signup", data={"email": startup.email}, headers={"Accept-Language": "en"})
    assert chosen == ["ja"]  # its Japanese text comes with the translations of this change
    assert len(_mails(outbox)) == 1


def test_a_new_address_gets_the_link_to_the_rest_of_the_form(client, db, outbox):
    client.post("/signup", data={"email": "Newcomer@Example.com"})
    (message,) = _mails(outbox)
    assert message["To"] == "newcomer@example.com"
    assert message["Subject"] == "Confirm your e-mail address for eventsys"
    link = re.search(r"http://eventsys\.test(/signup/\S+)", _body(message)).group(1)
    page = client.get(link).get_data(as_text=True)
    assert "newcomer@example.com" in page and "Create account" in page
    response = client.post(link, data=STEP_TWO)
    assert response.status_code == 302
    user = db.scalar(select(User).where(User.email == "newcomer@example.com"))
    assert user.role == Role.STARTUP and user.organization.name == "Sakura Robotics"
    assert "Haruto Sato" in client.get("/").get_data(as_text=True)


def _work(app, client, address: str) -> dict:
    """What step one costs for `address`: Argon2 hashes and verifications, SQL statements, rows written."""
    counts = {"argon2": 0, "statements": 0, "writes": 0}

    def count_argon2(original):
        def counted(*args, **kwargs):
            counts["argon2"] += 1
            return original(*args, **kwargs)

        return counted

    def note(_conn, _cursor, statement, *_args) -> None:
        counts["statements"] += 1
        counts["writes"] += statement.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(PasswordHasher, "hash", count_argon2(PasswordHasher.hash))
        patch.setattr(PasswordHasher, "verify", count_argon2(PasswordHasher.verify))
        with app.app_context():
            event.listen(_db.engine, "before_cursor_execute", note)
            try:
                assert client.post("/signup", data={"email": address}).status_code == 200
            finally:
                event.remove(_db.engine, "before_cursor_execute", note)
    return counts


def test_both_branches_do_the_same_work_and_hash_no_password(app, client, db, startup, outbox):
    new, existing = _work(app, client, "newcomer@example.com"), _work(app, client, startup.email)
    assert new == existing == {"argon2": 0, "statements": new["statements"], "writes": 0}
    assert len(_mails(outbox)) == 2
    assert db.scalar(select(func.count()).select_from(User)) == 1


@pytest.mark.parametrize("address", ["not-an-email", "", "a@" + "b" * 300 + ".example"])
def test_a_malformed_address_is_refused_and_mails_nobody(client, db, outbox, address):
    response = client.post("/signup", data={"email": address})
    assert response.status_code == 422
    assert _mails(outbox) == []


def test_signup_links_that_are_forged_expired_or_for_nothing_are_refused(app, client, db):
    good = signup_link("someone@example.com")
    for path in (tamper(good), "/signup/not-a-token", "/signup/" + make_signup_token(["list"], "test-secret-key")):
        response = client.get(path)
        assert response.status_code == 400
        assert "not valid" in response.get_data(as_text=True)
        assert client.post(path, data=STEP_TWO).status_code == 400
    app.config["SIGNUP_LINK_MAX_AGE"] = -1
    try:
        assert "expired" in client.get(good).get_data(as_text=True)
    finally:
        app.config["SIGNUP_LINK_MAX_AGE"] = 86400
    assert db.scalar(select(func.count()).select_from(Organization)) == 0


def test_step_two_refuses_bad_input(client, db):
    response = client.post(signup_link("someone@example.com"), data={**STEP_TWO, "role": "admin", "name": ""})
    assert response.status_code == 422
    assert "Not a valid choice" in response.get_data(as_text=True)
    assert db.scalar(select(func.count()).select_from(AuditEntry)) == 0


def test_logged_in_users_do_not_sign_up(client, startup):
    login(client, startup.email)
    for path in ("/signup", signup_link("someone@example.com")):
        assert client.get(path).status_code == 302
        assert client.post(path, data={"email": "someone@example.com", **STEP_TWO}).status_code == 302


def test_step_two_asks_for_the_job_title_kept_for_leads_under_consent(client, db):
    from eventsys.models import LeadConsent

    page = client.get(signup_link("cto@example.com")).get_data(as_text=True)
    assert 'name="job_title"' in page and "only if you agreed" in page
    for bad in ("T" * 101, "CTO\x07"):
        answer = client.post(signup_link("cto@example.com"), data={**STEP_TWO, "job_title": bad})
        assert answer.status_code == 422
    assert db.scalar(select(User).where(User.email == "cto@example.com")) is None
    data = {**STEP_TWO, "job_title": "  Chief Technology Officer ", "share_with_exhibitors": "y"}
    assert client.post(signup_link("cto@example.com"), data=data).status_code == 302
    user = db.scalar(select(User).where(User.email == "cto@example.com"))
    assert user.job_title == "Chief Technology Officer"
    consent = db.scalar(select(LeadConsent).where(LeadConsent.user_id == user.id))
    assert consent.shares and consent.covers_title  # the wording agreed to names the title


@pytest.mark.parametrize(
    ("headers", "cookie", "expected"),
    [({}, None, "en"), ({"Accept-Language": "ja,en;q=0.5"}, None, "ja"), ({"Accept-Language": "ja"}, "es", "es")],
)
def test_the_account_keeps_the_language_it_was_signed_up_in(client, db, outbox, headers, cookie, expected):
    """Its mails and badges follow it from the first one, before the person ever touches the language switch."""
    if cookie:
        client.set_cookie("eventsys_language", cookie, domain="eventsys.test")
    link = signup_link("hablo@example.com")
    assert client.post(link, data=STEP_TWO, headers=headers).status_code == 302
    assert db.scalar(select(User).where(User.email == "hablo@example.com")).locale == expected
