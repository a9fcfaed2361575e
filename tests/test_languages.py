"""Spanish beside Japanese and English: the language switch of every page, the order in which a page's language is
chosen, the account setting, country lists, and mails and badges in the recipient's language."""

from __future__ import annotations

import re
from email import policy
from email.parser import BytesParser

import pytest
from flask import Flask, render_template_string
from flask_babel import gettext
from sqlalchemy import select

from eventsys import create_app
from eventsys.forms import country_choices
from eventsys.language import LANGUAGE_COOKIE
from eventsys.models import AreaKind, Exhibitor, User
from eventsys.redirects import local_path
from eventsys.services.badges import issuing
from eventsys.services.badges.printing import render_fair_badges, role_label
from eventsys.services.booths.plan_checks import AREA_KIND_LABELS
from tests.badges_factories import exhibitor, pdf_text, staff_fair
from tests.booth_factories import approve
from tests.conftest import app_config, create_user, csrf_token, login

SPANISH, JAPANESE, ENGLISH = "Próximas ferias", "今後の展示会", "Upcoming fairs"


def page(client, path: str = "/", **headers) -> str:
    response = client.get(path, headers=headers)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def language_cookie(client) -> str | None:
    cookie = client.get_cookie(LANGUAGE_COOKIE, domain="eventsys.test")
    return cookie.value if cookie is not None else None


def switch(client, language: str, next_path: str = "/"):
    return client.post("/language", data={"language": language, "next": next_path})


# The switch


def test_every_page_offers_each_language_named_in_itself(client):
    for path in ("/", "/login", "/centers/"):
        html = page(client, path)
        assert '<form class="language-switch" method="post" action="/language">' in html
        for code, name in (("en", "English"), ("ja", "日本語"), ("es", "Español")):
            assert f'<option value="{code}" lang="{code}"' in html and f">{name}</option>" in html
    missing = client.get("/no-such-page")
    assert missing.status_code == 404 and 'action="/language"' in missing.get_data(as_text=True)


def test_a_visitor_switches_and_the_choice_is_remembered_across_requests(client):
    assert ENGLISH in page(client)
    response = switch(client, "es", "/centers/")
    assert response.status_code == 302 and response.headers["Location"] == "/centers/"
    assert language_cookie(client) == "es"
    set_cookie = next(h for h in response.headers.getlist("Set-Cookie") if h.startswith(LANGUAGE_COOKIE))
    assert "HttpOnly" in set_cookie and "SameSite=Lax" in set_cookie and "Max-Age=31536000" in set_cookie
    for _request in range(2):
        html = page(client)
        assert 'lang="es"' in html and SPANISH in html and '<option value="es" lang="es" selected>' in html
    switch(client, "ja")
    assert JAPANESE in page(client, "/", **{"Accept-Language": "es"})  # the choice beats the browser's


def test_the_switch_comes_back_to_the_page_with_its_query(client):
    response = switch(client, "ja", "/fairs/?page=2")
    assert response.headers["Location"] == "/fairs/?page=2"


def test_the_switch_names_the_page_it_is_on(client):
    assert '<input type="hidden" name="next" value="/centers/">' in page(client, "/centers/")
    assert '<input type="hidden" name="next" value="/">' in page(client, "/")


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example/",
        "\\\\evil.example",
        "javascript:alert(1)",
        "http:/evil.example",
        "evil.example",
        "/\t/evil.example",
        "",
    ],
)
def test_the_switch_never_leaves_the_site(client, target):
    response = switch(client, "es", target)
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert language_cookie(client) == "es"


def test_local_paths_only():
    assert local_path("/fairs/expo?x=1#top") == "/fairs/expo?x=1#top"
    for target in (None, "", "fairs", "//a.example", "/\\a.example", "https://a.example/x", "/\x00", "/a\nb"):
        assert local_path(target) is None


