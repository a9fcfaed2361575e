"""The whole auth flow through the test client: sign-up, log-in, log-out, resets, account changes, CSRF."""

from __future__ import annotations

import re
from email import policy
from email.parser import BytesParser

import pytest
from sqlalchemy import select

from eventsys import create_app
from eventsys.models import Role, User
from tests.conftest import PASSWORD, app_config, csrf_token, login, signup_link, tamper

SIGNUP = {
    "role": "startup",
    "name": "Haruto Sato",
    "name_local": "佐藤 陽翔",
    "organization_name": "Sakura Robotics",
    "country": "JP",
    "password": PASSWORD,
    "confirm": PASSWORD,
}


def _signup(client, email="haruto@example.com", **changes):
    """The second step of sign-up, from the link mailed to `email`."""
    return client.post(signup_link(email), data={**SIGNUP, **changes})


def test_signup_logs_the_new_user_in(client, db):
    response = _signup(client)
    assert response.status_code == 302
    user = db.scalar(select(User).where(User.email == "haruto@example.com"))
    assert user.role == Role.STARTUP and user.organization.name == "Sakura Robotics"
    assert "Haruto Sato" in client.get("/").get_data(as_text=True)


def test_signup_as_investor(client, db):
    assert _signup(client, "vc@example.com", role="investor").status_code == 302
    assert db.scalar(select(User.role).where(User.email == "vc@example.com")) == Role.INVESTOR


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"password": "short", "confirm": "short"}, "at least 10 characters"),
        ({"password": "aaaaaaaaaaaaaa", "confirm": "aaaaaaaaaaaaaa"}, "varied"),
        ({"confirm": "Something-Else-1"}, "passwords differ"),
        ({"role": "admin"}, "Not a valid choice"),
        ({"country": "XX"}, "Not a valid choice"),
        ({"name": ""}, "This field is required"),
        ({"organization_name": "x" * 161}, "160"),
    ],
)
def test_signup_bad_input_is_refused_with_a_message(client, db, changes, message):
    response = _signup(client, **changes)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert db.scalar(select(User)) is None


def test_a_signup_link_for_an_address_that_got_an_account_meanwhile(client, startup):
    response = _signup(client, "startup@example.com")  # only the mailbox's owner has this link
    assert response.status_code == 422
    assert "already exists" in response.get_data(as_text=True)


def test_login_and_logout(client, startup):
    response = login(client, "Startup@Example.com")
    assert response.status_code == 302
    assert "Taro Yamada" in client.get("/account/").get_data(as_text=True)
    response = client.post("/logout", data={"csrf_token": "ignored-in-tests"})
    assert response.status_code == 302
    assert client.get("/account/").status_code == 302


@pytest.mark.parametrize(
    ("email", "password"), [("startup@example.com", "Wrong-Password-9"), ("nobody@example.com", PASSWORD)]
)
def test_login_with_wrong_credentials(client, startup, email, password):
    response = login(client, email, password)
    assert response.status_code == 401
    assert "Wrong e-mail address or password." in response.get_data(as_text=True)


def test_login_with_malformed_email(client, db):
    response = login(client, "@@")
    assert response.status_code == 422
    assert "valid e-mail" in response.get_data(as_text=True)


def test_login_follows_next_only_on_this_site(client, startup):
    response = client.post("/login?next=/account/", data={"email": startup.email, "password": PASSWORD})
    assert response.headers["Location"].endswith("/account/")
    client.post("/logout")
    response = client.post("/login?next=https://evil.example/", data={"email": startup.email, "password": PASSWORD})
    assert "evil" not in response.headers["Location"]
    client.post("/logout")  # a browser reads a backslash as a slash: "/\\evil.example" is "//evil.example"
    response = client.post("/login?next=/%5Cevil.example/", data={"email": startup.email, "password": PASSWORD})
    assert "evil" not in response.headers["Location"]


def test_remember_me_sets_a_cookie(client, startup):
    login(client, startup.email, remember="y")
    cookie = client.get_cookie("remember_token", domain="eventsys.test")
    assert cookie is not None and cookie.http_only


def test_anonymous_users_are_sent_to_login(client, db):
    for path in ("/account/", "/organizer/", "/organizer/users/new"):
        response = client.get(path)
        assert response.status_code == 302
        assert "/login?next=" in response.headers["Location"]


def _mailed_link(outbox) -> str:
    (mail,) = list(outbox.glob("*.eml"))
    message = BytesParser(policy=policy.default).parsebytes(mail.read_bytes())
    body = message.get_body(preferencelist=("plain",)).get_content()
    return re.search(r"https?://\S+/reset-password/\S+", body).group(0)


