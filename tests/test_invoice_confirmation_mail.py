"""The booking confirmation is one mail per recipient, in their language, with the invoice PDF attached: read from
the real .eml files of the outbox, the attachment's text extracted by pdftotext."""

from __future__ import annotations

import email
import email.policy
import subprocess

import pytest

from eventsys.models import BookingMode, MemberRole, Membership
from eventsys.services.booths import allocation, booking, changes, confirmation
from tests.booth_factories import approved_startup
from tests.conftest import create_booth, create_booth_type, create_fair, create_hall, create_user
from tests.invoice_factories import REGISTRATION, confirmed_booking, create_issuer


@pytest.fixture(autouse=True)
def _app_context(app):
    with app.app_context():
        yield


def sent_mails(outbox) -> dict[str, list[email.message.EmailMessage]]:
    """Every mail in the outbox, by each of its recipients."""
    by_recipient: dict[str, list] = {}
    for path in sorted(outbox.glob("*.eml")):
        message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        for address in message["To"].addresses:
            by_recipient.setdefault(address.addr_spec, []).append(message)
    return by_recipient


def pdf_text(message) -> str:
    (pdf,) = [part for part in message.iter_attachments() if part.get_content_type() == "application/pdf"]
    data = pdf.get_content()
    assert data.startswith(b"%PDF")
    done = subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True)
    return done.stdout.decode()


def team_in_three_languages(db, fair):
    """A startup whose owner reads Japanese, with a member reading Spanish and one who chose no language."""
    owner = approved_startup(db, fair, locale="ja")
    for locale in ("es", None):
        member = create_user(db, locale=locale)
        db.add(Membership(user=member, organization=owner.organization, role=MemberRole.MEMBER))
    db.flush()
    return owner


def confirm(db, fair, user, outbox, billing_email="billing@example.com"):
    """Hold and commit (its mail is removed), then confirm: what the outbox gets at the commit is the confirmation's."""
    held = booking.hold_booth(db, fair.halls[0].booths[0], user.organization, actor=user)
    db.commit()
    for old in outbox.glob("*.eml"):
        old.unlink()
    confirmation.confirm_booking(
        db, held, user.organization, actor=user, billing_name="株式会社サンプル", billing_email=billing_email
    )


def test_the_confirmation_mail_carries_the_invoice_pdf_in_each_language(db, fair, outbox):
    create_issuer(db, fair)
    owner = team_in_three_languages(db, fair)
    confirm(db, fair, owner, outbox)
    assert sent_mails(outbox) == {}, "nothing is sent before the commit"
    db.commit()
    mails = sent_mails(outbox)
    members = [m.user.email for m in owner.organization.memberships]
    assert sorted(mails) == sorted([*members, "billing@example.com"])
    assert all(len(received) == 1 for received in mails.values()), "one mail per recipient, not two"
    subjects = {address: received[0]["Subject"] for address, received in mails.items()}
    assert subjects[owner.email] == "ブースA01の予約が確定しました（請求書 INV-000001）"
    assert subjects[members[1]].startswith("El stand A01 está reservado")
    assert subjects["billing@example.com"] == "Booth A01 is booked (invoice INV-000001)"
    for address, (message, *_) in mails.items():
        body = message.get_body(("plain",)).get_content()
        assert "INV-000001" in body and "A01" in body, address
        text = pdf_text(message)
        assert "INV-000001" in text and REGISTRATION in text and "株式会社サンプル" in text


def test_a_billing_contact_who_is_a_member_gets_one_mail(db, fair, outbox):
    create_issuer(db, fair)
    user = approved_startup(db, fair)
    confirm(db, fair, user, outbox, billing_email=user.email.upper())
    db.commit()
    mails = sent_mails(outbox)
    assert list(mails) == [user.email] and len(mails[user.email]) == 1
    assert "INV-000001" in pdf_text(mails[user.email][0])


def test_without_an_issuer_the_confirmation_goes_alone(db, fair, outbox):
    user = approved_startup(db, fair)
    confirm(db, fair, user, outbox)
    db.commit()
    (message,) = sent_mails(outbox)[user.email]
    assert message["Subject"] == "Booth A01 is booked"
    assert list(message.iter_attachments()) == []


def test_an_assigned_booth_is_one_mail_with_its_invoice(db, fair, outbox, organizer):
    create_issuer(db, fair)
    company = create_user(db).organization
    changes.assign_booth(db, fair.halls[0].booths[1], company, actor=organizer, reason="sponsor")
    db.commit()
    ((message,),) = sent_mails(outbox).values()
    assert message["Subject"] == "Booth A02 has been assigned to you (invoice INV-000001)"
    assert "sponsor" in message.get_body(("plain",)).get_content()
    assert "INV-000001" in pdf_text(message)


def test_a_published_allocation_is_one_mail_with_its_invoice(db, organizer_organization, organizer, outbox):
    fair = create_fair(db, booking_mode=BookingMode.APPLICATION, organizer_id=organizer_organization.id)
    booth = create_booth(db, create_hall(db, fair), create_booth_type(db, fair), code="Z01")
    create_issuer(db, fair)
    user = approved_startup(db, fair, locale="es")
    allocation.submit_application(
        db, fair, user.organization, booth.booth_type, [allocation.Wish(booth=booth)], actor=user
    )
    db.commit()
    for old in outbox.glob("*.eml"):
        old.unlink()  # the application's receipt
    allocation.publish_allocation(db, fair, 7, actor=organizer)
    db.commit()
    (message,) = sent_mails(outbox)[user.email]
    assert message["Subject"].startswith("Se le adjudicó el stand Z01")
    assert "INV-000001" in message["Subject"] and "INV-000001" in pdf_text(message)


def test_a_rolled_back_confirmation_mails_nothing(db, fair, outbox):
    create_issuer(db, fair)
    confirmed_booking(db, fair, fair.halls[0].booths[0])
    db.rollback()
    db.commit()
    assert sent_mails(outbox) == {}
