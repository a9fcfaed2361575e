"""Settings: safe defaults, then instance/config.py, then EVENTSYS_* environment variables, then overrides."""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any

from flask import Flask


class ConfigError(RuntimeError):
    """The settings cannot run the application safely."""


#: Defaults; each can be set as EVENTSYS_<NAME> (README.md has the table).
DEFAULTS: dict[str, Any] = {
    "ENV": "production",
    "SECRET_KEY": None,
    "DATABASE_URL": None,
    "REDIS_URL": None,
    "SQLALCHEMY_ECHO": False,
    #: SQLite only: requests that may write take the write lock when they begin, so writers queue instead of failing.
    "SQLITE_BEGIN_IMMEDIATE": True,
    "DEFAULT_TIMEZONE": "Asia/Tokyo",
    #: Interface languages, each with a catalog in eventsys/translations/ (English, the default, needs none).
    "LANGUAGES": ["en", "ja", "es"],
    "BABEL_DEFAULT_LOCALE": "en",
    "PASSWORD_RESET_MAX_AGE": 3600,
    "SIGNUP_LINK_MAX_AGE": 86400,
    "PASSWORD_MIN_LENGTH": 10,
    "PASSWORD_HASH_TIME_COST": 3,
    "PASSWORD_HASH_MEMORY_KIB": 65536,
    "LOGIN_RATE_LIMIT": "10 per minute;50 per hour",
    #: Log-in attempts at one account from anywhere: guessing spread over many addresses still stops.
    "LOGIN_ACCOUNT_RATE_LIMIT": "5 per minute;30 per hour",
    #: Proxies in front of the app whose X-Forwarded-For/-Proto are believed (0: none; the README's nginx: 1).
    "PROXY_HOPS": 0,
    "RESET_RATE_LIMIT": "5 per minute;20 per hour",
    "RATELIMIT_ENABLED": True,
    "MAIL_SENDER": "eventsys <no-reply@eventsys.local>",
    "MAIL_SERVER": None,
    "MAIL_PORT": 587,
    "MAIL_USERNAME": None,
    "MAIL_PASSWORD": None,
    "MAIL_USE_TLS": True,
    "MAIL_OUTBOX": None,
    "SESSION_COOKIE_SECURE": None,
    "REMEMBER_COOKIE_SECURE": None,
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "REMEMBER_COOKIE_HTTPONLY": True,
    "REMEMBER_COOKIE_SAMESITE": "Lax",
    "WTF_CSRF_TIME_LIMIT": None,
    #: Largest request body in bytes: refused with 413 before it is read (logos and CSV files are at most 2 MB).
    "MAX_CONTENT_LENGTH": 4 * 1024 * 1024,
    "MEETING_OPEN_REQUEST_LIMIT": 30,
    # No-shows (the other side said the person did not come) beyond this many each cost MEETING_NO_SHOW_PENALTY
    # of the person's open requests (at least one stays).
    "MEETING_NO_SHOWS_ALLOWED": 1,
    "MEETING_NO_SHOW_PENALTY": 10,
    "MEETING_REQUEST_EXPIRY_DAYS": 7,
    "MEETING_DAILY_CAP": 8,
    #: Minutes before a meeting its participants get a reminder.
    "MEETING_REMINDER_MINUTES": 60,
    #: Hour (in the center's zone) from which the day's agenda is mailed on meeting days.
    "MEETING_AGENDA_HOUR": 7,
    #: Hour (UTC) at which the daily digest gathers the notices of the day before it.
    "NOTICE_DIGEST_HOUR": 7,
    #: Days before an invoice's due date its unpaid part is reminded of, and days after a missed one.
    "INVOICE_REMINDER_DAYS_BEFORE": 7,
    "INVOICE_REMINDER_DAYS_AFTER": 1,
    #: Hours a booth offered from the waitlist stays held for the startup (a plain hold lasts the fair's minutes).
    "WAITLIST_OFFER_HOURS": 24,
    #: Logs as one JSON object per line (false: Flask's plain lines), at this level, with a line per request.
    "LOG_JSON": True,
    "LOG_LEVEL": "INFO",
    "LOG_REQUESTS": True,
    #: Addresses and networks of the Prometheus scrapers that may read /metrics ("127.0.0.1, 10.0.0.0/8").
    "METRICS_ALLOW": "",
    #: Longest life of a cached page part (floor plans, free booths); a change or a hold's end ends it sooner.
    "PAGE_CACHE_SECONDS": 300,
    #: Without Redis the cache is this process's: how stale another process's copy may get after a change.
    "PAGE_CACHE_LOCAL_SECONDS": 5,
    #: A pooled PostgreSQL connection idle for longer than this is pinged before a request uses it.
    "DATABASE_PING_IDLE_SECONDS": 10,
}


