"""The fairs' private signing keys at rest: sealed with a key derived from SECRET_KEY, sealed by migration 0026 and
by `badges seal-keys` (also from an old secret); a fair's key rotated, the codes of the old one still verifying (on
the server and at desks, which get both public keys) until their badges are reprinted."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import select, text

from eventsys.extensions import db as app_db
from eventsys.models import AuditEntry, Badge, BadgeSigningKey, Fair
from eventsys.services.badges import checkin, desk, issuing, key_store, signing
from tests.badges_factories import exhibitor, running_fair
from tests.conftest import create_organization, create_user
from tests.live_database import DATABASES, live_app

SECRET = "test-secret-key"  # tests.conftest.app_config


def _badge(db, organizer, slug="key-show"):
    fair = running_fair(db, organizer, slug=slug)
    person = exhibitor(db, fair, "Taro Yamada")
    return fair, next(b for b in issuing.issue_badges(db, fair, actor=organizer) if b.user_id == person.id)


def _admits(db, fair, code) -> bool:
    return checkin.find_serial(db, fair, code, SECRET) is not None


def test_private_keys_are_sealed_and_open_only_with_the_apps_secret(db, organizer):
    fair, badge = _badge(db, organizer)
    key = signing.get_signing_key(db, fair)
    stored = db.execute(text("SELECT private_key FROM badge_signing_keys WHERE id = :id"), {"id": key.id}).scalar()
    raw = key_store.unseal(bytes(stored))
    assert key_store.is_sealed(bytes(stored)) and raw not in bytes(stored) and len(raw) == 32
    assert _admits(db, fair, signing.sign_badge(badge, key))
    wrong = key_store.sealer_for("another-secret")
    try:
        key_store.unseal(bytes(stored), wrong)
    except RuntimeError as error:
        assert "SECRET_KEY" in str(error)
    else:
        raise AssertionError("a key opened with another secret")


def test_seal_keys_seals_unsealed_keys_and_those_of_an_old_secret(db, runner, organizer):
    fair, badge = _badge(db, organizer)
    key = signing.get_signing_key(db, fair)
    code = signing.sign_badge(badge, key)
    raw = key_store.unseal(key.private_key)
    other_fair, _ = _badge(db, organizer, slug="old-secret-show")
    old_key = signing.get_signing_key(db, other_fair)
    key.private_key = raw  # as stored before sealing
    old_key.private_key = key_store.seal(key_store.unseal(old_key.private_key), key_store.sealer_for("old-secret"))
    db.commit()  # the refused run below rolls back to here
    assert signing.sign_badge(badge, key) == code  # an unsealed key is still read meanwhile
    refused = runner.invoke(args=["badges", "seal-keys"])
    assert refused.exit_code != 0 and "SECRET_KEY" in refused.output, refused.output
    result = runner.invoke(args=["badges", "seal-keys", "--old-secret", "old-secret"])
    assert result.exit_code == 0 and "Sealed 2 signing key(s)" in result.output, result.output
    db.refresh(key)
    assert key_store.is_sealed(key.private_key) and key_store.unseal(key.private_key) == raw
    assert signing.sign_badge(badge, key) == code and _admits(db, fair, code)
    assert "Sealed 0" in runner.invoke(args=["badges", "seal-keys"]).output  # nothing left to do


def test_rotating_a_key_keeps_printed_codes_working_until_reprinted(db, runner, organizer):
    fair, badge = _badge(db, organizer)
    old_code = signing.sign_badge(badge, signing.get_signing_key(db, fair))
    result = runner.invoke(args=["badges", "rotate-key", "--fair", fair.slug])
    assert result.exit_code == 0 and "still verifies" in result.output, result.output
    assert runner.invoke(args=["badges", "rotate-key", "--fair", "nope"]).exit_code != 0
    keys = db.scalars(select(BadgeSigningKey).where(BadgeSigningKey.fair_id == fair.id)).all()
    current = signing.get_signing_key(db, fair)
    assert len(keys) == 2 and current.retired_at is None and sum(k.retired_at is not None for k in keys) == 1
    assert db.query(AuditEntry).filter_by(action="badge.rotate_key", subject_id=fair.id).count() == 1
    new_code = signing.sign_badge(badge, current)
    assert new_code != old_code and _admits(db, fair, old_code) and _admits(db, fair, new_code)
    # Desks get both public keys, the current one first.
    state = desk.get_desk_state(db, fair, SECRET)
    assert state["public_keys"] == signing.public_keys_text(db, fair) and len(state["public_keys"]) == 2
    assert state["public_keys"][0] == state["public_key"] == signing.public_key_text(current)
    # Another fair's key does not verify this fair's codes, retired or not.
    other, other_badge = _badge(db, organizer, slug="other-key-show")
    assert not _admits(db, fair, signing.sign_badge(other_badge, signing.get_signing_key(db, other)))
    # Reprinted, the badge's old code (of the retired key) is refused as revoked.
    new = issuing.reprint_badge(db, badge, actor=organizer)
    refused = checkin.check_in(db, fair, old_code, gate="East", actor=organizer, secret_key=SECRET)
    assert refused.verdict == checkin.Verdict.REFUSED and "revoked" in refused.message
    assert _admits(db, fair, signing.sign_badge(new, current))


@pytest.mark.parametrize("kind", DATABASES)
def test_migration_0026_seals_the_keys_and_its_downgrade_opens_them(kind, tmp_path):
    with live_app(kind, tmp_path) as app, app.app_context():
        organizer = create_user(app_db.session, organization=create_organization(app_db.session))
        fair, badge = _badge(app_db.session, organizer)
        code = signing.sign_badge(badge, signing.get_signing_key(app_db.session, fair))
        fair_id, badge_id = fair.id, badge.id
        signing.rotate_key(app_db.session, fair, actor=None)
        app_db.session.commit()
        app_db.session.remove()  # the migrations below write on their own connection
        directory = app.extensions["migrate"].directory
        downgrade(directory=directory, revision="0015")
        rows = app_db.session.execute(text("SELECT private_key FROM badge_signing_keys")).scalars().all()
        assert [len(bytes(row)) for row in rows] == [32]  # unsealed; the retired key is gone
        app_db.session.remove()
        upgrade(directory=directory)
        (key,) = app_db.session.scalars(select(BadgeSigningKey)).all()
        assert key_store.is_sealed(key.private_key) and len(key_store.unseal(key.private_key)) == 32
        fair, badge = app_db.session.get(Fair, fair_id), app_db.session.get(Badge, badge_id)
        assert not _admits(app_db.session, fair, code)  # signed by the retired key that the downgrade removed
        assert _admits(app_db.session, fair, signing.sign_badge(badge, key))


_NODE_DECIDE = """
const DeskVerify = require(process.argv[1]);
const input = JSON.parse(require('fs').readFileSync(0, 'utf8'));
const verdicts = input.key_sets.map(function (keys) {
  const desk = {
    fairId: input.fair_id, timezone: 'Asia/Tokyo', publicKeys: keys.map(DeskVerify.fromBase64url),
    windows: input.windows, rosterBySerial: {}, rosterByCode: {}, revoked: new Set(), entries: {}, zone: ''
  };
  return input.codes.map(function (code) { return DeskVerify.decide(code, desk, new Date()).verdict; });
});
console.log(JSON.stringify(verdicts));
"""


def test_a_desk_verifies_codes_of_the_retired_key_offline_with_the_state_it_syncs(db, organizer):
    if shutil.which("node") is None:
        pytest.skip("node runs the desk's script")
    fair, badge = _badge(db, organizer)
    old_code = signing.sign_badge(badge, signing.get_signing_key(db, fair))
    signing.rotate_key(db, fair, actor=None)
    new_code = signing.sign_badge(badge, signing.get_signing_key(db, fair))
    state = desk.get_desk_state(db, fair, SECRET)
    payload = {
        "fair_id": fair.id,
        "windows": state["windows"],
        "codes": [old_code, new_code],
        "key_sets": [state["public_keys"], [state["public_key"]]],
    }
    script = str(Path(__file__).parents[1] / "static/js/desk_verify.js")
    result = subprocess.run(
        ["node", "-e", _NODE_DECIDE, script], input=json.dumps(payload), capture_output=True, text=True, check=True
    )
    with_both, current_only = json.loads(result.stdout)
    assert with_both == ["welcome", "welcome"]
    assert current_only == ["refused", "welcome"]  # the negative control: without the retired key, "forged"
