"""The access matrix: what every route with a path variable answers to each kind of user.

Keyed by (method, rule) so that routes keep their rows when their endpoints are renamed. A route without a row,
or a row without a route, fails. Outcomes: "ok" (below 400 but not a redirect to log in, or 400/409/422: a
validation answer to an empty form), "login" (302 to /login, 401 for the API), 403 and 404.
"""

from __future__ import annotations

import pytest

from tests.access_world import ACTORS, build_world
from tests.conftest import login

OK, LOGIN = "ok", "login"
_NON_ORGANIZERS = ("startup", "other_startup", "investor", "other_investor", "pending_investor", "partner")


def profile(default, anonymous=LOGIN, **overrides) -> dict[str, object]:
    """An outcome for every actor: `default`, anonymous users sent to log in, and the named exceptions."""
    outcomes = {actor: default for actor in ACTORS} | {"anonymous": anonymous}
    return outcomes | overrides


PUBLIC = profile(OK, anonymous=OK)
LOGGED_IN = profile(OK)
#: The fair's managers (owners and staff, permissions.manages_fair): other fairs' organizers, and fair A's check-in
#: and finance staff, get 403.
FAIR_ORGANIZER = profile(403, organizer=OK, staff=OK, admin=OK)
#: An object (booking, meeting) of the fair by its id: hidden (404) from everybody who does not manage the fair.
FAIR_OBJECT = FAIR_ORGANIZER | {"other_organizer": 404, "check_in": 404, "finance": 404}
#: Work no fair owns (investor verification, centers): owners and staff of any verified organizer organization.
ANY_ORGANIZER = profile(403, organizer=OK, other_organizer=OK, staff=OK, admin=OK)
ADMIN_ONLY = profile(403, admin=OK)
#: The check-in desk (permissions.checks_in_at): the fair's owners, staff and check-in staff; not its finance staff.
CHECK_IN_STAFF = profile(403, organizer=OK, staff=OK, check_in=OK, admin=OK)
#: Who collects and reads leads at fair A (services/leads/scanning.py): startups A and B with their confirmed booths
#: and the verified investor firms, each only its own; never organizers, check-in staff or admins. Fair A does not
#: allow scanning.
LEAD_COLLECTORS = profile(403, startup=OK, other_startup=OK, investor=OK, other_investor=OK)
#: Invoices and payments: the fair's owners and finance staff (permissions.handles_finance), not its other staff.
FINANCE_PEOPLE = profile(403, organizer=OK, finance=OK, admin=OK)
#: The fair dashboard: its managers see it all; its finance staff only its invoice figures; check-in staff 403.
FAIR_DASHBOARD = FAIR_ORGANIZER | {"finance": OK}
#: The fair's owners only (permissions.owns_fair): its settings and staff.
FAIR_OWNERS = profile(403, organizer=OK, admin=OK)
#: Startup A's own objects (booking, waitlist entry): hidden (404) from everybody but its fair's managers.
OWN_BOOKING = profile(404, startup=OK, organizer=OK, staff=OK, admin=OK)
#: An invoice: its company's members, and the fair's owners and finance staff.
OWN_INVOICE = profile(404, startup=OK, organizer=OK, finance=OK, admin=OK)
#: The meeting (request) between investor A and startup A at fair A.
MEETING_PARTIES = profile(404, startup=OK, investor=OK, organizer=OK, staff=OK, admin=OK)
STARTUPS = profile(403, startup=OK, other_startup=OK)
#: The two sides of the meeting request act on its proposed slots; its fair's organizers only see them.
PROPOSAL_SIDES = MEETING_PARTIES | {"organizer": 403, "staff": 403, "admin": 403}
#: What only the startup itself does to its booking or waitlist entry; its fair's organizers act elsewhere (403).
OWN_BOOKING_ACTION = OWN_BOOKING | {"organizer": 403, "staff": 403, "admin": 403}
INVESTORS = profile(403, investor=OK, other_investor=OK, pending_investor=OK, partner=OK)
#: A directory's detail page: its readers, and the owners and staff of verified organizers.
DIRECTORY_ORGANIZERS = {"organizer": OK, "other_organizer": OK, "staff": OK, "admin": OK}