def test_password_reset_by_mail(client, startup, outbox):
    response = client.post("/reset-password", data={"email": startup.email})
    assert response.status_code == 302
    link = _mailed_link(outbox)
    path = link.split("eventsys.test", 1)[1]
    assert client.get(path).status_code == 200
    response = client.post(path, data={"password": "Fresh-Password-77", "confirm": "Fresh-Password-77"})
    assert response.status_code == 302
    assert login(client, startup.email, "Fresh-Password-77").status_code == 302
    client.post("/logout")
    assert client.get(path).status_code == 400, "a reset link works once"


def test_password_reset_for_unknown_address_says_the_same_and_sends_nothing(client, db, outbox):
    response = client.post("/reset-password", data={"email": "nobody@example.com"}, follow_redirects=True)
    assert "If an account exists" in response.get_data(as_text=True)
    assert list(outbox.glob("*.eml")) == []


def test_tampered_reset_link_is_refused(client, startup, outbox):
    client.post("/reset-password", data={"email": startup.email})
    path = _mailed_link(outbox).split("eventsys.test", 1)[1]
    response = client.get(tamper(path))
    assert response.status_code == 400
    assert "not valid" in response.get_data(as_text=True)
    response = client.post(tamper(path), data={"password": "Fresh-Password-77", "confirm": "Fresh-Password-77"})
    assert response.status_code == 400


def test_reset_with_weak_password(client, startup, outbox):
    client.post("/reset-password", data={"email": startup.email})
    path = _mailed_link(outbox).split("eventsys.test", 1)[1]
    response = client.post(path, data={"password": "weak", "confirm": "weak"})
    assert response.status_code == 422
    assert "at least 10 characters" in response.get_data(as_text=True)


def test_change_password(client, startup):
    login(client, startup.email)
    data = {
        "password-current_password": PASSWORD,
        "password-password": "Brand-New-9x",
        "password-confirm": "Brand-New-9x",
    }
    assert client.post("/account/password", data=data).status_code == 302
    assert client.get("/account/").status_code == 200, "this session stays logged in"
    client.post("/logout")
    assert login(client, startup.email, "Brand-New-9x").status_code == 302


def test_change_password_needs_the_current_one(client, startup):
    login(client, startup.email)
    data = {
        "password-current_password": "Wrong-One-99",
        "password-password": "Brand-New-9x",
        "password-confirm": "Brand-New-9x",
    }
    response = client.post("/account/password", data=data)
    assert response.status_code == 422
    assert "current password is not correct" in response.get_data(as_text=True)


def test_password_change_ends_other_sessions(app, client, startup):
    other = app.test_client()
    login(other, startup.email)
    login(client, startup.email)
    data = {
        "password-current_password": PASSWORD,
        "password-password": "Brand-New-9x",
        "password-confirm": "Brand-New-9x",
    }
    client.post("/account/password", data=data)
    assert other.get("/account/").status_code == 302


def test_change_email(client, startup, investor, db):
    login(client, startup.email)
    response = client.post("/account/email", data={"email-email": investor.email, "email-current_password": PASSWORD})
    assert response.status_code == 422 and "already exists" in response.get_data(as_text=True)
    response = client.post("/account/email", data={"email-email": "bad", "email-current_password": PASSWORD})
    assert response.status_code == 422
    response = client.post(
        "/account/email", data={"email-email": "New@Example.com", "email-current_password": PASSWORD}
    )
    assert response.status_code == 302
    assert startup.email == "new@example.com"


def test_profile_language_changes_the_page_language(client, startup):
    login(client, startup.email)
    response = client.post("/account/profile", data={"profile-name": "Taro Yamada", "profile-locale": "ja"})
    assert response.status_code == 302
    assert 'lang="ja"' in client.get("/").get_data(as_text=True)
    response = client.post("/account/profile", data={"profile-name": "", "profile-locale": "xx"})
    assert response.status_code == 422


def test_messages_follow_a_language_changed_at_login_logout_and_in_the_profile(client, db, startup):
    """The user's language is kept for the request; it must change with the person and the profile."""
    startup.locale = "ja"
    db.flush()
    english = {"Accept-Language": "en"}
    page = client.post("/login", data={"email": startup.email, "password": PASSWORD}, headers=english)
    assert "ログインしました。" in client.get(page.headers["Location"], headers=english).get_data(as_text=True)
    client.post("/account/profile", data={"profile-name": "Taro Yamada", "profile-locale": "en"}, headers=english)
    assert "Your profile has been saved." in client.get("/account/", headers=english).get_data(as_text=True)
    client.post("/account/profile", data={"profile-name": "Taro Yamada", "profile-locale": "ja"}, headers=english)
    assert "プロフィールを保存しました。" in client.get("/account/", headers=english).get_data(as_text=True)
    client.post("/logout", headers=english)
    assert "You are logged out." in client.get("/", headers=english).get_data(as_text=True)


