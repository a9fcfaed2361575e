"""eventsys: booths, investor meetings, badges and calendars for trade fairs and expos."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from flask import Flask

ROOT = Path(__file__).resolve().parent.parent


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the application: defaults, then instance/config.py, then EVENTSYS_* variables, then `config`."""
    app = Flask(
        __name__,
        instance_path=os.environ.get("EVENTSYS_INSTANCE_PATH", str(ROOT / "instance")),
        instance_relative_config=True,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    from eventsys import config as settings

    settings.load(app, config)
    register_extensions(app)
    register_blueprints(app)
    register_error_handlers(app)
    register_template_helpers(app)
    register_commands(app)
    return app


def register_extensions(app: Flask) -> None:
    from eventsys import extensions

    extensions.init_app(app)


def register_blueprints(app: Flask) -> None:
    from eventsys.account.views import bp as account_bp
    from eventsys.api.views import bp as api_bp
    from eventsys.auth.views import bp as auth_bp
    from eventsys.centers.views import bp as centers_bp
    from eventsys.fairs.views import bp as fairs_bp
    from eventsys.organizer.views import bp as organizer_bp

    for blueprint in (fairs_bp, centers_bp, auth_bp, account_bp, organizer_bp, api_bp):
        app.register_blueprint(blueprint)


def register_error_handlers(app: Flask) -> None:
    from eventsys.errors import register

    register(app)


def register_template_helpers(app: Flask) -> None:
    from eventsys.templating import register

    register(app)


def register_commands(app: Flask) -> None:
    from eventsys.cli import register

    register(app)
