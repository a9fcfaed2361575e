"""eventsys: booths, investor meetings, badges and calendars for trade fairs and expos."""

from __future__ import annotations

import os
from typing import Any

from flask import Flask

from eventsys.paths import ROOT


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the application: defaults, then instance/config.py, then EVENTSYS_* variables, then `config`."""
    instance_path = (config or {}).get("INSTANCE_PATH") or os.environ.get("EVENTSYS_INSTANCE_PATH")
    app = Flask(
        __name__,
        instance_path=instance_path or str(ROOT / "instance"),
        instance_relative_config=True,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    from eventsys import config as settings

    settings.load(app, config)
    register_proxies(app)
    register_extensions(app)
    register_operations(app)
    register_request_checks(app)
    register_blueprints(app)
    register_error_handlers(app)
    register_template_helpers(app)
    register_commands(app)
    register_fast_paths(app)
    return app


def register_fast_paths(app: Flask) -> None:
    """Last, outermost: the plan layers of halls, the hall pages' shells and the free booths answered from the page
    cache without the app (eventsys/fast_path.py), and holds of taken booths refused (api/hold_refusals.py), logged
    and counted as the app's answers are."""
    from eventsys.fast_path import FastPath

    app.wsgi_app = FastPath(app.wsgi_app, app)


def register_proxies(app: Flask) -> None:
    """Believe the client address and scheme that the configured number of proxies report, and no more: behind
    the proxy every client would share its address, and without one a client could claim any address."""
    hops = int(app.config["PROXY_HOPS"])
    if hops:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)


def register_extensions(app: Flask) -> None:
    from eventsys import extensions

    extensions.init_app(app)
    from eventsys.services.badges import key_store

    key_store.init_app(app)


def register_operations(app: Flask) -> None:
    """JSON logs with request ids, request metrics and the probes; first, so that every request is counted."""
    from eventsys.operations import logs, metrics
    from eventsys.operations.views import bp

    logs.configure(app)
    metrics.init_app(app)
    app.register_blueprint(bp)


def register_request_checks(app: Flask) -> None:
    """Before the blueprints, so that their `<int:...>` routes are bounded to the ids the database stores."""
    from eventsys.request_checks import register

    register(app)


def register_blueprints(app: Flask) -> None:
    from eventsys.account.views import bp as account_bp
    from eventsys.api import bp as api_bp
    from eventsys.auth.views import bp as auth_bp
    from eventsys.badges.desk_views import bp as desk_bp
    from eventsys.badges.key_views import bp as badge_keys_bp
    from eventsys.badges.validity_views import bp as badge_validity_bp
    from eventsys.badges.views import bp as badges_bp
    from eventsys.booth_types.views import bp as booth_types_bp
    from eventsys.booths.organizer_views import bp as booth_admin_bp
    from eventsys.booths.views import bp as booths_bp
    from eventsys.calendars.views import bp as calendars_bp
    from eventsys.centers.organizer_views import bp as center_admin_bp
    from eventsys.centers.views import bp as centers_bp
    from eventsys.companies.views import bp as companies_bp
    from eventsys.directory.views import bp as directory_bp
    from eventsys.extras.views import bp as extras_bp
    from eventsys.fair_dashboard.views import bp as fair_dashboard_bp
    from eventsys.fair_setup.views import bp as fair_setup_bp
    from eventsys.fair_staff.views import bp as fair_staff_bp
    from eventsys.fairs.views import bp as fairs_bp
    from eventsys.floor_plans.views import bp as floor_plans_bp
    from eventsys.investors.views import bp as investors_bp
    from eventsys.invoices.views import bp as invoices_bp
    from eventsys.language.views import bp as language_bp
    from eventsys.leads.views import bp as leads_bp
    from eventsys.meetings.organizer_views import bp as meeting_admin_bp
    from eventsys.meetings.plan_views import bp as meeting_plans_bp
    from eventsys.meetings.proposal_views import bp as meeting_proposals_bp
    from eventsys.meetings.views import bp as meetings_bp
    from eventsys.notifications.views import bp as notifications_bp
    from eventsys.organizer.views import bp as organizer_bp
    from eventsys.teams.views import bp as teams_bp

    for blueprint in (
        fairs_bp,
        centers_bp,
        auth_bp,
        account_bp,
        organizer_bp,
        booths_bp,
        booth_admin_bp,
        companies_bp,
        api_bp,
    ):
        app.register_blueprint(blueprint)
    for blueprint in (teams_bp, investors_bp, directory_bp):
        app.register_blueprint(blueprint)
    app.register_blueprint(calendars_bp)
    app.register_blueprint(badges_bp)
    app.register_blueprint(desk_bp)
    app.register_blueprint(badge_keys_bp)
    app.register_blueprint(badge_validity_bp)
    app.register_blueprint(leads_bp)
    app.register_blueprint(meetings_bp)
    app.register_blueprint(meeting_plans_bp)
    app.register_blueprint(meeting_proposals_bp)
    app.register_blueprint(meeting_admin_bp)
    app.register_blueprint(fair_staff_bp)
    app.register_blueprint(floor_plans_bp)
    app.register_blueprint(fair_setup_bp)
    app.register_blueprint(booth_types_bp)
    app.register_blueprint(center_admin_bp)
    app.register_blueprint(fair_dashboard_bp)
    app.register_blueprint(language_bp)
    app.register_blueprint(invoices_bp)
    app.register_blueprint(extras_bp)
    app.register_blueprint(notifications_bp)


def register_error_handlers(app: Flask) -> None:
    from eventsys.errors import register

    register(app)


def register_template_helpers(app: Flask) -> None:
    from eventsys.templating import register

    register(app)


def register_commands(app: Flask) -> None:
    from eventsys.cli import register

    register(app)