MATRIX: dict[tuple[str, str], dict[str, object]] = {
    ("GET", "/api/v1/bookings/<int:booking_id>"): OWN_BOOKING | {"anonymous": LOGIN},
    ("POST", "/api/v1/bookings/<int:booking_id>/cancel"): OWN_BOOKING_ACTION,
    ("POST", "/api/v1/bookings/<int:booking_id>/confirm"): OWN_BOOKING_ACTION,
    ("POST", "/api/v1/booths/<int:booth_id>/hold"): profile(403, other_startup=OK),  # A is not approved
    ("GET", "/api/v1/centers/<slug>"): PUBLIC,
    ("GET", "/api/v1/fairs/<slug>"): PUBLIC,
    ("GET", "/api/v1/fairs/<slug>/free-booths"): PUBLIC,
    ("GET", "/api/v1/fairs/<slug>/halls/<hall_slug>/booths"): PUBLIC,
    ("POST", "/api/v1/fairs/<slug>/halls/<hall_slug>/plan"): FAIR_OWNERS,
    ("POST", "/api/v1/meetings/requests/<int:request_id>/book"): MEETING_PARTIES,
    ("GET", "/api/v1/meetings/requests/<int:request_id>/slots"): MEETING_PARTIES,
    # Organizers see the request but are no side of it: they neither propose nor answer (403).
    ("POST", "/api/v1/meetings/requests/<int:request_id>/proposals"): PROPOSAL_SIDES,
    # Investor A proposed the world's slots: startup A answers them, investor A withdraws them.
    ("POST", "/api/v1/meetings/proposals/<int:proposal_id>/accept"): PROPOSAL_SIDES | {"investor": 403},
    ("POST", "/api/v1/meetings/proposals/<int:proposal_id>/decline"): PROPOSAL_SIDES | {"investor": 403},
    ("POST", "/api/v1/meetings/proposals/<int:proposal_id>/withdraw"): PROPOSAL_SIDES | {"startup": 403},
    ("GET", "/bookings/<int:booking_id>"): OWN_BOOKING,
    ("POST", "/bookings/<int:booking_id>/cancel"): OWN_BOOKING_ACTION,
    ("POST", "/bookings/<int:booking_id>/decline"): OWN_BOOKING_ACTION,
    ("POST", "/fairs/<slug>/booth-duty"): STARTUPS,  # the service refuses a startup that does not exhibit there
    ("GET", "/offers/<token>/decline"): LOGGED_IN,  # the signed link names the offer; a bad one is 400
    ("POST", "/offers/<token>/decline"): LOGGED_IN,
    ("POST", "/bookings/<int:booking_id>/confirm"): OWN_BOOKING_ACTION,
    ("GET", "/calendar/<token>.ics"): PUBLIC,
    ("GET", "/calendar/bookings/<int:booking_id>.ics"): OWN_BOOKING,
    ("GET", "/calendar/meetings/<int:meeting_id>.ics"): MEETING_PARTIES,
    ("GET", "/centers/<slug>"): PUBLIC,
    ("GET", "/company/logos/<name>"): profile(404, anonymous=404),
    ("GET", "/fairs/<slug>"): PUBLIC,
    ("GET", "/fairs/<slug>/application"): STARTUPS,
    ("POST", "/fairs/<slug>/application"): STARTUPS,
    ("GET", "/fairs/<slug>/badge"): LOGGED_IN,
    ("POST", "/fairs/<slug>/badge"): LOGGED_IN,
    ("GET", "/fairs/<slug>/badges"): FAIR_ORGANIZER,
    ("GET", "/desk/<slug>"): CHECK_IN_STAFF,
    ("GET", "/desk/<slug>/leads"): profile(403),
    ("POST", "/desk/<slug>/leads/sync"): profile(403),
    ("GET", "/fairs/<slug>/leads"): LEAD_COLLECTORS,
    ("GET", "/fairs/<slug>/leads.csv"): LEAD_COLLECTORS,
    ("GET", "/fairs/<slug>/leads.xlsx"): LEAD_COLLECTORS,
    ("POST", "/fairs/<slug>/leads/questions"): LEAD_COLLECTORS,
    # Startup A's lead: hidden (404) from the other collectors, refused (403) to everybody else.
    ("POST", "/fairs/<slug>/leads/<int:lead_id>"): LEAD_COLLECTORS
    | {"other_startup": 404, "investor": 404, "other_investor": 404},
    ("POST", "/fairs/<slug>/lead-scanning"): FAIR_ORGANIZER,
    ("GET", "/desk/<slug>/manifest.webmanifest"): CHECK_IN_STAFF,
    ("GET", "/desk/<slug>/state"): CHECK_IN_STAFF,
    ("POST", "/desk/<slug>/sync"): CHECK_IN_STAFF,
    ("GET", "/desk/<slug>/people"): CHECK_IN_STAFF,
    ("POST", "/desk/<slug>/walk-ins"): CHECK_IN_STAFF,
    ("GET", "/desk/<slug>/badges/<int:badge_id>.pdf"): CHECK_IN_STAFF,
    ("POST", "/desk/<slug>/badges/<int:badge_id>/reprint"): CHECK_IN_STAFF,
    ("GET", "/fairs/<slug>/badges/<int:badge_id>.pdf"): FAIR_ORGANIZER,
    ("POST", "/fairs/<slug>/badges/<int:badge_id>/reprint"): FAIR_ORGANIZER,
    ("GET", "/fairs/<slug>/badges/<int:badge_id>/validity"): FAIR_ORGANIZER,
    ("POST", "/fairs/<slug>/badges/<int:badge_id>/validity"): FAIR_ORGANIZER,
    ("GET", "/fairs/<slug>/badges/validity"): FAIR_ORGANIZER,
    ("POST", "/fairs/<slug>/badges/validity"): FAIR_ORGANIZER,
    ("GET", "/fairs/<slug>/badges/signing-key"): FAIR_OWNERS,
    ("POST", "/fairs/<slug>/badges/signing-key"): FAIR_OWNERS,
    ("POST", "/fairs/<slug>/badges/guests"): FAIR_ORGANIZER,
    ("GET", "/fairs/<slug>/badges/jobs/<job_id>"): FAIR_ORGANIZER | {"organizer": 404, "staff": 404, "admin": 404},
    ("GET", "/fairs/<slug>/badges/jobs/<job_id>.pdf"): FAIR_ORGANIZER | {"organizer": 404, "staff": 404, "admin": 404},
    ("POST", "/fairs/<slug>/badges/print"): FAIR_ORGANIZER,
    ("GET", "/fairs/<slug>/booths/<code>"): PUBLIC,
    ("POST", "/fairs/<slug>/booths/<code>/hold"): STARTUPS,
    ("POST", "/fairs/<slug>/exhibit"): STARTUPS,
    ("GET", "/fairs/<slug>/halls/<hall_slug>"): PUBLIC,
    ("GET", "/fairs/<slug>/halls/<hall_slug>/plan"): PUBLIC,
    ("GET", "/fairs/<slug>/halls/<hall_slug>/mine"): PUBLIC,  # each viewer their own part, a visitor nothing
    ("POST", "/fairs/<slug>/waitlist/<int:booth_type_id>"): STARTUPS,
    ("GET", "/investors/<int:organization_id>"): STARTUPS | DIRECTORY_ORGANIZERS,
    ("GET", "/invoices/<int:invoice_id>.pdf"): OWN_INVOICE,
    ("POST", "/investors/<int:organization_id>/verification"): ANY_ORGANIZER,
    ("GET", "/investors/welcome/<token>"): PUBLIC,
    ("POST", "/investors/welcome/<token>"): PUBLIC,
    ("POST", "/meetings/<int:meeting_id>/attendance"): MEETING_PARTIES,
    ("POST", "/meetings/<int:meeting_id>/cancel"): MEETING_PARTIES,
    ("GET", "/meetings/<int:meeting_id>/reschedule"): MEETING_PARTIES,
    ("POST", "/meetings/<int:meeting_id>/reschedule"): MEETING_PARTIES,
    ("POST", "/meetings/availability/<int:availability_id>/delete"): profile(404, startup=OK),
    ("POST", "/inbox/<int:notice_id>/read"): profile(404, startup=OK),
    ("GET", "/meetings/fairs/<slug>/availability"): LOGGED_IN,
    ("POST", "/meetings/fairs/<slug>/availability"): LOGGED_IN,
    ("POST", "/meetings/fairs/<slug>/availability/quick"): LOGGED_IN,
    ("GET", "/meetings/fairs/<slug>/requests"): LOGGED_IN,
    ("GET", "/meetings/fairs/<slug>/requests/new"): LOGGED_IN,
    ("POST", "/meetings/fairs/<slug>/requests/new"): LOGGED_IN | {"pending_investor": 403},
    ("POST", "/meetings/requests/<int:request_id>/<any(accept, decline, withdraw):answer>"): MEETING_PARTIES,
    ("POST", "/meetings/requests/<int:request_id>/book"): MEETING_PARTIES,
    ("GET", "/meetings/requests/<int:request_id>/slots"): MEETING_PARTIES,
    ("GET", "/meetings/requests/<int:request_id>/proposal"): MEETING_PARTIES,
    ("POST", "/meetings/requests/<int:request_id>/proposal"): MEETING_PARTIES,
    ("POST", "/meetings/requests/<int:request_id>/proposal/<any(pick, decline):answer>"): MEETING_PARTIES,
    ("POST", "/meetings/requests/<int:request_id>/proposal/withdraw"): MEETING_PARTIES,
    ("GET", "/organizer/bookings/<int:booking_id>"): FAIR_OBJECT,
    ("POST", "/organizer/bookings/<int:booking_id>/cancel"): FAIR_OBJECT,
    ("POST", "/organizer/bookings/<int:booking_id>/move"): FAIR_OBJECT,
    ("POST", "/organizer/exhibitors/<int:exhibitor_id>/decide"): FAIR_ORGANIZER,
    ("GET", "/organizer/fairs/<slug>/allocation"): FAIR_ORGANIZER,
    ("POST", "/organizer/fairs/<slug>/allocation"): FAIR_ORGANIZER,
    ("GET", "/organizer/fairs/<slug>/booth-types"): FAIR_OWNERS,
    ("POST", "/organizer/fairs/<slug>/booth-types"): FAIR_OWNERS,
    ("GET", "/organizer/fairs/<slug>/booth-types/<int:booth_type_id>"): FAIR_OWNERS,
    ("POST", "/organizer/fairs/<slug>/booth-types/<int:booth_type_id>"): FAIR_OWNERS,
    ("POST", "/organizer/fairs/<slug>/booth-types/<int:booth_type_id>/delete"): FAIR_OWNERS,
    ("GET", "/organizer/fairs/<slug>/zones"): FAIR_OWNERS,
    ("POST", "/organizer/fairs/<slug>/zones"): FAIR_OWNERS,
    ("POST", "/organizer/fairs/<slug>/zones/new"): FAIR_OWNERS,
    ("POST", "/organizer/fairs/<slug>/zones/<int:sector_id>/remove"): FAIR_OWNERS,
    ("GET", "/organizer/fairs/<slug>/booths"): FAIR_ORGANIZER,
    ("GET", "/organizer/fairs/<slug>/booths.csv"): FAIR_ORGANIZER,
    ("GET", "/organizer/fairs/<slug>/booths/<code>/assign"): FAIR_ORGANIZER,
    ("POST", "/organizer/fairs/<slug>/booths/<code>/assign"): FAIR_ORGANIZER,
    ("POST", "/organizer/fairs/<slug>/booths/import"): FAIR_ORGANIZER,
    ("GET", "/organizer/fairs/<slug>/exhibitors"): FAIR_ORGANIZER,
    ("GET", "/organizer/fairs/<slug>/staff"): FAIR_OWNERS,
    ("POST", "/organizer/fairs/<slug>/staff/<int:user_id>"): FAIR_OWNERS,
    ("POST", "/organizer/fairs/<slug>/staff/invitations"): FAIR_OWNERS,
    ("POST", "/organizer/fairs/<slug>/staff/invitations/<int:invitation_id>/revoke"): FAIR_OWNERS,
    ("POST", "/organizer/organizations/<int:organization_id>/verification"): ADMIN_ONLY,
    ("GET", "/organizer/fairs/<slug>/halls"): FAIR_OWNERS,  # halls are the owners', not staff's
    ("POST", "/organizer/fairs/<slug>/halls"): FAIR_OWNERS,
    ("GET", "/organizer/fairs/<slug>/halls/<hall_slug>/edit"): FAIR_OWNERS,
    ("POST", "/organizer/fairs/<slug>/halls/<hall_slug>/edit"): FAIR_OWNERS,
    ("POST", "/organizer/fairs/<slug>/halls/<hall_slug>/delete"): FAIR_OWNERS,
    ("GET", "/organizer/fairs/<slug>/halls/<hall_slug>/plan"): FAIR_OWNERS,
    ("POST", "/organizer/fairs/<slug>/halls/<hall_slug>/background"): FAIR_OWNERS,
    ("POST", "/organizer/fairs/<slug>/halls/<hall_slug>/background/delete"): FAIR_OWNERS,
    # The world's hall has no venue image: its owners get 404.
    ("GET", "/organizer/fairs/<slug>/halls/<hall_slug>/background.png"): FAIR_OWNERS | {"organizer": 404, "admin": 404},
    # The fair's settings, states and copy are its owners' (test_fair_setup.py asks staff and check-in members).
    ("GET", "/organizer/fairs/<slug>/settings"): FAIR_OWNERS,
    ("POST", "/organizer/fairs/<slug>/settings"): FAIR_OWNERS,
    ("POST", "/organizer/fairs/<slug>/publish"): FAIR_OWNERS,
    ("POST", "/organizer/fairs/<slug>/archive"): FAIR_OWNERS,
    ("POST", "/organizer/fairs/<slug>/unpublish"): FAIR_OWNERS,
    ("GET", "/organizer/fairs/<slug>/copy"): FAIR_OWNERS,
    ("POST", "/organizer/fairs/<slug>/copy"): FAIR_OWNERS,
    ("GET", "/organizer/fairs/<slug>/dashboard"): FAIR_DASHBOARD,
    # The dashboard's tables (booths, exhibitors, meetings) and the audit log stay with the fair's managers.
    ("GET", "/organizer/fairs/<slug>/dashboard/<table>.csv"): FAIR_ORGANIZER,
    ("GET", "/organizer/fairs/<slug>/dashboard/<table>.xlsx"): FAIR_ORGANIZER,
    ("GET", "/organizer/fairs/<slug>/audit"): FAIR_ORGANIZER,
    ("GET", "/organizer/fairs/<slug>/audit.csv"): FAIR_ORGANIZER,
    ("GET", "/organizer/fairs/<slug>/extras"): FAIR_ORGANIZER,
    ("GET", "/organizer/fairs/<slug>/extras/new"): FAIR_ORGANIZER,
    ("POST", "/organizer/fairs/<slug>/extras/new"): FAIR_ORGANIZER,
    ("GET", "/organizer/fairs/<slug>/extras/<int:extra_id>"): FAIR_ORGANIZER,
    ("POST", "/organizer/fairs/<slug>/extras/<int:extra_id>"): FAIR_ORGANIZER,
    ("POST", "/organizer/fairs/<slug>/extras/<int:extra_id>/active"): FAIR_ORGANIZER,
    ("GET", "/organizer/fairs/<slug>/packages/new"): FAIR_ORGANIZER,
    ("POST", "/organizer/fairs/<slug>/packages/new"): FAIR_ORGANIZER,
    ("GET", "/organizer/fairs/<slug>/packages/<int:package_id>"): FAIR_ORGANIZER,
    ("POST", "/organizer/fairs/<slug>/packages/<int:package_id>"): FAIR_ORGANIZER,
    ("POST", "/organizer/fairs/<slug>/packages/<int:package_id>/active"): FAIR_ORGANIZER,
    ("GET", "/bookings/<int:booking_id>/extras"): OWN_BOOKING,
    ("POST", "/bookings/<int:booking_id>/extras"): OWN_BOOKING_ACTION,
    # Only the ordering company's members see its order to cancel it (everybody else: 404).
    ("POST", "/extra-orders/<int:order_id>/cancel"): profile(404, startup=OK),
    # The fair's managers order and cancel for a startup (a booking or order of fair A by its id, like FAIR_OBJECT).
    ("GET", "/organizer/bookings/<int:booking_id>/extras"): FAIR_OBJECT,
    ("POST", "/organizer/bookings/<int:booking_id>/extras"): FAIR_OBJECT,
    ("POST", "/organizer/extra-orders/<int:order_id>/cancel"): FAIR_OBJECT,
    ("GET", "/organizer/fairs/<slug>/invoices"): FINANCE_PEOPLE,
    ("GET", "/organizer/fairs/<slug>/invoices.csv"): FINANCE_PEOPLE,
    ("GET", "/organizer/fairs/<slug>/invoices.xlsx"): FINANCE_PEOPLE,
    ("POST", "/organizer/fairs/<slug>/invoices/import"): FINANCE_PEOPLE,
    ("GET", "/organizer/fairs/<slug>/invoicing"): FINANCE_PEOPLE,
    ("POST", "/organizer/fairs/<slug>/invoicing"): FINANCE_PEOPLE,
    ("GET", "/organizer/invoices/<int:invoice_id>"): profile(404, organizer=OK, finance=OK, admin=OK),
    ("POST", "/organizer/invoices/<int:invoice_id>"): profile(404, organizer=OK, finance=OK, admin=OK),
    ("POST", "/organizer/invoices/<int:invoice_id>/due-date"): profile(404, organizer=OK, finance=OK, admin=OK),
    ("POST", "/organizer/invoices/<int:invoice_id>/correction"): profile(404, organizer=OK, finance=OK, admin=OK),
    ("POST", "/organizer/invoices/<int:invoice_id>/refund"): profile(404, organizer=OK, finance=OK, admin=OK),
    ("POST", "/organizer/meetings/<int:meeting_id>/outcome"): FAIR_OBJECT,
    ("GET", "/organizer/meetings/centers/<slug>"): ANY_ORGANIZER,
    ("GET", "/organizer/centers/<slug>"): ANY_ORGANIZER,
    ("POST", "/organizer/centers/<slug>"): ANY_ORGANIZER,
    ("POST", "/organizer/centers/<slug>/rooms"): ANY_ORGANIZER,
    ("POST", "/organizer/centers/<slug>/rooms/<int:room_id>"): ANY_ORGANIZER,
    ("POST", "/organizer/centers/<slug>/rooms/<int:room_id>/delete"): ANY_ORGANIZER,
    ("POST", "/organizer/centers/<slug>/hours"): ANY_ORGANIZER,
    ("POST", "/organizer/centers/<slug>/closures"): ANY_ORGANIZER,
    ("POST", "/organizer/centers/<slug>/closures/<int:closure_id>/delete"): ANY_ORGANIZER,
    ("POST", "/organizer/centers/<slug>/<any(close, reopen):change>"): ANY_ORGANIZER,
    ("GET", "/organizer/meetings/fairs/<slug>/schedule"): FAIR_ORGANIZER,
    ("POST", "/organizer/meetings/fairs/<slug>/schedule"): FAIR_ORGANIZER,
    ("GET", "/organizer/meetings/fairs/<slug>/schedule/<int:run_id>"): FAIR_ORGANIZER,
    ("POST", "/organizer/meetings/fairs/<slug>/schedule/<int:run_id>/publish"): FAIR_ORGANIZER,
    ("POST", "/organizer/meetings/requests/<int:request_id>/priority"): FAIR_OBJECT,
    ("GET", "/organizer/centers/<slug>/interpreters"): ANY_ORGANIZER,
    ("POST", "/organizer/centers/<slug>/interpreters"): ANY_ORGANIZER,
    ("POST", "/organizer/centers/<slug>/interpreters/<int:interpreter_id>/delete"): ANY_ORGANIZER,
    # Investors mark startups (startup A marking itself, or startup B marking a startup, is refused with 422).
    ("POST", "/meetings/fairs/<slug>/wishes/<int:organization_id>"): profile(
        OK, organizer=403, other_organizer=403, staff=403, admin=403, check_in=403, finance=403
    ),
    ("PUT", "/api/v1/meetings/fairs/<slug>/wishes/<int:organization_id>"): profile(
        OK, organizer=403, other_organizer=403, staff=403, admin=403, check_in=403, finance=403
    ),
    # A provisional schedule: its fair's managers, and the people it gives a meeting (the world's run has none).
    ("GET", "/meetings/schedules/<int:run_id>"): profile(404, organizer=OK, staff=OK, admin=OK),
    ("POST", "/meetings/schedules/<int:run_id>/<int:request_id>/<any(accept, release):choice>"): profile(
        404, organizer=403, staff=403, admin=403
    ),
    ("GET", "/reset-password/<token>"): PUBLIC,
    ("POST", "/reset-password/<token>"): PUBLIC,
    ("GET", "/startups/<int:organization_id>"): INVESTORS | DIRECTORY_ORGANIZERS,
    ("POST", "/startups/<int:organization_id>/shortlist"): INVESTORS,
    ("POST", "/startups/<int:organization_id>/shortlist/remove"): INVESTORS,
    ("POST", "/team/invitations/<int:invitation_id>/revoke"): profile(403, startup=OK, admin=OK),
    ("GET", "/signup/<token>"): PUBLIC,
    ("POST", "/signup/<token>"): PUBLIC,
    ("POST", "/account/sessions/<int:session_id>/end"): profile(404, startup=OK),
    ("GET", "/team/join/<token>"): PUBLIC,
    ("POST", "/team/join/<token>"): PUBLIC,
    ("POST", "/waitlist/<int:entry_id>/leave"): profile(403, startup=OK),
}

