"""Settings: safe defaults, environment variables, and refusal to run production without a secret key."""

from __future__ import annotations

import pytest

from eventsys import create_app
from eventsys.config import ConfigError


def test_production_without_secret_key_refuses_to_start(tmp_path, monkeypatch):
    monkeypatch.delenv("EVENTSYS_SECRET_KEY", raising=False)
    monkeypatch.setenv("EVENTSYS_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("EVENTSYS_ENV", "production")
    with pytest.raises(ConfigError, match="EVENTSYS_SECRET_KEY"):
        create_app({"DATABASE_URL": f"sqlite:///{tmp_path}/x.db"})


def test_production_with_secret_key_uses_secure_cookies(tmp_path, monkeypatch):
    monkeypatch.setenv("EVENTSYS_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("EVENTSYS_SECRET_KEY", "from-the-environment")
    monkeypatch.setenv("EVENTSYS_DATABASE_URL", "postgresql://eventsys@db.internal/eventsys")
    monkeypatch.setenv("EVENTSYS_MAIL_PORT", "2525")
    app = create_app()
    assert app.config["SECRET_KEY"] == "from-the-environment"
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://eventsys@db.internal/eventsys"
    assert app.config["MAIL_PORT"] == 2525


def test_development_keeps_a_random_key_in_the_instance_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("EVENTSYS_SECRET_KEY", raising=False)
    monkeypatch.setenv("EVENTSYS_INSTANCE_PATH", str(tmp_path))
    first = create_app({"ENV": "development"}).config["SECRET_KEY"]
    second = create_app({"ENV": "development"}).config["SECRET_KEY"]
    assert first == second and len(first) == 64
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0
    app = create_app({"ENV": "development"})
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'eventsys.db'}"
    assert app.config["SESSION_COOKIE_SECURE"] is False
    assert app.config["RATELIMIT_STORAGE_URI"] == "memory://"


def test_instance_config_file_is_read(tmp_path, monkeypatch):
    monkeypatch.setenv("EVENTSYS_INSTANCE_PATH", str(tmp_path))
    (tmp_path / "config.py").write_text('SECRET_KEY = "from-instance-file"\nREDIS_URL = "redis://127.0.0.1:6379/3"\n')
    app = create_app({"ENV": "production"})
    assert app.config["SECRET_KEY"] == "from-instance-file"
    assert app.config["RATELIMIT_STORAGE_URI"] == "redis://127.0.0.1:6379/3"
