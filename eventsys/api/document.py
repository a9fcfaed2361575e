"""GET /api/v1/openapi.json: the document SpecTree makes from the routes' models, with its paths under the server."""

from __future__ import annotations

import copy

from flask import url_for

from eventsys.api.spec import spec

PREFIX = "/api/v1"


def show_openapi():
    """The OpenAPI 3.1 document of this API; the server URL follows the host the client asked."""
    document = copy.deepcopy(spec.spec)  # SpecTree builds it once; each answer names its own server
    document["servers"] = [{"url": url_for("api.show_openapi", _external=True).removesuffix("/openapi.json")}]
    document["paths"] = {path.removeprefix(PREFIX): _possible(ops) for path, ops in document["paths"].items()}
    return document


def _possible(operations: dict) -> dict:
    """SpecTree lists a 422 under every route; only those that read a body or a query string can answer it."""
    for operation in operations.values():
        reads_input = "requestBody" in operation or any(p["in"] == "query" for p in operation["parameters"])
        if not reads_input:
            operation["responses"].pop("422", None)
    return operations
