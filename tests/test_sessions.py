"""Log-ins as rows: logging out, out of one device or out everywhere else ends every copy of the cookies."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask.testing import FlaskClient
from sqlalchemy import event, func, select

from eventsys import create_app
from eventsys.extensions import db as _db
from eventsys.extensions import load_user
from eventsys.models import AuditEntry, User, UserSession
from eventsys.services.accounts import sessions
from tests.conftest import PASSWORD, app_config, create_user, csrf_token, login

FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0"
SAFARI = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 Version/17.5 Mobile Safari/604.1"
DOMAIN = "eventsys.test"


def _copy_cookie(source: FlaskClient, target: FlaskClient, name: str) -> None:
    cookie = source.get_cookie(name, domain=DOMAIN)
    assert cookie is not None, f"no {name} cookie to copy"
    target.set_cookie(name, cookie.value, domain=DOMAIN)


def _login_from(client: FlaskClient, email: str, user_agent: str):
    return client.post("/login", data={"email": email, "password": PASSWORD}, headers={"User-Agent": user_agent})


def _logged_in(client: FlaskClient) -> bool:
    return client.get("/account/").status_code == 200


def _live(db, user: User) -> list[UserSession]:
    return sessions.live_sessions(db, user)


def test_every_log_in_is_a_row_with_a_hashed_secret(client, db, startup):
    _login_from(client, startup.email, FIREFOX)
    (record,) = _live(db, startup)
    assert record.browser == "Firefox on Windows"
    secret = client.get_cookie("session", domain=DOMAIN).value
    assert record.secret_hash not in secret and len(record.secret_hash) == 64


def test_logout_ends_a_copied_session_cookie(app, client, startup):
    login(client, startup.email)
    thief = app.test_client()
    _copy_cookie(client, thief, "session")
    assert _logged_in(thief)
    client.post("/logout")
    assert not _logged_in(client)
    assert not _logged_in(thief)


def test_logout_ends_a_copied_remember_me_cookie(app, client, startup):
    login(client, startup.email, remember="y")
    thief = app.test_client()
    _copy_cookie(client, thief, "remember_token")
    assert _logged_in(thief)  # the remember-me cookie alone logs in, as it should until the logout
    client.post("/logout")
    fresh_thief = app.test_client()
    _copy_cookie(thief, fresh_thief, "remember_token")
    assert not _logged_in(thief)
    assert not _logged_in(fresh_thief)


def test_cookies_from_before_session_rows_and_forged_secrets_are_refused(client, db, startup):
    login(client, startup.email)
    (record,) = _live(db, startup)
    for key in (f"{startup.id}:1", f"{startup.id}:{record.id}:{'x' * 43}", f"{startup.id + 1}:{record.id}:{'x' * 43}"):
        with client.session_transaction() as cookie:
            cookie["_user_id"] = key
        assert not _logged_in(client)


def test_a_log_in_ends_by_age_and_with_a_deactivated_account(client, db, startup):
    login(client, startup.email)
    (record,) = _live(db, startup)
    record.created_at -= sessions.MAX_AGE + timedelta(minutes=1)
    db.flush()
    assert not _logged_in(client)
    login(client, startup.email)
    startup.is_active = False
    db.flush()
    assert not _logged_in(client)


def test_the_user_loader_reads_user_log_in_and_organization_in_one_statement(app, client, db, startup):
    login(client, startup.email)
    with client.session_transaction() as cookie:
        key = cookie["_user_id"]
    statements = []

    def note(_conn, _cursor, statement, *_args) -> None:
        statements.append(statement)

    with app.test_request_context():
        event.listen(_db.engine, "before_cursor_execute", note)
        try:
            user = load_user(key)
            assert user.organization is not None and user.current_session.ended_at is None
            assert load_user(key[:-3] + "abc") is None  # a wrong secret costs the same one query
        finally:
            event.remove(_db.engine, "before_cursor_execute", note)
    assert len(statements) == 2


def test_password_change_keeps_this_log_in_and_ends_the_others(app, client, db, startup):
    other = app.test_client()
    login(other, startup.email)
    login(client, startup.email)
    data = {
        "password-current_password": PASSWORD,
        "password-password": "Brand-New-9x",
        "password-confirm": "Brand-New-9x",
    }
    assert client.post("/account/password", data=data).status_code == 302
    assert _logged_in(client)
    assert not _logged_in(other)
    assert len(_live(db, startup)) == 1


def test_the_account_page_lists_live_log_ins(app, client, db, startup):
    phone = app.test_client()
    _login_from(phone, startup.email, SAFARI)
    _login_from(client, startup.email, FIREFOX)
    page = client.get("/account/").get_data(as_text=True)
    assert "Safari on iPhone" in page and "Firefox on Windows" in page
    assert "This device" in page and "Log out everywhere else" in page
    phone.post("/logout")
    page = client.get("/account/").get_data(as_text=True)
    assert "Safari on iPhone" not in page and "Log out everywhere else" not in page


def test_log_out_one_other_device(app, client, db, startup):
    phone = app.test_client()
    _login_from(phone, startup.email, SAFARI)
    login(client, startup.email)
    (phone_session,) = [record for record in _live(db, startup) if record.browser == "Safari on iPhone"]
    response = client.post(f"/account/sessions/{phone_session.id}/end", follow_redirects=True)
    assert "That device is logged out." in response.get_data(as_text=True)
    assert not _logged_in(phone)
    assert _logged_in(client)
    assert client.post(f"/account/sessions/{phone_session.id}/end").status_code == 404  # already ended


def test_log_out_everywhere_else_keeps_only_this_device(app, client, db, startup):
    others = [app.test_client() for _ in range(2)]
    for other in others:
        login(other, startup.email, remember="y")
    login(client, startup.email)
    response = client.post("/account/sessions/end-others", follow_redirects=True)
    assert "2 other devices are logged out." in response.get_data(as_text=True)
    assert [_logged_in(other) for other in others] == [False, False]
    assert _logged_in(client)
    assert db.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "user.sessions_end"))


def test_nobody_ends_another_users_log_in(app, client, db, startup):
    victim = create_user(db, email="victim@example.com")
    victims_client = app.test_client()
    login(victims_client, victim.email)
    (record,) = _live(db, victim)
    login(client, startup.email)
    assert client.post(f"/account/sessions/{record.id}/end").status_code == 404
    assert client.post("/account/sessions/999999/end").status_code == 404
    client.post("/account/sessions/end-others")
    assert _logged_in(victims_client)


@pytest.mark.parametrize("path", ["/account/sessions/1/end", "/account/sessions/end-others"])
def test_ending_log_ins_needs_a_log_in(client, db, path):
    response = client.post(path)
    assert response.status_code == 302
    assert "/login?next=" in response.headers["Location"]


@pytest.fixture
def csrf_client(tmp_path, database_url, db):
    app = create_app(app_config(tmp_path, database_url, WTF_CSRF_ENABLED=True))
    with app.app_context():
        yield app.test_client()


def test_ending_log_ins_needs_the_csrf_token(csrf_client, db, startup):
    token = csrf_token(csrf_client, "/login")
    assert login(csrf_client, startup.email, csrf_token=token).status_code == 302
    (record,) = _live(db, startup)
    assert csrf_client.post("/account/sessions/end-others").status_code == 400
    assert csrf_client.post(f"/account/sessions/{record.id}/end").status_code == 400
    assert csrf_client.post("/logout").status_code == 400
    assert _logged_in(csrf_client)
    assert csrf_client.post("/logout", data={"csrf_token": csrf_token(csrf_client, "/account/")}).status_code == 302
    assert not _logged_in(csrf_client)


@pytest.mark.parametrize(
    ("user_agent", "name"),
    [
        (FIREFOX, "Firefox on Windows"),
        (SAFARI, "Safari on iPhone"),
        ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) Chrome/126.0 Safari/537.36 Edg/126.0", "Edge on macOS"),
        ("Mozilla/5.0 (Linux; Android 14) Chrome/126.0 Mobile Safari/537.36", "Chrome on Android"),
        ("curl/8.5", ""),
        ("", ""),
    ],
)
def test_browser_names(user_agent, name):
    assert sessions.describe_browser(user_agent) == name


def test_keys_that_are_not_ours_are_refused_without_a_query():
    for key in ("", "1", "1:1", "a:b:c", "1:2:short", "1:2:" + "x" * 43 + "!"):
        assert sessions.parse_key(key) is None
    assert sessions.parse_key("1:2:" + "x" * 43) == (1, 2, "x" * 43)