def load(app: Flask, overrides: dict[str, Any] | None = None) -> None:
    """Fill app.config in the documented order and derive what follows from it."""
    app.config.update(DEFAULTS)
    app.config.from_pyfile("config.py", silent=True)
    app.config.from_prefixed_env("EVENTSYS")
    if overrides:
        app.config.update(overrides)
    _derive(app)


def _derive(app: Flask) -> None:
    cfg = app.config
    instance = Path(app.instance_path)
    production = cfg["ENV"] == "production"
    if not cfg["SECRET_KEY"]:
        if production:
            raise ConfigError("EVENTSYS_SECRET_KEY must be set when EVENTSYS_ENV is production.")
        cfg["SECRET_KEY"] = _development_secret(instance)
    for name in ("SESSION_COOKIE_SECURE", "REMEMBER_COOKIE_SECURE"):
        if cfg[name] is None:
            cfg[name] = production
    cfg["SQLALCHEMY_DATABASE_URI"] = _database_url(cfg["DATABASE_URL"] or f"sqlite:///{instance / 'eventsys.db'}")
    cfg["SQLALCHEMY_TRACK_MODIFICATIONS"] = False
    cfg["MAIL_OUTBOX"] = cfg["MAIL_OUTBOX"] or str(instance / "outbox")
    cfg["RATELIMIT_STORAGE_URI"] = cfg["REDIS_URL"] or "memory://"
    cfg["RATELIMIT_HEADERS_ENABLED"] = True
    # Nobody may be locked out because the limiter's store is down: limits fall back to this process's memory
    # (Flask-Limiter logs it and retries the store), and a store that hangs is given up on after a second.
    cfg.setdefault("RATELIMIT_IN_MEMORY_FALLBACK_ENABLED", True)
    cfg.setdefault("RATELIMIT_SWALLOW_ERRORS", True)
    if cfg["REDIS_URL"]:
        cfg.setdefault("RATELIMIT_STORAGE_OPTIONS", {"socket_connect_timeout": 1, "socket_timeout": 1})
    # A connection PostgreSQL closed while idle (a restart, a failover) is replaced before a request uses it: pinged
    # when it lay idle for DATABASE_PING_IDLE_SECONDS (extensions.ping_when_idle), or before every use with
    # SQLALCHEMY_ENGINE_OPTIONS={"pool_pre_ping": True}.
    # SQLite keeps pool_pre_ping: its file never goes away, and the race test on it stays as measured with it.
    sqlite = cfg["SQLALCHEMY_DATABASE_URI"].startswith("sqlite")
    cfg["SQLALCHEMY_ENGINE_OPTIONS"] = {"pool_pre_ping": sqlite, **(cfg.get("SQLALCHEMY_ENGINE_OPTIONS") or {})}


def _database_url(url: str) -> str:
    """Use psycopg 3 for plain postgresql:// URLs, as hosting platforms hand them out."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def _development_secret(instance: Path) -> str:
    """A random key kept in instance/ so development sessions survive restarts."""
    path = instance / "secret_key"
    if path.exists():
        return path.read_text().strip()
    instance.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    path.write_text(key)
    path.chmod(0o600)
    return key
