"""The meetings blueprint (/meetings), for participants. Three modules add its routes: views (the agenda and the
way from a slot to a meeting that took place), request_views (asking for a meeting and answering) and
availability_views; views imports the other two, so registering views.bp registers them all."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("meetings", __name__, url_prefix="/meetings")
