"""JSON under /api/v1/ for programs: a blueprint per domain, joined under one that answers every refusal with the
same error body and serves the OpenAPI document their schemas make."""

from __future__ import annotations

from flask import Blueprint

from eventsys.api import booths, directory, fairs, floor_plans, meetings, proposals
from eventsys.api.document import show_openapi
from eventsys.api.errors import refuse
from eventsys.services.errors import DomainError

bp = Blueprint("api", __name__, url_prefix="/api/v1")
bp.add_url_rule("/openapi.json", view_func=show_openapi)
bp.register_error_handler(DomainError, refuse)
for domain in (fairs, booths, floor_plans, meetings, proposals, directory):
    bp.register_blueprint(domain.bp)