@pytest.mark.parametrize("data", [{"language": "xx"}, {"language": ""}, {}, {"language": "de"}, {"language": "EN"}])
def test_an_unknown_language_is_refused_and_nothing_is_remembered(client, db, startup, data):
    login(client, startup.email)
    response = client.post("/language", data={"next": "/", **data})
    assert response.status_code == 400
    assert language_cookie(client) is None
    db.refresh(startup)
    assert startup.locale is None


def test_a_get_of_the_switch_changes_nothing(client):
    response = client.get("/language?language=es&next=/")
    assert response.status_code == 405
    assert not [h for h in response.headers.getlist("Set-Cookie") if h.startswith(LANGUAGE_COOKIE)]
    assert ENGLISH in page(client)


def test_a_logged_in_user_switching_saves_the_language_in_the_profile(client, db, startup):
    login(client, startup.email)
    assert switch(client, "es", "/account/").headers["Location"] == "/account/"
    db.refresh(startup)
    assert startup.locale == "es"
    assert '<option selected value="es">Español</option>' in page(client, "/account/")
    client.delete_cookie(LANGUAGE_COOKIE)
    assert SPANISH in page(client, "/", **{"Accept-Language": "ja"})  # the profile, wherever the user logs in


def test_the_users_language_beats_the_cookie_and_the_browser(client, db, startup):
    startup.locale = "es"
    db.flush()
    client.set_cookie(LANGUAGE_COOKIE, "ja", domain="eventsys.test")
    login(client, startup.email)
    assert SPANISH in page(client, "/", **{"Accept-Language": "ja"})


def test_a_forged_cookie_is_ignored(client):
    client.set_cookie(LANGUAGE_COOKIE, "xx", domain="eventsys.test")
    assert SPANISH in page(client, "/", **{"Accept-Language": "es"})
    client.set_cookie(LANGUAGE_COOKIE, "x" * 500, domain="eventsys.test")
    assert ENGLISH in page(client)


@pytest.fixture
def csrf_client(tmp_path, database_url, db):
    """A client of an app with CSRF protection on, as in production."""
    app = create_app(app_config(tmp_path, database_url, WTF_CSRF_ENABLED=True))
    with app.app_context():
        yield app.test_client()


def test_the_switch_needs_its_csrf_token(csrf_client):
    assert csrf_client.post("/language", data={"language": "es", "next": "/"}).status_code == 400
    assert language_cookie(csrf_client) is None
    token = csrf_token(csrf_client, "/centers/")  # the switch's own form, on a page with no other form
    data = {"language": "es", "next": "/", "csrf_token": token}
    assert csrf_client.post("/language", data=data).status_code == 302
    assert language_cookie(csrf_client) == "es"


# Without a choice: the browser's languages, else English


@pytest.mark.parametrize(
    ("header", "expected"),
    [("es", SPANISH), ("es-MX,es;q=0.9,en;q=0.5", SPANISH), ("ja,en;q=0.5", JAPANESE), ("fr", ENGLISH), ("", ENGLISH)],
)
def test_accept_language_chooses_for_a_visitor_who_has_not(client, header, expected):
    html = page(client, "/", **({"Accept-Language": header} if header else {}))
    assert expected in html


def test_a_page_in_spanish_is_spanish_through_and_through(client):
    html = page(client, "/login", **{"Accept-Language": "es"})
    assert 'lang="es"' in html
    for text in ("Inicie sesión en eventsys", "¿Olvidó su contraseña?", "Contraseña", "Idioma", "Cambiar idioma"):
        assert text in html
    assert "Forgot your password?" not in html


# The account page


def test_the_account_page_offers_spanish(client, db, startup):
    login(client, startup.email)
    html = page(client, "/account/")
    assert '<option value="es">Español</option>' in html and '<option value="ja">日本語</option>' in html
    response = client.post("/account/profile", data={"profile-name": "Ana López", "profile-locale": "es"})
    assert response.status_code == 302
    db.refresh(startup)
    assert startup.locale == "es"
    assert "Su perfil se guardó." in page(client, "/account/")
    refused = client.post("/account/profile", data={"profile-name": "Ana López", "profile-locale": "xx"})
    assert refused.status_code == 422


