"""Absolute links for mails and files, built without a request: services, commands and the worker write them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import current_app


def base_url(config: Mapping[str, Any]) -> str:
    """Where links in files and mails point: PUBLIC_URL, else the configured server name."""
    if config.get("PUBLIC_URL"):
        return str(config["PUBLIC_URL"]).rstrip("/")
    scheme = config.get("PREFERRED_URL_SCHEME") or "https"
    return f"{scheme}://{config.get('SERVER_NAME') or 'eventsys.local'}"


def external_url(endpoint: str, **values: Any) -> str:
    """The absolute address of `endpoint` under base_url; needs an app context, never a request."""
    # url_for would take the request's host, or fail without a request unless SERVER_NAME is set.
    path = current_app.url_map.bind("").build(endpoint, values)
    return base_url(current_app.config) + path