def test_browser_language_is_used_for_anonymous_visitors(client, db):
    assert 'lang="ja"' in client.get("/", headers={"Accept-Language": "ja,en;q=0.5"}).get_data(as_text=True)
    assert 'lang="en"' in client.get("/", headers={"Accept-Language": "de,en;q=0.5"}).get_data(as_text=True)


@pytest.fixture
def csrf_client(tmp_path, database_url, db):
    """A client of an app with CSRF protection on, as in production."""
    app = create_app(app_config(tmp_path, database_url, WTF_CSRF_ENABLED=True))
    with app.app_context():
        yield app.test_client()


def test_forms_without_csrf_token_are_refused(csrf_client):
    response = csrf_client.post("/signup", data=SIGNUP)
    assert response.status_code == 400
    assert "form expired" in response.get_data(as_text=True)


def test_forms_with_a_wrong_csrf_token_are_refused(csrf_client):
    response = csrf_client.post("/login", data={"email": "a@example.com", "password": PASSWORD, "csrf_token": "forged"})
    assert response.status_code == 400


def test_forms_with_the_right_csrf_token_pass(csrf_client):
    token = csrf_token(csrf_client, "/signup")
    response = csrf_client.post("/signup", data={"email": "csrf@example.com", "csrf_token": token})
    assert response.status_code == 200 and "Check your mail" in response.get_data(as_text=True)


@pytest.fixture
def limited_client(tmp_path, database_url, db):
    app = create_app(app_config(tmp_path, database_url, RATELIMIT_ENABLED=True, LOGIN_RATE_LIMIT="3 per minute"))
    with app.app_context():
        yield app.test_client()


def test_login_is_rate_limited(limited_client):
    statuses = [login(limited_client, "a@example.com", "Wrong-Password-1").status_code for _ in range(4)]
    assert statuses == [401, 401, 401, 429]
    assert "Too many attempts" in limited_client.post("/login", data={}).get_data(as_text=True)


@pytest.fixture
def client_with_dead_redis(tmp_path, database_url, db):
    """An app whose Redis (rate limits, mail queue) refuses every connection."""
    config = app_config(tmp_path, database_url, RATELIMIT_ENABLED=True, LOGIN_RATE_LIMIT="3 per minute")
    app = create_app({**config, "REDIS_URL": "redis://127.0.0.1:1/0"})
    with app.app_context():
        yield app.test_client()


def test_login_and_reset_work_when_the_rate_limit_store_is_down(client_with_dead_redis, caplog):
    statuses = [login(client_with_dead_redis, "a@example.com", "Wrong-Password-1").status_code for _ in range(4)]
    assert statuses == [401, 401, 401, 429], "limits fall back to memory instead of failing or vanishing"
    reset = client_with_dead_redis.post("/reset-password", data={"email": "nobody@example.com"})
    assert reset.status_code < 500
    assert any("rate limit" in record.getMessage().lower() for record in caplog.records)


def _limited_app(tmp_path, database_url, **overrides):
    limits = {"RATELIMIT_ENABLED": True, "LOGIN_RATE_LIMIT": "3 per minute", "LOGIN_ACCOUNT_RATE_LIMIT": "5 per minute"}
    return create_app(app_config(tmp_path, database_url, **{**limits, **overrides}))


def _attempt(client, email: str, address: str) -> int:
    data = {"email": email, "password": "Wrong-Password-1"}
    return client.post("/login", data=data, headers={"X-Forwarded-For": address}).status_code


def test_guessing_one_account_from_many_addresses_is_limited_per_account(tmp_path, database_url, db):
    app = _limited_app(tmp_path, database_url, PROXY_HOPS=1)
    with app.app_context():
        client = app.test_client()
        statuses = [_attempt(client, "victim@example.com", f"203.0.113.{n}") for n in range(6)]
        assert statuses == [401] * 5 + [429]
        assert _attempt(client, "someone-else@example.com", "203.0.113.99") == 401


def test_behind_the_proxy_each_client_has_its_own_address_limit(tmp_path, database_url, db):
    app = _limited_app(tmp_path, database_url, PROXY_HOPS=1)
    with app.app_context():
        client = app.test_client()
        first = [_attempt(client, f"a{n}@example.com", "198.51.100.1") for n in range(4)]
        assert first == [401, 401, 401, 429]
        assert _attempt(client, "b@example.com", "198.51.100.2") == 401, "another client is not limited"


def test_without_a_configured_proxy_a_forged_forwarded_for_changes_nothing(tmp_path, database_url, db):
    app = _limited_app(tmp_path, database_url)
    with app.app_context():
        client = app.test_client()
        statuses = [_attempt(client, f"a{n}@example.com", f"192.0.2.{n}") for n in range(4)]
        assert statuses == [401, 401, 401, 429]
