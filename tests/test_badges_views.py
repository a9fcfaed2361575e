"""Badge pages: a person's own badge, the organizer's bulk print, press and visitors, reprints, background runs."""

from __future__ import annotations

import pytest

from eventsys.models import Badge, BadgeRole, BadgeStatus, Role
from eventsys.services.badges import issuing
from tests.badges_factories import (
    NAMES,
    book_booth,
    exhibitor,
    pdf_text,
    raster_pages,
    read_qr_codes,
    running_fair,
    staff_fair,
)
from tests.conftest import create_organization, create_user, login, run_jobs


@pytest.fixture
def show(db, organizer):
    return running_fair(db, organizer, slug="print-show", name="Print Show 2027")


def test_own_badge_preview_then_download_whose_qr_code_the_desk_accepts(db, client, show, startup, organizer, tmp_path):
    assert client.get(f"/fairs/{show.slug}/badge").status_code == 302
    login(client, startup.email)
    page = client.get(f"/fairs/{show.slug}/badge").get_data(as_text=True)
    assert "ready once your booth booking is confirmed" in page
    refused = client.post(f"/fairs/{show.slug}/badge", data={"layout": "single"})
    assert refused.status_code == 302 and db.query(Badge).count() == 0
    book_booth(db, show, startup)
    page = client.get(f"/fairs/{show.slug}/badge").get_data(as_text=True)
    assert "Taro Yamada" in page and "山田 太郎" in page and "Download my badge" in page
    assert client.post(f"/fairs/{show.slug}/badge", data={"layout": "A0"}).status_code == 422
    answer = client.post(f"/fairs/{show.slug}/badge", data={"layout": "single"})
    assert answer.status_code == 200 and answer.mimetype == "application/pdf"
    assert "山田太郎" in pdf_text(answer.data)
    (png,) = raster_pages(answer.data, tmp_path)
    (code,) = read_qr_codes(png)
    client.post("/logout")
    login(client, organizer.email)
    verdict = client.post("/checkin/scan", json={"fair": show.slug, "gate": "Main", "code": code.text}).json
    assert verdict["verdict"] == "welcome" and verdict["name"] == "Taro Yamada"
    altered = code.text[:-2] + ("AA" if code.text[-2:] != "AA" else "BB")
    assert client.post("/checkin/scan", json={"fair": show.slug, "gate": "Main", "code": altered}).json["verdict"] == (
        "refused"
    )


def test_the_badge_preview_names_the_role_as_the_pdf_does_in_the_holders_language(db, client, show, startup):
    startup.locale = "es"
    book_booth(db, show, startup)
    login(client, startup.email)
    page = client.get(f"/fairs/{show.slug}/badge").get_data(as_text=True)
    assert '<div class="badge-preview__band">EXPOSITOR · EXHIBITOR 出展者</div>' in page
    pdf = client.post(f"/fairs/{show.slug}/badge", data={"layout": "single"}).data
    assert "EXPOSITOR·EXHIBITOR" in pdf_text(pdf)


def test_badge_pages_are_for_the_fairs_staff_only(db, client, show, startup):
    assert client.get(f"/fairs/{show.slug}/badges").status_code == 302
    other_organizer = create_user(db, Role.ORGANIZER, organization=create_organization(db))
    for user in (startup, other_organizer):
        login(client, user.email)
        assert client.get(f"/fairs/{show.slug}/badges").status_code == 403
        assert client.post(f"/fairs/{show.slug}/badges/print", data={"layout": "a4-8up"}).status_code == 403
        assert client.post(f"/fairs/{show.slug}/badges/guests", data={"role": "press", "name": "X"}).status_code == 403
        client.post("/logout")
    assert db.query(Badge).count() == 0


def test_bulk_print_issues_and_streams_every_name_with_the_last_partial_sheet(db, client, show, organizer):
    for name, local in NAMES:
        exhibitor(db, show, name, local)
    login(client, organizer.email)
    assert client.get(f"/fairs/{show.slug}/badges").status_code == 200
    answer = client.post(f"/fairs/{show.slug}/badges/print", data={"role": "", "layout": "a4-4up"})
    assert answer.status_code == 200 and answer.mimetype == "application/pdf"
    text = pdf_text(answer.data)
    for name, local in NAMES:
        assert "".join(name.split()) in text and (local is None or "".join(local.split()) in text)
    import io

    from pypdf import PdfReader

    assert len(PdfReader(io.BytesIO(answer.data)).pages) == 2  # 6 badges (5 exhibitors, 1 organizer), 4 a page
    only = client.post(f"/fairs/{show.slug}/badges/print", data={"role": "organizer", "layout": "single"})
    assert len(PdfReader(io.BytesIO(only.data)).pages) == 1
    for bad in ({"role": "", "layout": "A0"}, {"role": "king", "layout": "single"}):
        assert client.post(f"/fairs/{show.slug}/badges/print", data=bad).status_code == 422