# Countries


def test_country_lists_offer_only_iso_countries_named_in_the_pages_language(app: Flask):
    for language, japan, mexico in (("en", "Japan", "Mexico"), ("es", "Japón", "México"), ("ja", "日本", "メキシコ")):
        with app.test_request_context(headers={"Accept-Language": language}):
            choices = {choice.value: choice.label for choice in country_choices()}
        assert len(choices) == 249
        assert choices["JP"] == japan and choices["MX"] == mexico
        assert not {"XA", "XB", "XK", "ZZ", "EU", "EZ", "UN", "QO", "AC", "IC", "EA", "DG", "TA", "CP"} & set(choices)
        assert not [label for label in choices.values() if label.startswith("Pseudo")]


def test_country_names_sort_without_regard_to_accents(app: Flask):
    with app.test_request_context(headers={"Accept-Language": "es"}):
        labels = [choice.label for choice in country_choices()]
    assert labels.index("Egipto") < labels.index("El Salvador") < labels.index("Emiratos Árabes Unidos")
    assert labels.index("Estados Unidos") < labels.index("Etiopía") < labels.index("Filipinas")


def test_the_signup_form_has_no_pseudo_locales(client):
    from tests.conftest import signup_link

    html = page(client, signup_link("new@example.com"), **{"Accept-Language": "es"})
    assert '<option value="MX">México</option>' in html
    assert "Pseudo" not in html and 'value="XA"' not in html and 'value="XB"' not in html


# Mails and badges in the recipient's language


def read_outbox(outbox) -> list:
    return [BytesParser(policy=policy.default).parsebytes(p.read_bytes()) for p in sorted(outbox.glob("*.eml"))]


def test_a_mail_to_a_user_who_reads_spanish_is_in_spanish(client, db, startup, outbox):
    startup.locale = "es"
    assert client.post("/reset-password", data={"email": startup.email}).status_code == 302
    (sent,) = read_outbox(outbox)
    assert sent["Subject"] == "Elija una nueva contraseña de eventsys"
    body = sent.get_content()
    assert "Alguien, esperamos que usted, solicitó elegir una nueva contraseña" in body
    assert re.search(r"El enlace caduca en \d+ minutos y funciona una sola vez\.", body)


def test_a_team_invitation_from_a_spanish_reader_is_in_spanish(client, db, startup, outbox):
    login(client, startup.email)
    startup.locale = "es"
    assert client.post("/team/", data={"email": "lucia@example.com", "role": "member"}).status_code == 302
    (sent,) = read_outbox(outbox)
    assert sent["Subject"].startswith("Únase a ") and "le envía una invitación" in sent.get_content()


def test_booth_mails_reach_each_member_in_their_language_not_the_organizers(
    client, db, fair, startup, organizer, outbox
):
    colleague = create_user(db, organization=startup.organization, email="lucia@example.com", locale="es")
    organizer.locale = "ja"
    login(client, startup.email)
    assert client.post(f"/fairs/{fair.slug}/exhibit").status_code == 303
    client.post("/logout")
    login(client, organizer.email)
    exhibitor = db.scalar(select(Exhibitor))
    response = client.post(f"/organizer/exhibitors/{exhibitor.id}/decide", data={"decision": "approve", "reason": ""})
    assert response.status_code == 303
    mails = {m["To"].addresses[0].addr_spec: m for m in read_outbox(outbox)}
    assert mails[colleague.email]["Subject"] == f"Ya puede reservar un stand en {fair.name}"
    assert mails[startup.email]["Subject"] == f"You can now book a booth at {fair.name}"


def test_a_booth_mail_names_the_state_in_the_readers_language(client, db, fair, startup, outbox):
    approve(db, fair, startup.organization)
    startup.locale = "es"
    login(client, startup.email)
    assert client.post(f"/fairs/{fair.slug}/booths/A01/hold").status_code == 303
    (sent,) = read_outbox(outbox)
    assert sent["Subject"] == "El stand A01 está apartado para usted"
    assert "Estado: Apartado" in sent.get_content() and "held" not in sent.get_content()


