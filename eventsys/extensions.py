"""Extensions, created unbound here and bound to the app in create_app."""

from __future__ import annotations

import functools

from flask import Flask, g, has_request_context, request
from flask_babel import Babel, refresh
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager, current_user, user_logged_in, user_logged_out
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_talisman import Talisman
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import Select, bindparam, event, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import joinedload

from eventsys.models.base import Model

db = SQLAlchemy(model_class=Model)
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()
limiter = Limiter(key_func=get_remote_address)
talisman = Talisman()

#: Everything the pages load comes from this site (DESIGN: no CDN) and no page has inline script or style.
CONTENT_SECURITY_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data: blob:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "media-src": "'self' blob:",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def init_app(app: Flask) -> None:
    """Bind every extension to `app`."""
    db.init_app(app)
    migrate.init_app(app, db, directory=str(app.root_path + "/migrations"), render_as_batch=True)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message_category = "info"
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale, timezone_selector=select_timezone)
    user_logged_in.connect(_on_login, app)
    user_logged_out.connect(_on_logout, app)
    limiter.init_app(app)
    _init_security_headers(app)
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            _configure_sqlite(db.engine, lock_writes_up_front=app.config["SQLITE_BEGIN_IMMEDIATE"])
        elif not app.config["SQLALCHEMY_ENGINE_OPTIONS"].get("pool_pre_ping"):
            ping_when_idle(db.engine, float(app.config["DATABASE_PING_IDLE_SECONDS"]))


def ping_when_idle(engine: Engine, seconds: float) -> None:
    """Before a request uses a pooled connection that lay idle for more than `seconds`, ask PostgreSQL whether it is
    still there, and take a new one if not (a restart, a failover, an idle timeout closed it).

    Not before every use, as pool_pre_ping does: its ping costs three round trips (BEGIN, the ping, ROLLBACK), as
    many as a refused hold's own work, and a connection busy in a rush was just used. A restart in the middle of
    a rush still costs no more than one refused request per worker: the first error on a lost connection has
    SQLAlchemy replace every connection of the pool.
    """
    import time

    from sqlalchemy import event, exc

    @event.listens_for(engine, "checkin")
    def _note_return(_dbapi_connection, record) -> None:
        record.info["eventsys_idle_since"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _ping_if_idle(dbapi_connection, record, _proxy) -> None:
        since = record.info.get("eventsys_idle_since")
        if since is None or time.monotonic() - since <= seconds:
            return
        try:
            alive = engine.dialect.do_ping(dbapi_connection)
        except engine.dialect.loaded_dbapi.Error as error:
            alive = not engine.dialect.is_disconnect(error, dbapi_connection, None)
            if alive:
                raise
        if not alive:
            raise exc.DisconnectionError("the idle connection is gone")  # the pool tries a new one


def _init_security_headers(app: Flask) -> None:
    """CSP, HSTS (on HTTPS), nosniff, referrer and framing rules on every answer.

    HTTPS itself is the TLS-terminating proxy's job (README), so Talisman redirects nothing, and the cookie
    settings stay those of config.py.
    """
    talisman.init_app(
        app,
        force_https=False,
        content_security_policy=CONTENT_SECURITY_POLICY,
        frame_options="DENY",
        referrer_policy="strict-origin-when-cross-origin",
        permissions_policy={"camera": "(self)", "microphone": "()", "geolocation": "()"},
        session_cookie_secure=app.config["SESSION_COOKIE_SECURE"],
        session_cookie_samesite=app.config["SESSION_COOKIE_SAMESITE"],
    )


#: The cookie that remembers a visitor's choice on the language switch (eventsys/language/).
LANGUAGE_COOKIE = "eventsys_language"


def select_locale() -> str | None:
    """The logged-in user's language, else the one a visitor chose on the switch (a cookie), else the best match
    for the browser's, else (None) the default, English."""
    from flask import current_app

    languages = current_app.config["LANGUAGES"]
    if not has_request_context():
        return None
    current_user._get_current_object()  # loads the session's user, whose loader notes the language
    # Noted in g, the language costs no reload of a user that a rollback expired.
    for chosen in (g.get("user_locale"), request.cookies.get(LANGUAGE_COOKIE)):
        if chosen in languages:
            return chosen
    return request.accept_languages.best_match(languages)


def note_user_locale(user=None) -> None:
    """Keep the language of `user` (None: nobody is logged in) for the rest of the request and have Flask-Babel
    choose again, at login, logout and a change of language (load_user notes it when it loads the user)."""
    g.user_locale = user.locale if user is not None else None
    refresh()


def _on_login(_app, user) -> None:
    note_user_locale(user)


def _on_logout(_app, user) -> None:
    note_user_locale(None)


def select_timezone() -> str:
    from flask import current_app

    return current_app.config["DEFAULT_TIMEZONE"]


def _configure_sqlite(engine: Engine, *, lock_writes_up_front: bool) -> None:
    """Foreign keys on, WAL, and transactions we begin ourselves.

    pysqlite's own transaction handling breaks SAVEPOINT and defers the write lock; we emit BEGIN
    ourselves instead: IMMEDIATE wherever a write may follow, so concurrent writers queue on the busy
    timeout rather than failing when a read lock cannot be upgraded.
    """
    if getattr(engine, "_eventsys_configured", False):
        return
    engine._eventsys_configured = True

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        if engine.url.database and engine.url.database != ":memory:":
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        immediate = lock_writes_up_front and not _is_safe_request()
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN DEFERRED")


def _is_safe_request() -> bool:
    """GET and HEAD only read, so they need not queue for the write lock."""
    return has_request_context() and request.method in ("GET", "HEAD")


@login_manager.user_loader
def load_user(key: str):
    """The user of a session or remember-me cookie, while the log-in it names is live (see User.get_id)."""
    from eventsys.services.accounts import sessions

    parts = sessions.parse_key(key)
    if parts is None:
        return None
    user_id, session_id, secret = parts
    values = {"user_id": user_id, "session_id": session_id, "started_after": sessions.oldest_live_start()}
    row = db.session.execute(_user_with_session(), values).unique().one_or_none()
    if row is None or not row.User.is_active or not sessions.secret_matches(row.UserSession, secret):
        return None
    user = row.User
    user.current_session, user.session_key = row.UserSession, key
    g.user_locale = user.locale
    return user


@functools.cache
def _user_with_session() -> Select:
    """Every request loads its user and log-in, and nearly every page asks for the user's organization, so all
    come in one query, built once: a reused statement spares SQLAlchemy building it and its cache key on each
    request."""
    from eventsys.models import Membership, User, UserSession

    organizations = joinedload(User.memberships).joinedload(Membership.organization)
    return (
        select(User, UserSession)
        .join(UserSession, UserSession.user_id == User.id)
        .options(organizations)
        .where(
            User.id == bindparam("user_id"),
            UserSession.id == bindparam("session_id"),
            UserSession.ended_at.is_(None),
            UserSession.created_at > bindparam("started_after"),
        )
    )
