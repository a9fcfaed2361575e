"""Routes of the days and zones a role's badges or one badge admit to, set by the fair's organizers."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from eventsys.access import load_active_badge, load_badge, load_managed_fair
from eventsys.badges.forms import ROLE_NAMES, BadgeValidityForm, RoleValidityForm
from eventsys.extensions import db
from eventsys.forms import show_refusal
from eventsys.models import Badge, BadgeRole, Fair
from eventsys.models.badges import days_of
from eventsys.services.badges import issuing, validity
from eventsys.services.errors import DomainError

bp = Blueprint("badge_validity", __name__)


@bp.route("/fairs/<slug>/badges/validity")
@login_required
def edit_role_validity(slug: str):
    """Days and zones by badge role (press all days, visitors one day, exhibitors with build-up); `?role=` shows
    that role's kept rule ticked."""
    fair = load_managed_fair(slug)
    role = next((r for r in BadgeRole if r.value == request.args.get("role")), None)  # anything else: no role
    return _validity_page(fair, _validity_form(RoleValidityForm, fair, formdata=None, **_kept_rule(fair, role)))


def _kept_rule(fair: Fair, role: BadgeRole | None) -> dict:
    """The role form's values for `role`: the role, with the days and zones of its kept rule ticked."""
    if role is None:
        return {}
    rule = issuing.get_role_rule(db.session, fair, role)
    if rule is None:
        return {"role": role.value}
    days = [day.isoformat() for day in days_of(rule.valid_days)]
    return {"role": role.value, "days": days, "zones": [zone for zone in (rule.zones or "").split("+") if zone]}


def _validity_form(form_class, fair: Fair, badge: Badge | None = None, **values):
    form = form_class(**values)
    form.set_validity_choices(validity.get_admission_days(fair), validity.get_fair_zones(db.session, fair))
    return form


def _validity_page(fair: Fair, form, badge: Badge | None = None, status: int = 200):
    badges = [badge] if badge is not None else issuing.get_active_badges(db.session, fair)
    limited = [b for b in badges if b.valid_days or b.zones]
    rules = issuing.get_role_rules(db.session, fair) if badge is None else {}
    page = render_template(
        "badges/badge_validity.html",
        fair=fair,
        form=form,
        badge=badge,
        limited=limited,
        rules=rules,
        rule_days={role: days_of(rule.valid_days) for role, rule in rules.items()},
        zones=validity.get_fair_zones(db.session, fair),
        role_names=ROLE_NAMES,
    )
    return page, status


@bp.route("/fairs/<slug>/badges/validity", methods=["POST"])
@login_required
def set_role_validity(slug: str):
    fair = load_managed_fair(slug)
    form = _validity_form(RoleValidityForm, fair)
    if form.validate_on_submit():
        role = BadgeRole(form.role.data)
        try:
            replaced = validity.set_role_validity(
                db.session, fair, role, days=form.chosen_days, zones=form.zones.data or [], actor=current_user
            )
        except DomainError as error:
            show_refusal(form, error)
        else:
            db.session.commit()
            names = {"count": len(replaced), "role": ROLE_NAMES[role]}
            flash(
                _("%(count)d badges of %(role)s replaced: print them again (their old codes no longer work).", **names)
                if replaced
                else _("The badges of %(role)s already admit to these days and zones.", **names),
                "success",
            )
            return redirect(url_for("badge_validity.edit_role_validity", slug=fair.slug, role=role.value))
    db.session.rollback()
    return _validity_page(fair, form, status=422)


@bp.route("/fairs/<slug>/badges/<int:badge_id>/validity")
@login_required
def edit_badge_validity(slug: str, badge_id: int):
    """The days and zones of one badge."""
    fair = load_managed_fair(slug)
    badge = load_active_badge(fair, badge_id)
    form = _validity_form(
        BadgeValidityForm,
        fair,
        days=[day.isoformat() for day in badge.day_list],
        zones=badge.zone_list,
        formdata=None,
    )
    return _validity_page(fair, form, badge)


@bp.route("/fairs/<slug>/badges/<int:badge_id>/validity", methods=["POST"])
@login_required
def set_badge_validity(slug: str, badge_id: int):
    fair = load_managed_fair(slug)
    badge = load_badge(fair, badge_id)  # a replaced one is refused with a reason, as a reprint of it is
    form = _validity_form(BadgeValidityForm, fair)
    if form.validate_on_submit():
        try:
            new = validity.set_badge_validity(
                db.session, badge, days=form.chosen_days, zones=form.zones.data or [], actor=current_user
            )
        except DomainError as error:
            show_refusal(form, error)
        else:
            db.session.commit()
            if new is None:
                flash(_("The badge already admits to these days and zones."), "success")
                return redirect(url_for("badges.manage_badges", slug=fair.slug, q=badge.name))
            flash(_("The old badge of %(name)s no longer works. Print the new one below.", name=new.name), "success")
            return redirect(url_for("badges.manage_badges", slug=fair.slug, q=new.name))
    db.session.rollback()
    return _validity_page(fair, form, badge, 422)