def test_a_badge_names_the_role_in_its_holders_language_beside_english_and_japanese(app, db, organizer):
    with app.app_context():
        assert role_label("exhibitor", "es") == "EXPOSITOR · EXHIBITOR 出展者"
        assert role_label("investor", "es") == "INVERSIONISTA · INVESTOR 投資家"
        assert role_label("exhibitor", "ja") == role_label("exhibitor", None) == "EXHIBITOR 出展者"
    fair = staff_fair(db, organizer)
    lucia, taro = exhibitor(db, fair, "Lucía Hernández"), exhibitor(db, fair, "Taro Yamada")
    lucia.locale, taro.locale = "es", "ja"
    with app.app_context():
        badges = issuing.issue_badges(db, fair, actor=organizer)
        text = pdf_text(render_fair_badges(badges, fair, "a4-8up", "secret"))
    assert text.count("EXPOSITOR·EXHIBITOR") == 1 and text.count("EXHIBITOR出展者") == 2


def test_users_have_a_language_column():
    assert "locale" in User.__table__.columns


def test_a_plans_stage_and_a_companys_stage_are_translated_apart(app: Flask):
    """One English word, two meanings: the plan's area is a platform, the company's a funding round."""
    macro = "{% from '_labels.html' import area_kind_label %}{{ area_kind_label(kind) }}"
    for language, area, company in (("es", "Escenario", "Etapa"), ("en", "Stage", "Stage")):
        with app.test_request_context(headers={"Accept-Language": language}):
            assert str(AREA_KIND_LABELS[AreaKind.STAGE]) == area
            assert render_template_string(macro, kind=AreaKind.STAGE) == area
            assert gettext("Stage") == company


# Content that organizers write, in each language


def _write_in_other_languages(db, fair) -> None:
    """The fair's name and description and its hall's name in Japanese; only the hall in Spanish."""
    fair.name_translations = {"ja": "テスト展示会"}
    fair.description, fair.description_translations = "Robots at work.", {"ja": "働くロボット。"}
    fair.halls[0].name_translations = {"ja": "メインホール", "es": "Pabellón principal"}
    db.flush()


@pytest.mark.parametrize(
    ("language", "shown", "not_shown"),
    [
        ("ja", ["テスト展示会", "働くロボット。", "メインホール"], ["Robots at work.", "Main Hall"]),
        # No Spanish name or description: the fair's own (English) text; the hall has its Spanish name.
        ("es", ["Test Fair", "Robots at work.", "Pabellón principal"], ["テスト展示会", "Main Hall"]),
        ("en", ["Test Fair", "Robots at work.", "Main Hall"], ["テスト展示会", "メインホール"]),
    ],
)
def test_the_fair_page_shows_what_the_organizer_wrote_in_the_pages_language(
    client, db, fair, language, shown, not_shown
):
    _write_in_other_languages(db, fair)
    text = page(client, f"/fairs/{fair.slug}", **{"Accept-Language": language})
    assert [words for words in shown if words not in text] == []
    assert [words for words in not_shown if words in text] == []


@pytest.mark.parametrize(
    ("language", "hall", "fair_name"),
    [("ja", "メインホール", "テスト展示会"), ("es", "Pabellón principal", "Test Fair")],
)
def test_the_hall_page_and_its_plan_name_the_hall_and_fair_in_the_pages_language(
    client, db, fair, language, hall, fair_name
):
    _write_in_other_languages(db, fair)
    shell = page(client, f"/fairs/{fair.slug}/halls/main", **{"Accept-Language": language})
    assert f"<title>{hall} · {fair_name} · eventsys</title>" in shell
    assert f'<h1 class="page-header__title">{hall}</h1>' in shell and "Main Hall" not in shell
    plan = page(client, f"/fairs/{fair.slug}/halls/main/plan?lang={language}")
    assert f"{hall} · {fair_name}</a>" in plan and "Main Hall" not in plan
