"""Fixtures: the app, a database rolled back after each test, clients, a login helper and factories.

The suite runs on SQLite by default and on PostgreSQL when EVENTSYS_TEST_DATABASE_URL is set. The schema is
built once per session by the Alembic migrations, so the tests also prove that `flask db upgrade` works.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_migrate import upgrade
from flask_sqlalchemy.session import Session as FlaskSession
from sqlalchemy import event, text
from sqlalchemy.orm import Session, scoped_session, sessionmaker

from eventsys import create_app
from eventsys.extensions import db as _db
from eventsys.extensions import limiter
from eventsys.models import (
    BookingMode,
    Booth,
    BoothType,
    Fair,
    Hall,
    MemberRole,
    Membership,
    Organization,
    OrganizationKind,
    Role,
    User,
    Verification,
)
from eventsys.services.accounts.users import PasswordPolicy, hash_password
from tests import get_guard

PASSWORD = "Correct-Horse-42"
#: Cheap hashing for tests; the rules (length, variety) stay as in production.
TEST_POLICY = PasswordPolicy(time_cost=1, memory_cost_kib=64)
POSTGRES_URL = os.environ.get("EVENTSYS_TEST_DATABASE_URL")


def app_config(tmp_path: Path, database_url: str, **overrides) -> dict:
    config = {
        "TESTING": True,
        "ENV": "testing",
        "SECRET_KEY": "test-secret-key",
        "DATABASE_URL": database_url,
        "PASSWORD_HASH_TIME_COST": TEST_POLICY.time_cost,
        "PASSWORD_HASH_MEMORY_KIB": TEST_POLICY.memory_cost_kib,
        "INSTANCE_PATH": str(tmp_path),
        "MAIL_OUTBOX": str(tmp_path / "outbox"),
        "RATELIMIT_ENABLED": False,
        "WTF_CSRF_ENABLED": False,
        "SERVER_NAME": "eventsys.test",
    }
    config.update(overrides)
    return config


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    if POSTGRES_URL:
        return POSTGRES_URL
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"


@pytest.fixture(scope="session")
def app(tmp_path_factory, database_url) -> Iterator[Flask]:
    """One app for the session, its schema created by the migrations.

    No app context stays pushed: each request gets its own, as in production, so nothing leaks through `g`.
    """
    app = create_app(app_config(tmp_path_factory.mktemp("instance"), database_url))
    with app.app_context():
        if _db.engine.dialect.name == "postgresql":
            with _db.engine.begin() as connection:
                connection.execute(text("DROP SCHEMA public CASCADE"))
                connection.execute(text("CREATE SCHEMA public"))
        upgrade(directory=app.extensions["migrate"].directory)
    yield app
    with app.app_context():
        _db.engine.dispose()


@pytest.fixture(scope="session")
def engine(app):
    with app.app_context():
        get_guard.install(app, _db.engine)
        return _db.engine


class _TestSession(FlaskSession):
    """A session that stays on the test's connection, whose outer transaction is rolled back."""

    def get_bind(self, *args, **kwargs):
        return self.bind


class _TestScopedSession(scoped_session):
    """One session shared by the test and the requests it makes; requests' teardown must not close it."""

    def remove(self) -> None:
        pass


class _SessionRouter:
    """db.session during a test: the test's session in the test's thread, the usual one in other threads.

    A live server for browser tests serves from its own threads; it must never share the test's session.
    """

    def __init__(self, test_session: scoped_session, original: scoped_session):
        self._test, self._original = test_session, original

    def _target(self) -> scoped_session:
        return self._test if threading.current_thread() is threading.main_thread() else self._original

    def __call__(self, *args, **kwargs):
        return self._target()(*args, **kwargs)

    def __getattr__(self, name: str):
        return getattr(self._target(), name)


@pytest.fixture
def db(engine) -> Iterator[Session]:
    """The database session of a test; everything it and the views commit is undone afterwards."""
    connection = engine.connect()
    transaction = connection.begin()
    original = _db.session
    factory = sessionmaker(
        class_=_TestSession, db=_db, bind=connection, join_transaction_mode="create_savepoint", query_cls=_db.Query
    )
    test_session = _TestScopedSession(factory, scopefunc=lambda: "test")
    _db.session = _SessionRouter(test_session, original)
    try:
        yield test_session
    finally:
        test_session.registry().close()
        _db.session = original
        transaction.rollback()
        connection.close()


@pytest.fixture(autouse=True)
def _rate_limits_off():
    """Flask-Limiter keeps its switch on the shared extension object; an app built by one test must not leak it.

    Nor its verdict that the storage is dead (a test with an unreachable Redis): init_app does not reset it, so the
    next test's limits would fall back to none until Flask-Limiter happens to check the storage again.
    """
    yield
    limiter.enabled = False
    limiter._storage_dead = False