#: JSON routes validate their body before they load the object (a bad body is 422 for anybody): these get a
#: well-formed body, so that the row says who may act, not what the schema refuses.
JSON_BODIES = {
    # A booth type no fair has: the owners' save is refused (422) and the world's hall stays as it is.
    ("POST", "/api/v1/fairs/<slug>/halls/<hall_slug>/plan"): {
        "booths": [{"code": "M1", "x": 0, "y": 0, "width": 3, "depth": 3, "booth_type_id": 2**31 - 1}]
    },
    ("POST", "/api/v1/bookings/<int:booking_id>/confirm"): {"billing_name": "Akiko", "billing_email": "a@example.com"},
    ("POST", "/api/v1/meetings/requests/<int:request_id>/book"): {
        "center": 1,
        "starts_at": "2030-01-07T10:00:00+09:00",
    },
    ("PUT", "/api/v1/meetings/fairs/<slug>/wishes/<int:organization_id>"): {"level": "would_like"},
    ("POST", "/api/v1/meetings/requests/<int:request_id>/proposals"): {
        "slots": [{"center": 1, "starts_at": f"2031-01-07T1{n}:00:00+09:00"} for n in range(3)]
    },
    ("POST", "/api/v1/meetings/proposals/<int:proposal_id>/accept"): {"position": 1},
}

