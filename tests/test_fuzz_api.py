"""Fuzz of the OpenAPI document: schemathesis makes requests that fit every operation's schema and requests that do
not, as each role, against a world with data behind the path parameters. No answer may be a server error, and
every refusal must have the one error body {"error": {"code", "message", "field"}}."""

from __future__ import annotations

import time

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode

from eventsys.extensions import db as _db
from tests.fuzz_world import ROLES, build_world

EXAMPLES = 6  # per operation, mode and role: about 800 requests in all
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)

#: What the current run found wrong, one line each.
FAILURES: list[str] = []


def problem(response) -> str | None:
    """What is wrong with an answer: a server error, or a refusal without the one error body and a message."""
    if response.status_code >= 500:
        return f"answered {response.status_code}"
    if 400 <= response.status_code < 500:
        body = response.get_json(silent=True)
        # A refused floor plan also lists its problems item by item (eventsys/api/floor_plans.py).
        extra = set(body) - {"error"} if isinstance(body, dict) else None
        listed = extra == {"problems"} and isinstance(body["problems"], list)
        error = body.get("error") if isinstance(body, dict) and "error" in body and (not extra or listed) else None
        if not isinstance(error, dict) or set(error) != {"code", "message", "field"} or not error["message"]:
            return f"answered {response.status_code} with {response.get_data(as_text=True)[:200]!r}"
    return None


def fuzz_operation(client, operation, mode: GenerationMode, world, log: list[str]) -> None:
    """Run `operation`'s cases in `mode`, half of them with the world's ids in place of generated ones; each
    wrong answer goes to FAILURES (not raised, so that one run lists them all instead of shrinking the first)."""

    @FUZZ
    @given(case=operation.as_strategy(generation_mode=mode), known=st.booleans())
    def run(case, known):
        if known:
            case.path_parameters = {name: world.path_value(case.path, name) for name in case.path_parameters}
        request = case.as_transport_kwargs()
        label = f"{mode.value} {case.method} {request['path']} {request.get('query_string')} {case.body!r:.200}"
        log.append(label)
        try:
            found = problem(client.open(**request))
        except Exception as error:  # noqa: BLE001 - the test app lets a view's exception through: it is a 500
            _db.session.rollback()  # as the 500 handler would, or PostgreSQL refuses the next request's queries
            found = f"raised {error!r:.300}"
        if found:
            FAILURES.append(f"{label} {found}")

    try:
        run()
    except Unsatisfiable:  # an operation that takes no input has no invalid request to make
        assert mode is GenerationMode.NEGATIVE


@pytest.mark.parametrize("role", ROLES)
def test_no_server_error_on_any_api_input(app, db, role):
    """Every operation of /api/v1/openapi.json, in both modes, as `role`."""
    world = build_world(db)
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app, headers={"Host": "eventsys.test"})
    log, started = [], time.monotonic()
    FAILURES.clear()
    for result in schema.get_all_operations():
        operation = result.ok()
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            fuzz_operation(world.client(app, role), operation, mode, world, log)
    print(f"API fuzz as {role}: {len(log)} requests, {len(FAILURES)} wrong in {time.monotonic() - started:.1f} s")
    assert not FAILURES, "\n".join(FAILURES)