@pytest.fixture(autouse=True)
def _page_cache_empty():
    """Each test's rows are rolled back and their ids come again: no test may see another's cached pages."""
    from eventsys.fairs import plan_layer
    from eventsys.services import page_cache

    page_cache.clear_local()
    plan_layer.forget()
    yield
    page_cache.clear_local()
    plan_layer.forget()


@pytest.fixture
def app_context(app) -> Iterator[None]:
    """An app context for a test that calls services which word mails (translations, links, settings).

    Never around `client` requests: a request inside it would share its `g` (the logged-in user, the language).
    """
    with app.app_context():
        yield


@pytest.fixture
def client(app, db) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app, db):
    return app.test_cli_runner()


@pytest.fixture
def outbox(app) -> Path:
    path = Path(app.config["MAIL_OUTBOX"])
    for old in path.glob("*.eml"):
        old.unlink()
    return path


def csrf_token(client: FlaskClient, path: str = "/login") -> str:
    """The CSRF token a real browser would find in the form of `path`."""
    import re

    html = client.get(path).get_data(as_text=True)
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html) or re.search(
        r'name="csrf_token" value="([^"]+)"', html
    )
    assert match, f"no CSRF token on {path}"
    return match.group(1)


def tamper(token: str) -> str:
    """The token with one character changed well inside its signature (a signature's last base64 character
    partly encodes padding bits, so changing it may not change the signature at all)."""
    position = len(token) - 10
    return token[:position] + ("A" if token[position] != "A" else "B") + token[position + 1 :]


def signup_link(email: str) -> str:
    """The path of the link that sign-up mails to a new address (its second step), as the test app signs it."""
    from eventsys.services.accounts.signup import make_signup_token

    return "/signup/" + make_signup_token(email, "test-secret-key")


def login(client: FlaskClient, email: str, password: str = PASSWORD, **extra):
    return client.post("/login", data={"email": email, "password": password, **extra})


# Factories: each makes a valid object with overridable fields and flushes it.

_counter = iter(range(1, 10**9))


def create_organization(db: Session, kind=OrganizationKind.STARTUP, **fields) -> Organization:
    n = next(_counter)
    values = {"name": f"Organization {n}", "country": "JP", "kind": kind, "verification": Verification.VERIFIED}
    values.update(fields)
    organization = Organization(**values)
    db.add(organization)
    db.flush()
    return organization


def create_user(db: Session, role: Role = Role.STARTUP, *, organization: Organization | None = None, **fields) -> User:
    n = next(_counter)
    values = {
        "email": f"user{n}@example.com",
        "name": f"Test User {n}",
        "password_hash": hash_password(fields.pop("password", PASSWORD), TEST_POLICY),
        "role": role,
    }
    values.update(fields)
    user = User(**values)
    db.add(user)
    if organization is None and role in (Role.STARTUP, Role.INVESTOR):
        kind = OrganizationKind.STARTUP if role == Role.STARTUP else OrganizationKind.INVESTOR_FIRM
        organization = create_organization(db, kind)
    if organization is not None:
        db.add(Membership(user=user, organization=organization, role=MemberRole.OWNER))
    db.flush()
    return user


def create_fair(db: Session, **fields) -> Fair:
    n = next(_counter)
    now = datetime.now(UTC)
    values = {
        "slug": f"fair-{n}",
        "name": f"Test Fair {n}",
        "venue": "Tokyo Big Sight",
        "city": "Tokyo",
        "timezone": "Asia/Tokyo",
        "starts_on": date.today() + timedelta(days=60),
        "ends_on": date.today() + timedelta(days=62),
        "booking_opens_at": now - timedelta(days=1),
        "booking_closes_at": now + timedelta(days=30),
        "booking_mode": BookingMode.FIRST_COME,
    }
    values.update(fields)
    fair = Fair(**values)
    db.add(fair)
    db.flush()
    return fair


def create_hall(db: Session, fair: Fair, **fields) -> Hall:
    n = next(_counter)
    values = {"slug": f"hall-{n}", "name": f"Hall {n}", "width": 60, "depth": 40}
    values.update(fields)
    hall = Hall(fair=fair, **values)
    db.add(hall)
    db.flush()
    return hall


def create_booth_type(db: Session, fair: Fair, **fields) -> BoothType:
    n = next(_counter)
    values = {"name": f"Standard {n}", "width": 3, "depth": 3, "price_jpy": 330_000}
    values.update(fields)
    booth_type = BoothType(fair=fair, **values)
    db.add(booth_type)
    db.flush()
    return booth_type


def create_booth(db: Session, hall: Hall, booth_type: BoothType, **fields) -> Booth:
    n = next(_counter)
    values = {"code": f"B{n}", "x": 0, "y": 0, "width": 3, "depth": 3}
    values.update(fields)
    booth = Booth(fair_id=hall.fair_id, hall=hall, booth_type=booth_type, **values)
    db.add(booth)
    db.flush()
    return booth