#: Routes whose answer changes what later requests of the same actor see go last.
_LAST = ("cancel", "delete", "revoke", "leave", "remove", "publish", "move")


def _routes(app) -> list[tuple[str, object]]:
    rules = [rule for rule in app.url_map.iter_rules() if rule.arguments and rule.endpoint != "static"]
    keys = [(method, rule) for rule in rules for method in sorted(rule.methods - {"HEAD", "OPTIONS"})]
    return sorted(keys, key=lambda key: (key[0] != "GET", any(word in key[1].rule for word in _LAST), key[1].rule))


def _url(rule, values: dict[str, object]) -> str:
    """The rule with the world's object of each variable; slugs under /centers are the center's."""
    arguments = {}
    for name in rule.arguments:
        key = name
        if name == "slug" and "centers/" in rule.rule:
            key = "center_slug"
        elif name == "organization_id" and rule.rule.startswith("/organizer/organizations"):
            key = "pending_organizer_id"
        elif name == "organization_id":
            key = "investor_id" if rule.rule.startswith("/investors") else "startup_id"
        elif name == "invitation_id" and rule.rule.startswith("/organizer/fairs"):
            key = "staff_invitation_id"
        elif name == "user_id":
            key = "member_id"
        elif name == "token" and rule.rule.startswith("/calendar"):
            key = "calendar_token"
        arguments[name] = values[key]
    return rule.build(arguments, append_unknown=False)[1]


