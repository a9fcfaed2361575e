"""The offline desk's server side: its cached state, batches idempotent per client scan id, the earliest scan of a
badge wins across desks, day and zone badges with a recorded override, help at the desk, bad input, who may."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime, timedelta

import pytest
from pypdf import PdfReader

from eventsys.models import BadgeRole, CheckIn, DeskScan, FairRole, Role
from eventsys.services.badges import checkin, desk, issuing, signing
from eventsys.services.badges.printing import render_fair_badges
from eventsys.services.badges.tokens import make_desk_code, make_token
from tests.access_world import fair_member
from tests.badges_factories import exhibitor, pdf_text, running_fair, tokyo_today
from tests.conftest import create_organization, create_user, login

SECRET = "test-secret-key"  # tests.conftest.app_config


@pytest.fixture
def show(db, organizer):
    return running_fair(db, organizer, slug="desk-show", name="Desk Show 2027")


@pytest.fixture
def badges(db, show, organizer):
    for name, local in (("Taro Yamada", "山田 太郎"), ("Kim Min-jun", "김민준"), ("Zhang Wei", "张伟")):
        exhibitor(db, show, name, local)
    found = [b for b in issuing.issue_badges(db, show, actor=organizer) if b.role == BadgeRole.EXHIBITOR]
    return sorted(found, key=lambda badge: ["Taro Yamada", "Kim Min-jun", "Zhang Wei"].index(badge.name))


def code_of(db, badge):
    return signing.sign_badge(badge, signing.get_signing_key(db, badge.fair))


def batch(client, show, scans, desk_id="desk-a", gate="East 1", **extra):
    return client.post(f"/desk/{show.slug}/sync", json={"desk_id": desk_id, "gate": gate, "scans": scans, **extra})


def queued(scan_id, code, at=None, **extra):
    return {"client_scan_id": scan_id, "code": code, "scanned_at": (at or datetime.now(UTC)).isoformat(), **extra}


def test_the_state_a_desk_caches(db, client, show, organizer, badges):
    old = badges[2]
    issuing.reprint_badge(db, old, actor=organizer)
    login(client, organizer.email)
    state = client.get(f"/desk/{show.slug}/state").json
    assert state["public_key"] == signing.public_key_text(signing.get_signing_key(db, show))
    assert state["fair"] == {"id": show.id, "slug": show.slug, "name": show.name, "timezone": show.timezone}
    assert old.serial in state["revoked"] and old.serial not in {p["serial"] for p in state["roster"]}
    person = next(p for p in state["roster"] if p["serial"] == badges[0].serial)
    assert person["code"] == make_desk_code(badges[0].serial, SECRET) and person["name_local"] == "山田 太郎"
    assert set(state["windows"]) == {role.value for role in BadgeRole} and state["entries"] == {}


def test_a_batch_sent_twice_is_recorded_once_and_answered_the_same(db, client, show, organizer, badges):
    login(client, organizer.email)
    scans = [queued("s1", code_of(db, badges[0])), queued("s2", code_of(db, badges[1])), queued("s3", "garbage")]
    first = batch(client, show, scans)
    assert first.status_code == 200
    assert [r["outcome"] for r in first.json["results"]] == ["checked_in", "checked_in", "refused"]
    assert set(first.json["entries"]) == {badges[0].serial, badges[1].serial}
    again = batch(client, show, scans, cursor=first.json["cursor"])
    assert [r["outcome"] for r in again.json["results"]] == ["checked_in", "checked_in", "refused"]
    assert again.json["entries"] == {}  # nothing new since the cursor
    assert db.query(CheckIn).count() == 2 and db.query(DeskScan).count() == 3


def test_the_earliest_scan_wins_on_any_desk_and_later_ones_are_duplicates(db, client, show, organizer, badges):
    login(client, organizer.email)
    code = code_of(db, badges[0])
    now = datetime.now(UTC)
    assert batch(client, show, [queued("a1", code, now - timedelta(minutes=5))]).json["results"][0]["outcome"] == (
        "checked_in"
    )
    # A desk that was offline sends a scan made earlier: it becomes the entry, the other one its duplicate.
    late = batch(client, show, [queued("b1", code, now - timedelta(minutes=30))], desk_id="desk-b", gate="West")
    assert late.json["results"][0]["outcome"] == "checked_in"
    third = batch(client, show, [queued("c1", code, now)], desk_id="desk-c", gate="North").json["results"][0]
    assert third["outcome"] == "duplicate" and third["first_at"].startswith(
        (now - timedelta(minutes=30)).isoformat()[:16]
    )
    entries = db.query(CheckIn).filter(CheckIn.duplicate_of_id.is_(None)).all()
    assert [e.gate for e in entries] == ["West"]
    assert {c.gate for c in db.query(CheckIn).filter(CheckIn.duplicate_of_id == entries[0].id)} == {"East 1", "North"}


def test_day_and_zone_badges_refuse_with_the_reason_and_staff_may_override(db, client, show, organizer):
    today = tokyo_today()
    visitor = issuing.add_guest_badge(
        db, show, role=BadgeRole.VISITOR, name="Walk In", name_local=None, organization=None, country=None,
        actor=organizer, days=[today + timedelta(days=1)],
    )  # fmt: skip
    visitor.zones = "hall-a"
    signed = signing.read_signed(code_of(db, visitor), show.id, signing.get_signing_key(db, show).public_key)
    assert signed.days == (today + timedelta(days=1),) and signed.zones == ("hall-a",)
    refused = checkin.check_in(db, show, code_of(db, visitor), gate="A", actor=organizer, secret_key=SECRET)
    assert refused.verdict == checkin.Verdict.REFUSED and "only" in refused.message
    visitor.valid_days = today.isoformat()
    wrong_zone = checkin.check_in(
        db, show, code_of(db, visitor), gate="A", actor=organizer, secret_key=SECRET, zone="vip"
    )
    assert wrong_zone.verdict == checkin.Verdict.REFUSED and "vip" in wrong_zone.message
    login(client, organizer.email)
    answer = batch(client, show, [queued("o1", code_of(db, visitor), override="Sponsor asked")], zone="vip")
    assert answer.json["results"][0]["outcome"] == "checked_in"
    entry = db.query(CheckIn).one()
    assert "vip" in entry.override_reason and "Sponsor asked" in entry.override_reason
    assert entry.scanned_by_id == organizer.id


def test_old_hmac_codes_and_typed_codes_sync_too(db, client, show, organizer, badges):
    login(client, organizer.email)
    scans = [queued("h1", make_token(badges[0].serial, SECRET)), queued("t1", make_desk_code(badges[1].serial, SECRET))]
    assert [r["outcome"] for r in batch(client, show, scans).json["results"]] == ["checked_in", "checked_in"]


@pytest.mark.parametrize(
    "body, field",
    [
        ({"gate": "A", "scans": []}, "desk_id"),
        ({"desk_id": "bad id!", "gate": "A", "scans": []}, "desk_id"),
        ({"desk_id": "d", "gate": "", "scans": []}, "gate"),
        ({"desk_id": "d", "gate": "A", "scans": [{"client_scan_id": "x", "code": "c"}]}, "scans.0.scanned_at"),
        ({"desk_id": "d", "gate": "A", "scans": [queued("x", "c", datetime(2027, 1, 1))]}, "scans.0.scanned_at"),
        ({"desk_id": "d", "gate": "A", "scans": [queued("x" * 65, "c")]}, "scans.0.client_scan_id"),
        ({"desk_id": "d", "gate": "A", "scans": [queued("x", "c" * 201)]}, "scans.0.code"),
        ({"desk_id": "d", "gate": "A", "scans": [queued(f"x{n}", "c") for n in range(501)]}, "scans"),
        ({"desk_id": "d", "gate": "A", "scans": "nope"}, "scans"),
        ({"desk_id": "d", "gate": "A", "cursor": -1, "scans": []}, "cursor"),
        ({"desk_id": "d", "gate": "A", "cursor": 2**40, "scans": []}, "cursor"),  # was a 500 on PostgreSQL
        ({"desk_id": "d", "gate": "A", "scans": [queued("x", "c", datetime(1, 1, 1, tzinfo=UTC))]}, "scanned_at"),
    ],
)
def test_bad_batches_are_422_and_record_nothing(db, client, show, organizer, body, field):
    login(client, organizer.email)
    answer = client.post(f"/desk/{show.slug}/sync", json=body)
    assert answer.status_code == 422 and answer.json["error"]["field"] == field, answer.json
    assert db.query(DeskScan).count() == 0


def test_a_scan_dated_in_the_future_is_refused_whole(db, client, show, organizer, badges):
    login(client, organizer.email)
    scans = [queued("f0", code_of(db, badges[0])), queued("f1", "c", datetime.now(UTC) + timedelta(hours=2))]
    answer = batch(client, show, scans)
    assert answer.status_code == 422 and "future" in answer.json["error"]["message"]
    assert db.query(DeskScan).count() == 0 and db.query(CheckIn).count() == 0
    assert client.post(f"/desk/{show.slug}/sync", data="not json", content_type="text/plain").status_code == 422


def test_only_check_in_staff_of_the_fair_use_the_desk(db, client, show, organizer, organizer_organization, badges):
    desk_staff = fair_member(db, organizer_organization, show, FairRole.CHECK_IN)
    outsiders = [create_user(db, Role.STARTUP), create_user(db, Role.ORGANIZER, organization=create_organization(db))]
    outsiders.append(fair_member(db, organizer_organization, show, None))
    urls = [f"/desk/{show.slug}", f"/desk/{show.slug}/state", f"/desk/{show.slug}/people?q=Taro"]
    for user in outsiders:
        login(client, user.email)
        for url in urls:
            assert client.get(url).status_code == 403, (user, url)
        assert batch(client, show, [queued("z", code_of(db, badges[0]))]).status_code == 403
        client.post("/logout")
    assert db.query(DeskScan).count() == 0
    login(client, desk_staff.email)
    page = client.get(f"/desk/{show.slug}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "tweetnacl/nacl-fast.min.js" in html and "manifest.webmanifest" in html
    manifest = client.get(f"/desk/{show.slug}/manifest.webmanifest")
    assert manifest.mimetype == "application/manifest+json" and manifest.json["start_url"] == f"/desk/{show.slug}"
    worker = client.get("/static/js/desk-sw.js")
    assert worker.headers["Service-Worker-Allowed"] == "/desk/"
    worker.close()
    assert client.get("/desk/no-such-fair/state").status_code == 404


def test_find_a_person_by_name_in_any_script_or_company(db, client, show, organizer, badges):
    login(client, organizer.email)
    found = lambda q: [p["name"] for p in client.get(f"/desk/{show.slug}/people", query_string={"q": q}).json["people"]]  # noqa: E731
    assert found("山田") == ["Taro Yamada"]
    assert found("민준") == ["Kim Min-jun"]
    assert found("ｔａｒｏ") == ["Taro Yamada"]  # full-width Latin, as a Japanese keyboard may type it
    assert found("zhang") == ["Zhang Wei"]
    assert found(badges[0].organization_name) == ["Taro Yamada"]
    assert client.get(f"/desk/{show.slug}/people?q=a").status_code == 422
    assert client.get(f"/desk/{show.slug}/people", query_string={"q": "x" * 81}).status_code == 422


def test_walk_in_printed_at_once_and_a_reprint_revokes_the_old_code_at_next_sync(db, client, show, organizer):
    login(client, organizer.email)
    answer = client.post(
        f"/desk/{show.slug}/walk-ins", json={"role": "visitor", "name": "Hanako Sato", "name_local": "佐藤 花子"}
    )
    assert answer.status_code == 201
    person = answer.json
    badge = issuing.get_active_badges(db, show)[-1]
    assert badge.name == "Hanako Sato" and badge.day_list == [tokyo_today()]  # visitors: one day
    for stock in ("label-62mm", "4x3in", "single"):
        pdf = client.get(person["pdf"], query_string={"stock": stock})
        assert pdf.mimetype == "application/pdf" and "inline" in pdf.headers["Content-Disposition"]
        assert "HanakoSato" in pdf_text(pdf.data)
        assert asks_to_print_at_full_size(pdf.data)
    assert client.get(person["pdf"], query_string={"stock": "a4-8up"}).status_code == 422
    press = client.post(f"/desk/{show.slug}/walk-ins", json={"role": "press", "name": "Ken Ito"})
    assert press.status_code == 201
    assert next(b for b in issuing.get_active_badges(db, show) if b.name == "Ken Ito").valid_days is None
    old_code = code_of(db, badge)
    state = client.get(f"/desk/{show.slug}/state").json
    reprinted = client.post(person["reprint"])
    assert reprinted.status_code == 201 and reprinted.json["id"] != person["id"]
    answer = batch(client, show, [queued("r1", old_code)], cursor=state["cursor"])
    assert badge.serial in answer.json["revoked"] and answer.json["results"][0]["outcome"] == "refused"
    assert client.post(person["reprint"]).status_code == 422  # already replaced
    assert client.get(person["pdf"]).status_code == 404


def asks_to_print_at_full_size(pdf: bytes) -> bool:
    """Whether the PDF opens the print dialog and asks for no scaling (a desk's badge does, a bulk print does not)."""
    catalog = PdfReader(io.BytesIO(pdf)).trailer["/Root"]
    action = catalog.get("/OpenAction")
    prints = action is not None and action.get_object()["/S"] == "/JavaScript" and "print()" in action["/JS"]
    return prints and catalog["/ViewerPreferences"]["/PrintScaling"] == "/None"


def test_a_bulk_print_does_not_ask_to_print(db, show, organizer, badges):
    assert not asks_to_print_at_full_size(render_fair_badges(badges, show, "a4-8up", SECRET))


@pytest.mark.parametrize(
    "body",
    [{"role": "exhibitor", "name": "X"}, {"role": "visitor", "name": ""}, {"role": "visitor", "name": "N" * 121}, {}],
)
def test_bad_walk_ins_are_422_and_add_nothing(db, client, show, organizer, body):
    login(client, organizer.email)
    before = len(issuing.get_active_badges(db, show))
    assert client.post(f"/desk/{show.slug}/walk-ins", json=body).status_code == 422
    assert len(issuing.get_active_badges(db, show)) == before


def test_one_day_badge_claims_round_trip_through_the_desk_state(db, show, organizer):
    badge = issuing.add_guest_badge(
        db, show, role=BadgeRole.PRESS, name="P", name_local=None, organization=None, country=None,
        actor=organizer, days=[date(2027, 5, 13)],
    )  # fmt: skip
    assert signing.claims_of(badge) == "Rd20270513"
    assert desk.get_desk_state(db, show, SECRET)["roster"][-1]["serial"] == badge.serial


def test_a_batch_verifies_each_code_once_and_reads_the_fairs_keys_once(
    db, client, show, organizer, badges, monkeypatch, query_counter
):
    verified: list[str] = []
    read_signed = signing.read_signed

    def counted(code, fair_id, public_key):
        verified.append(code)
        return read_signed(code, fair_id, public_key)

    monkeypatch.setattr(signing, "read_signed", counted)
    codes = [code_of(db, badge) for badge in badges]
    scans = [queued(f"v{n}", code) for n, code in enumerate([*codes, codes[0]])]
    login(client, organizer.email)
    with query_counter() as statements:
        answer = batch(client, show, scans)
    assert [r["outcome"] for r in answer.json["results"]] == ["checked_in"] * 3 + ["duplicate"]
    assert sorted(verified) == sorted(scan["code"] for scan in scans)  # once each, not again when recorded
    key_reads = [s for s in statements if "FROM badge_signing_keys" in s]
    assert len(key_reads) == 2  # one for the batch's codes, one for the answer's public_keys