@pytest.fixture
def organizer_organization(db) -> Organization:
    """The organizer organization that runs the `fair` fixture and employs the `organizer` fixture."""
    return create_organization(db, OrganizationKind.ORGANIZER)


@pytest.fixture
def fair(db, organizer_organization) -> Fair:
    """A fair open for booking with one hall of three booths (one blocked), run by `organizer_organization`."""
    fair = create_fair(db, slug="test-fair", name="Test Fair", organizer_id=organizer_organization.id)
    hall = create_hall(db, fair, slug="main", name="Main Hall")
    standard = create_booth_type(db, fair, name="Standard 3×3 m")
    create_booth(db, hall, standard, code="A01", x=2, y=2)
    create_booth(db, hall, standard, code="A02", x=5, y=2)
    create_booth(db, hall, standard, code="A03", x=8, y=2, is_blocked=True)
    return fair


@pytest.fixture
def startup(db) -> User:
    return create_user(db, Role.STARTUP, email="startup@example.com", name="Taro Yamada", name_local="山田 太郎")


@pytest.fixture
def investor(db) -> User:
    return create_user(db, Role.INVESTOR, email="investor@example.com")


@pytest.fixture
def organizer(db, organizer_organization) -> User:
    return create_user(db, Role.ORGANIZER, email="organizer@example.com", organization=organizer_organization)


@pytest.fixture
def admin(db) -> User:
    return create_user(db, Role.ADMIN, email="admin@example.com")


def pytest_report_header(config):
    if POSTGRES_URL:
        return f"database: PostgreSQL ({POSTGRES_URL})"
    return "database: SQLite (set EVENTSYS_TEST_DATABASE_URL to run the suite on PostgreSQL)"


@pytest.fixture
def query_counter(engine):
    """Counts the SQL statements run inside a `with query_counter() as count:` block."""
    from contextlib import contextmanager

    @contextmanager
    def counting():
        statements: list[str] = []

        def on_execute(conn, cursor, statement, *args):
            if not statement.startswith(("SAVEPOINT", "RELEASE", "ROLLBACK", "BEGIN")):
                statements.append(statement)

        event.listen(engine, "before_cursor_execute", on_execute)
        try:
            yield statements
        finally:
            event.remove(engine, "before_cursor_execute", on_execute)

    return counting


REDIS_URL = os.environ.get("EVENTSYS_TEST_REDIS_URL", "redis://127.0.0.1:6379/6")


@pytest.fixture
def redis_url() -> str:
    """A real Redis for job queue tests, its test database emptied first; skipped with the reason when there is none."""
    import redis

    connection = redis.Redis.from_url(REDIS_URL)
    try:
        connection.flushdb()
    except redis.exceptions.ConnectionError:
        pytest.skip(f"no Redis at {REDIS_URL} (start redis-server or set EVENTSYS_TEST_REDIS_URL)")
    return REDIS_URL


def run_jobs(app: Flask, *queue_names: str) -> None:
    """Run the queued jobs in this process, as `eventsys worker --burst` does, in `app`'s context."""
    import signal

    from eventsys.services import jobs

    handlers = {number: signal.getsignal(number) for number in (signal.SIGINT, signal.SIGTERM)}
    try:
        with app.app_context():
            jobs.work(app.config, queue_names, burst=True)
    finally:  # the worker takes over SIGTERM and SIGINT; give them back to pytest
        for number, handler in handlers.items():
            signal.signal(number, handler)


#: Set by CI's PostgreSQL phase, which runs beside the SQLite phase: the tests whose database never is the suite's
#: skip there, with the reason, since the SQLite phase runs them anyway. Nobody else sets it: a local run on
#: PostgreSQL runs everything.
SQLITE_PHASE_ELSEWHERE = os.environ.get("EVENTSYS_TEST_SQLITE_PHASE_ELSEWHERE") == "1"
BROWSER_TESTS = Path(__file__).parent / "browser"


def sqlite_only_reason(item) -> str | None:
    """Why `item` checks the same thing whatever the suite's database, or None when it does not."""
    if BROWSER_TESTS in Path(item.path).parents:
        return "browser tests run on a live server with its own SQLite database: CI runs them in the SQLite phase"
    callspec = getattr(item, "callspec", None)
    if callspec is not None and callspec.params.get("kind") == "sqlite":
        return "this case makes its own SQLite database: CI runs it in the SQLite phase"
    return None


def pytest_collection_modifyitems(config, items):
    if not SQLITE_PHASE_ELSEWHERE:
        return
    for item in items:
        reason = sqlite_only_reason(item)
        if reason:
            item.add_marker(pytest.mark.skip(reason=reason))
