"""Signed badge codes: Ed25519 per fair, verifiable with the public key alone; HMAC codes printed before still work
until the badge is reprinted; the signed QR decodes at 300 dpi on the smallest stocks, with the short code under it."""

from __future__ import annotations

from datetime import date

import pytest

from eventsys.models import BadgeRole, BadgeSigningKey, CheckIn
from eventsys.services.badges import checkin, issuing, key_store, signing
from eventsys.services.badges.layouts import LAYOUTS
from eventsys.services.badges.printing import render_fair_badges
from eventsys.services.badges.tokens import make_desk_code, make_token
from tests.badges_factories import exhibitor, pdf_text, raster_pages, read_qr_codes, running_fair

SECRET = "test-secret-key"  # tests.conftest.app_config


@pytest.fixture
def show(db, organizer):
    return running_fair(db, organizer, slug="sign-show", name="Sign Show 2027")


@pytest.fixture
def badges(db, show, organizer):
    for name, local in (("Taro Yamada", "山田 太郎"), ("Kim Min-jun", "김민준"), ("Zoë Ørsted", None)):
        exhibitor(db, show, name, local)
    return issuing.issue_badges(db, show, actor=organizer)


def test_each_fair_has_one_key_pair_and_codes_verify_with_the_public_key_only(db, show, organizer, badges):
    key = signing.get_signing_key(db, show)
    assert signing.get_signing_key(db, show) is key and len(key.public_key) == 32
    assert key_store.is_sealed(key.private_key) and len(key_store.unseal(key.private_key)) == 32
    assert db.query(BadgeSigningKey).filter_by(fair_id=show.id).count() == 1
    badge = badges[0]
    badge.valid_days, badge.zones = "2027-05-12", "hall-a+vip"
    code = signing.sign_badge(badge, key)
    assert len(code) <= 130  # a version 7 QR code at level M holds 122 bytes; claims this long take version 8
    read = signing.read_signed(code, show.id, key.public_key)
    assert read == signing.SignedBadge(badge.serial, badge.role, (date(2027, 5, 12),), ("hall-a", "vip"))
    for position in range(len(code)):
        altered = code[:position] + ("A" if code[position] != "A" else "B") + code[position + 1 :]
        assert signing.read_signed(altered, show.id, key.public_key) is None, altered
    other = running_fair(db, organizer, slug="other-show")
    assert signing.read_signed(code, other.id, key.public_key) is None  # signed for this fair only
    assert signing.read_signed(code, show.id, signing.get_signing_key(db, other).public_key) is None
    for junk in ("", "2...", "2." + "x" * 300, code + "=", "1." + code[2:]):
        assert signing.read_signed(junk, show.id, key.public_key) is None


def test_old_hmac_codes_admit_until_the_badge_is_reprinted(db, show, organizer, badges):
    old = badges[0]
    printed_before = make_token(old.serial, SECRET)
    result = checkin.check_in(db, show, printed_before, gate="A", actor=organizer, secret_key=SECRET)
    assert result.verdict == checkin.Verdict.WELCOME
    new = issuing.reprint_badge(db, old, actor=organizer)
    result = checkin.check_in(db, show, printed_before, gate="A", actor=organizer, secret_key=SECRET)
    assert result.verdict == checkin.Verdict.REFUSED and "revoked" in result.message
    signed = signing.sign_badge(new, signing.get_signing_key(db, show))
    result = checkin.check_in(db, show, signed, gate="A", actor=organizer, secret_key=SECRET)
    assert result.verdict == checkin.Verdict.WELCOME


def test_a_forged_signed_code_is_refused_and_records_nothing(db, show, organizer, badges):
    code = signing.sign_badge(badges[0], signing.get_signing_key(db, show))
    forged = code[:-3] + ("AAA" if not code.endswith("AAA") else "BBB")
    result = checkin.check_in(db, show, forged, gate="A", actor=organizer, secret_key=SECRET)
    assert result.verdict == checkin.Verdict.REFUSED and "genuine" in result.message
    assert db.query(CheckIn).count() == 0


@pytest.mark.parametrize("key", ["label-90x54", "label-62mm", "4x3in"])
def test_signed_codes_decode_at_300_dpi_on_the_small_stocks_with_the_short_code_under_them(
    db, show, badges, key, tmp_path
):
    for badge in badges:
        # The longest claims there are: days 63 days apart (a full mask) and two zones.
        badge.valid_days, badge.zones = "2027-05-12,2027-05-14,2027-07-13", "hall-a+build-up"
    pdf = render_fair_badges(badges, show, key, SECRET)
    decoded = [code.text for png in raster_pages(pdf, tmp_path) for code in read_qr_codes(png)]
    public_key = signing.get_signing_key(db, show).public_key
    assert sorted(signing.read_signed(text, show.id, public_key).serial for text in decoded) == sorted(
        badge.serial for badge in badges
    )
    text = pdf_text(pdf)
    for badge in badges:
        assert make_desk_code(badge.serial, SECRET) in text


def test_a_typed_short_code_still_checks_in(db, show, organizer, badges):
    typed = make_desk_code(badges[1].serial, SECRET).lower().replace("-", " ")
    result = checkin.check_in(db, show, typed, gate="A", actor=organizer, secret_key=SECRET)
    assert result.verdict == checkin.Verdict.WELCOME and result.badge.id == badges[1].id


def test_the_62mm_label_is_one_badge_a_page(db, show, badges):
    assert LAYOUTS["label-62mm"].per_page == 1 and badges[0].role == BadgeRole.EXHIBITOR