def _outcome(response, path: str) -> object:
    status = response.status_code
    if status == 401 and path.startswith("/api/"):
        return LOGIN
    if status in (301, 302, 303) and "/login" in response.headers.get("Location", ""):
        return LOGIN
    if status < 400 or status in (400, 409, 422):
        return OK
    return status


def test_every_route_with_a_path_variable_has_a_row(app):
    """A new route without a row fails, and so does a row whose route is gone."""
    routes = {(method, rule.rule) for method, rule in _routes(app)}
    assert sorted(routes - MATRIX.keys()) == [], "routes without a row in MATRIX"
    assert sorted(MATRIX.keys() - routes) == [], "rows in MATRIX for routes that no longer exist"
    assert all(set(outcomes) == set(ACTORS) for outcomes in MATRIX.values())


@pytest.mark.parametrize("actor", ACTORS)
def test_access_matrix(app, db, actor):
    """Each route answers `actor` as its row says; the world is built afresh for each actor."""
    world = build_world(db)
    client = app.test_client()
    if actor != "anonymous":
        assert login(client, world.users[actor].email).status_code == 302
    wrong = []
    for method, rule in _routes(app):
        path = _url(rule, world.values)
        body = JSON_BODIES.get((method, rule.rule))
        response = client.open(path, method=method, json=body) if body else client.open(path, method=method, data={})
        expected = MATRIX.get((method, rule.rule), {}).get(actor)
        got = _outcome(response, path)
        if got != expected:
            wrong.append(f"{method} {rule.rule}: expected {expected}, got {got} ({response.status_code})")
    assert not wrong, "\n".join(wrong)
