"""Fuzz of every HTML form: each page the world can show is read for its <form>s, and every route that takes a POST
(and every GET form with query fields) gets hypothesis-made values in those fields, as each role. No 5xx."""

from __future__ import annotations

import io
import time
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from werkzeug.routing import Rule

from eventsys.extensions import db as _db
from tests.fuzz_world import ROLES, build_world

EXAMPLES = 10  # per form and role
FUZZ = settings(
    max_examples=EXAMPLES, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck)
)
#: Routes whose fuzzing would end the session the rest of the run needs.
SKIPPED = {"auth.logout", "account.end_other_sessions", "static"}

FAILURES: list[str] = []

TEXT = st.text(st.characters(blacklist_categories=["Cs"]), max_size=40)
VALUES = st.one_of(
    TEXT,
    st.integers().map(str),
    st.sampled_from(
        [
            "",
            "0",
            "-1",
            "9" * 30,
            str(2**31),
            str(-(2**31) - 1),
            str(2**63),
            str(2**64),
            "1e309",
            "nan",
            "x" * 5000,
            "\x00",
        ]
    ),
    st.sampled_from(["2026-02-30", "0000-00-00", "9999-12-31", "2026-13-01T25:61", "10000-01-01", "1-1-1"]),
    st.dates().map(str),
    st.datetimes().map(lambda moment: moment.strftime("%Y-%m-%dT%H:%M")),
)


class FormReader(HTMLParser):
    """The forms of a page: action, method, and each input, select and textarea with the values the page offers."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append({"action": attrs.get("action") or "", "method": (attrs.get("method") or "get").upper()})
            self.forms[-1]["fields"] = {}
        elif not self.forms:
            return
        elif tag == "option" and self._select:
            self.forms[-1]["fields"][self._select].values.add(attrs.get("value") or "")
        elif tag in ("input", "select", "textarea") and attrs.get("name") and attrs["name"] != "csrf_token":
            field = self.forms[-1]["fields"].setdefault(attrs["name"], Field(attrs.get("type", tag)))
            if attrs.get("value"):
                field.values.add(attrs["value"])
            self._select = attrs["name"] if tag == "select" else None


@dataclass
class Field:
    """A form field: its input type, and the values the pages offered for it (options, prefilled values)."""

    kind: str
    values: set[str] = dataclass_field(default_factory=set)

    def merge(self, other: Field) -> None:
        self.values |= other.values


def merge(forms: dict, more: dict) -> None:
    """Add `more`'s forms and fields to `forms`, keeping every value offered for a field."""
    for key, fields in more.items():
        known = forms.setdefault(key, {})
        for name, field in fields.items():
            known.setdefault(name, Field(field.kind)).merge(field)


def fill(rule: Rule, world) -> str | None:
    """The rule's path with the world's values, or None for a rule that takes no value we have."""
    values = {}
    for name in rule.arguments:
        converter = rule._converters[name]
        values[name] = converter.words[0] if hasattr(converter, "words") else world.path_value(rule.rule, name)
    try:
        return rule.build(values, append_unknown=False)[1]
    except Exception:  # noqa: BLE001 - a value the converter refuses: the route is reached with another
        return None


def discover_forms(app, client, world) -> dict[tuple[str, str], dict[str, Field]]:
    """Every form on every page the world can show, by (method, path of its action)."""
    forms: dict[tuple[str, str], dict[str, Field]] = {}
    for rule in app.url_map.iter_rules():
        path = fill(rule, world)
        if (
            path is None
            or "GET" not in rule.methods
            or rule.endpoint in SKIPPED
            or rule.rule.endswith((".ics", ".pdf", ".csv"))
        ):
            continue
        try:
            response = client.get(path)
        except Exception as error:  # noqa: BLE001 - the test app lets a view's exception through: it is a 500
            _db.session.rollback()
            FAILURES.append(f"GET {path} raised {error!r:.300}")
            continue
        if response.status_code != 200 or response.mimetype != "text/html":
            continue
        reader = FormReader()
        reader.feed(response.get_data(as_text=True))
        for form in reader.forms:
            action = urlsplit(form["action"]).path or path
            merge(forms, {(form["method"], action): form["fields"]})
    return forms


def body_strategy(fields: dict[str, Field]):
    """Values for each field: what the page offers (so that a form gets past its choices to the service), text,
    numbers too big for any column, bad dates; bytes for a file input."""
    strategies = {}
    for name, field in fields.items():
        if field.kind == "file":
            strategies[name] = st.binary(max_size=200).map(lambda data: (io.BytesIO(data), "upload.csv"))
            continue
        value = st.one_of(st.sampled_from(sorted(field.values)), VALUES) if field.values else VALUES
        strategies[name] = st.one_of(value, st.lists(value, max_size=3))
    return st.fixed_dictionaries({}, optional=strategies)


def fuzz_form(client, method: str, path: str, fields: dict[str, Field], log: list[str]) -> None:
    """Send `fields` with generated values to `path`, logging each request and each server error in `failures`."""

    @FUZZ
    @given(values=body_strategy(fields))
    def run(values):
        label = f"{method} {path} {values!r:.300}"
        log.append(label)
        try:
            if method == "GET":
                response = client.get(path, query_string=values)
            else:
                response = client.post(path, data=values, content_type="multipart/form-data")
        except Exception as error:  # noqa: BLE001 - the test app lets a view's exception through: it is a 500
            _db.session.rollback()  # as the 500 handler would, or PostgreSQL refuses the next request's queries
            FAILURES.append(f"{label} raised {error!r:.300}")
            return
        if response.status_code >= 500:
            FAILURES.append(f"{label} answered {response.status_code}")

    run()


def targets(app, world, forms) -> list[tuple[str, str, dict[str, Field]]]:
    """Each POST route with the fields its forms have (none if no page shows one), and each GET form with fields."""
    found = [(method, path, fields) for (method, path), fields in forms.items() if method == "GET" and fields]
    for rule in app.url_map.iter_rules():
        path = fill(rule, world)
        if path is not None and "POST" in rule.methods and rule.endpoint not in SKIPPED:
            found.append(("POST", path, forms.get(("POST", path), {})))
    return found


@pytest.mark.parametrize("role", ROLES)
def test_no_server_error_on_any_form_input(app, db, role):
    """Every form the world shows and every POST route, as `role`."""
    world = build_world(db)
    FAILURES.clear()
    forms: dict[tuple[str, str], dict[str, Field]] = {}
    for viewer in ROLES:  # the log-in form shows only to the anonymous, the organizer's only to organizers
        merge(forms, discover_forms(app, world.client(app, viewer), world))
    log, started = [], time.monotonic()
    for method, path, fields in targets(app, world, forms):
        fuzz_form(world.client(app, role), method, path, fields, log)
    print(
        f"Form fuzz as {role}: {len(log)} requests, {len(FAILURES)} server errors in {time.monotonic() - started:.1f} s"
    )
    assert not FAILURES, "\n".join(FAILURES)
