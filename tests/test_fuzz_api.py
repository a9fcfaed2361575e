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

from tests.fuzz_world import ROLES, build_world

EXAMPLES = 6  # per operation, mode and role: about 800 requests in all
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)


def check_answer(response, label: str) -> None:
    """Not a server error, and a refusal says what was wrong in the one error shape."""
    assert response.status_code < 500, f"{label} answered {response.status_code}"
    if 400 <= response.status_code < 500:
        body = response.get_json(silent=True)
        assert isinstance(body, dict) and set(body) == {"error"}, f"{label}: {response.status_code} body {body}"
        assert set(body["error"]) == {"code", "message", "field"}, f"{label}: error body {body}"
        assert body["error"]["message"], f"{label}: a refusal without a message"


def fuzz_operation(client, operation, mode: GenerationMode, world, counter: list[int]) -> None:
    """Run `operation`'s cases in `mode`; half of them get the world's ids in place of generated ones."""

    @FUZZ
    @given(case=operation.as_strategy(generation_mode=mode), known=st.booleans())
    def run(case, known):
        if known:
            case.path_parameters = {name: world.path_value(case.path, name) for name in case.path_parameters}
        request = case.as_transport_kwargs()
        label = f"{mode.value} {case.method} {request['path']} {request.get('query_string')} {case.body!r:.200}"
        counter[0] += 1
        check_answer(client.open(**request), label)

    try:
        run()
    except Unsatisfiable:  # an operation that takes no input has no invalid request to make
        assert mode is GenerationMode.NEGATIVE


@pytest.mark.parametrize("role", ROLES)
def test_no_server_error_on_any_api_input(app, db, role):
    """Every operation of /api/v1/openapi.json, in both modes, as `role`."""
    world = build_world(db)
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app, headers={"Host": "eventsys.test"})
    counter, started = [0], time.monotonic()
    for result in schema.get_all_operations():
        operation = result.ok()
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            fuzz_operation(world.client(app, role), operation, mode, world, counter)
    print(f"API fuzz as {role}: {counter[0]} requests in {time.monotonic() - started:.1f} s")
