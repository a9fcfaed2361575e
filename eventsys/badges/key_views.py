"""Routes of the fair's badge signing key in the organizer console: see the keys, rotate with a confirm step."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from eventsys.access import load_owned_fair
from eventsys.badges.forms import SigningKeyRotateForm
from eventsys.extensions import db
from eventsys.forms import show_refusal
from eventsys.models import BadgeSigningKey, Fair
from eventsys.services.badges import signing
from eventsys.services.errors import DomainError

bp = Blueprint("badge_keys", __name__)


@bp.route("/fairs/<slug>/badges/signing-key")
@login_required
def show_signing_key(slug: str):
    """The fair's current and retired public keys, and the form that rotates the key (owners only)."""
    fair = load_owned_fair(slug)
    return _key_page(fair, SigningKeyRotateForm(fair.slug))


def _key_page(fair: Fair, form: SigningKeyRotateForm, status: int = 200):
    current = signing.get_signing_key(db.session, fair)
    retired = db.session.scalars(
        select(BadgeSigningKey)
        .where(BadgeSigningKey.fair_id == fair.id, BadgeSigningKey.retired_at.is_not(None))
        .order_by(BadgeSigningKey.retired_at.desc())
    ).all()
    page = render_template(
        "badges/signing_key.html",
        fair=fair,
        form=form,
        current=current,
        retired=retired,
        key_text=signing.public_key_text,
    )
    return page, status


@bp.route("/fairs/<slug>/badges/signing-key", methods=["POST"])
@login_required
def rotate_signing_key(slug: str):
    """Rotate the fair's signing key once the fair's slug is typed again; the service records it in the audit log."""
    fair = load_owned_fair(slug)
    form = SigningKeyRotateForm(fair.slug)
    if form.validate_on_submit():
        try:
            key = signing.rotate_key(db.session, fair, actor=current_user)
        except DomainError as error:
            show_refusal(form, error)
        else:
            db.session.commit()
            flash(
                _(
                    "New signing key %(key)s. Desks get it at their next sync; badges printed before keep working "
                    "until they are reprinted.",
                    key=signing.public_key_text(key)[:8],
                ),
                "success",
            )
            return redirect(url_for("badge_keys.show_signing_key", slug=fair.slug))
    db.session.rollback()
    return _key_page(fair, form, 422)