def test_press_and_visitor_badges_are_added_and_bad_input_refused(db, client, show, organizer):
    login(client, organizer.email)
    data = {"role": "press", "name": "Zhang Wei", "name_local": "张伟", "organization": "Xinhua", "country": "CN"}
    assert client.post(f"/fairs/{show.slug}/badges/guests", data=data).status_code == 302
    badge = db.query(Badge).filter_by(name="Zhang Wei").one()
    assert (badge.role, badge.user_id, badge.country) == (BadgeRole.PRESS, None, "CN")
    assert "张伟" in client.get(f"/fairs/{show.slug}/badges").get_data(as_text=True)
    for bad in (
        dict(data, role="organizer"),
        dict(data, name=""),
        dict(data, country="XX"),
        dict(data, name_local="𓋹"),
    ):
        assert client.post(f"/fairs/{show.slug}/badges/guests", data=bad).status_code == 422
    assert db.query(Badge).count() == 1


def test_reprint_revokes_and_offers_the_new_badge(db, client, show, organizer):
    (old,) = issuing.issue_badges(db, show, actor=organizer)
    login(client, organizer.email)
    assert client.post(f"/fairs/{show.slug}/badges/{old.id}/reprint").status_code == 302
    db.refresh(old)
    assert old.status == BadgeStatus.REVOKED
    new = db.query(Badge).filter_by(replaces_id=old.id).one()
    assert client.get(f"/fairs/{show.slug}/badges/{new.id}.pdf").mimetype == "application/pdf"
    assert client.get(f"/fairs/{show.slug}/badges/{old.id}.pdf").status_code == 404
    assert client.post(f"/fairs/{show.slug}/badges/{old.id}/reprint").status_code == 302  # refused with a message
    assert db.query(Badge).filter_by(status=BadgeStatus.ACTIVE).count() == 1
    other = staff_fair(db, organizer, slug="elsewhere")
    assert client.post(f"/fairs/{other.slug}/badges/{new.id}/reprint").status_code == 404
    assert client.get(f"/fairs/{show.slug}/badges?q=Test").status_code == 200


def test_large_runs_go_to_a_background_job_with_progress(db, app, client, show, organizer, redis_url):
    from eventsys.services.badges import jobs

    for name, local in NAMES:
        exhibitor(db, show, name, local)
    exhibitor(db, show, "Hiero \U00013000 Glyph", None)  # from before the forms refused it
    login(client, organizer.email)
    app.config.update(REDIS_URL=redis_url, BADGE_JOB_THRESHOLD=3)
    try:
        answer = client.post(f"/fairs/{show.slug}/badges/print", data={"role": "", "layout": "a4-8up"})
        assert answer.status_code == 302
        status_url = answer.headers["Location"]
        job_id = status_url.rstrip("/").rsplit("/", 1)[-1]
        assert client.get(status_url + "?format=json").json["ready"] is False
        run_jobs(app, jobs.QUEUE_NAME)
        state = client.get(status_url + "?format=json").json
        assert state["ready"] is True and state["done"] == state["total"] == 6
        assert len(state["left_out"]) == 1 and state["left_out"][0].startswith("Hiero \U00013000 Glyph (")
        page = client.get(status_url).get_data(as_text=True)
        assert "Download the PDF" in page and "the fonts lack some of their characters" in page
        pdf = client.get(f"/fairs/{show.slug}/badges/jobs/{job_id}.pdf")
        assert pdf.mimetype == "application/pdf" and "山田太郎" in pdf_text(pdf.data)
        other = staff_fair(db, organizer, slug="not-this-one")
        assert client.get(f"/fairs/{other.slug}/badges/jobs/{job_id}").status_code == 404
        assert client.get(f"/fairs/{show.slug}/badges/jobs/no-such-job").status_code == 404
    finally:
        app.config.update(REDIS_URL=None, BADGE_JOB_THRESHOLD=jobs.DEFAULT_THRESHOLD)
