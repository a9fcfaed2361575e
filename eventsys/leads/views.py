"""Routes of lead scanning: the scanner at the booth (offline like the check-in desk), its sync, the lead list with
CSV and XLSX exports, the exhibitor's questions, the organizer's switch and each person's consent."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required
from pydantic import AwareDatetime, BaseModel, Field, ValidationError

from eventsys.access import load_fair, load_managed_fair
from eventsys.downloads import attachment
from eventsys.errors import error_body
from eventsys.extensions import db
from eventsys.leads.forms import LeadConsentForm, LeadEditForm, LeadFilterForm, LeadQuestionsForm, LeadScanningForm
from eventsys.models import Fair, Lead, Organization
from eventsys.services import spreadsheets
from eventsys.services.badges import signing
from eventsys.services.errors import DomainError
from eventsys.services.leads import consent, scanning

bp = Blueprint("leads", __name__)
_ID = r"^[A-Za-z0-9_-]{1,64}$"


class LeadScanIn(BaseModel):
    client_scan_id: str = Field(pattern=_ID)
    code: str = Field(min_length=1, max_length=200)
    scanned_at: AwareDatetime
    rating: int | None = Field(default=None, ge=1, le=5)
    notes: str = Field(default="", max_length=2000)
    answers: dict[str, str] = Field(default_factory=dict, max_length=scanning.MAX_QUESTIONS)


class LeadSyncIn(BaseModel):
    scans: list[LeadScanIn] = Field(max_length=scanning.MAX_BATCH)


def _collector(fair: Fair, *, scanning_now: bool = False) -> Organization:
    """The current user's collecting organization at `fair`, or 403."""
    try:
        return scanning.require_collector(db.session, fair, current_user, scanning=scanning_now)
    except DomainError:
        abort(403)


@bp.route("/desk/<slug>/leads")
@login_required
def show_scanner(slug: str):
    """The booth's scanner: the same code path as the check-in desk, offline the same way."""
    fair = load_fair(slug)
    organization = _collector(fair, scanning_now=True)
    return render_template(
        "leads/scanner.html",
        fair=fair,
        organization=organization,
        public_keys=signing.public_keys_text(db.session, fair),
        questions=scanning.get_questions(db.session, fair, organization),
        service_worker=url_for("static", filename="js/desk-sw.js", page=url_for("leads.show_scanner", slug=fair.slug)),
    )


@bp.route("/desk/<slug>/leads/sync", methods=["POST"])
@login_required
def sync_leads(slug: str):
    """A batch of the scanner's queued scans in, what became of each out."""
    fair = load_fair(slug)
    _collector(fair, scanning_now=True)
    try:
        body = LeadSyncIn.model_validate(request.get_json(silent=True) or {})
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        return error_body(
            "invalid_input", _("Invalid %(field)s: %(reason)s", field=where, reason=first["msg"]), where
        ), 422
    scans = [
        scanning.LeadScan(s.client_scan_id, s.code, s.scanned_at, s.rating, s.notes, s.answers) for s in body.scans
    ]
    try:
        results = scanning.sync_lead_scans(
            db.session, fair, scans, actor=current_user, secret_key=current_app.config["SECRET_KEY"]
        )
    except DomainError as error:
        db.session.rollback()
        return error_body("invalid_input", str(error), error.field), error.status
    db.session.commit()
    return {"results": [{"client_scan_id": c, "outcome": o, "lead": lead_id} for c, o, lead_id in results]}


def _filtered(fair: Fair, organization: Organization) -> tuple[LeadFilterForm, list[scanning.LeadRow]]:
    form = LeadFilterForm(request.args)
    if not form.validate():
        abort(422)
    rows = scanning.get_leads(
        db.session,
        fair,
        organization,
        min_rating=form.min_rating.data,
        query=form.q.data or "",
        shared_only=form.shared.data,
    )
    return form, rows


@bp.route("/fairs/<slug>/leads")
@login_required
def list_leads(slug: str):
    """The organization's leads with filters, its questions and the exports."""
    fair = load_fair(slug)
    organization = _collector(fair)
    form, rows = _filtered(fair, organization)
    questions = scanning.get_questions(db.session, fair, organization)
    return render_template(
        "leads/lead_list.html",
        fair=fair,
        organization=organization,
        form=form,
        rows=rows,
        questions=questions,
        questions_form=LeadQuestionsForm(questions="\n".join(q.text for q in questions)),
        edit_form=LeadEditForm(formdata=None),
        enabled=scanning.is_enabled(db.session, fair),
    )


def _table(fair: Fair, organization: Organization):
    _form, rows = _filtered(fair, organization)
    questions = scanning.get_questions(db.session, fair, organization)
    columns = [_("Scanned at"), _("Name"), _("Name in local script"), _("Company"), _("Job title"), _("Country")]
    columns += [_("Badge"), _("E-mail"), _("Shares details"), _("Rating"), _("Notes")] + [q.text for q in questions]
    table = [
        [
            row.lead.scanned_at.astimezone(fair.zone).replace(tzinfo=None),
            row.name,
            row.name_local,
            row.organization,
            row.job_title,
            row.country,
            row.role,
            row.email,
            _("yes") if row.shares else _("no"),
            row.lead.rating,
            row.lead.notes,
        ]
        + [row.lead.answers.get(str(q.id)) for q in questions]
        for row in rows
    ]
    return columns, table


@bp.route("/fairs/<slug>/leads.csv")
@login_required
def export_leads_csv(slug: str):
    """The filtered lead list as CSV (UTF-8 with BOM, for Excel)."""
    fair = load_fair(slug)
    columns, table = _table(fair, _collector(fair))
    return attachment(spreadsheets.table_csv(columns, table), spreadsheets.CSV_MIMETYPE, f"leads-{fair.slug}.csv")


@bp.route("/fairs/<slug>/leads.xlsx")
@login_required
def export_leads_xlsx(slug: str):
    """The filtered lead list as XLSX."""
    fair = load_fair(slug)
    columns, table = _table(fair, _collector(fair))
    data = spreadsheets.table_xlsx(_("Leads"), columns, table)
    return attachment(data, spreadsheets.XLSX_MIMETYPE, f"leads-{fair.slug}.xlsx")


@bp.route("/fairs/<slug>/leads/<int:lead_id>", methods=["POST"])
@login_required
def edit_lead(slug: str, lead_id: int):
    """Change a lead's rating, notes and answers."""
    fair = load_fair(slug)
    organization = _collector(fair)
    lead = db.session.get(Lead, lead_id)
    if lead is None or lead.fair_id != fair.id or lead.organization_id != organization.id:
        abort(404)
    form = LeadEditForm()
    if not form.validate_on_submit():
        db.session.rollback()
        flash(_("Rate from 1 to 5 stars, and keep notes under 2,000 characters."), "error")
        return redirect(url_for("leads.list_leads", slug=fair.slug)), 303
    answers = {key.removeprefix("answer-"): value for key, value in request.form.items() if key.startswith("answer-")}
    scanning.update_lead(
        db.session, lead, rating=form.rating.data, notes=form.notes.data or "", answers=answers, actor=current_user
    )
    db.session.commit()
    flash(_("Lead saved."), "success")
    return redirect(url_for("leads.list_leads", slug=fair.slug))


@bp.route("/fairs/<slug>/leads/questions", methods=["POST"])
@login_required
def set_questions(slug: str):
    """Replace the organization's short questions."""
    fair = load_fair(slug)
    organization = _collector(fair)
    form = LeadQuestionsForm()
    if form.validate_on_submit():
        try:
            scanning.set_questions(db.session, fair, organization, (form.questions.data or "").splitlines())
        except DomainError as error:
            db.session.rollback()
            flash(str(error), "error")
            return redirect(url_for("leads.list_leads", slug=fair.slug)), 303
        db.session.commit()
        flash(_("Questions saved."), "success")
    else:
        flash(_("Keep your questions shorter."), "error")
    return redirect(url_for("leads.list_leads", slug=fair.slug))


@bp.route("/fairs/<slug>/lead-scanning", methods=["POST"])
@login_required
def set_lead_scanning(slug: str):
    """The organizer allows or stops lead scanning at the fair."""
    fair = load_managed_fair(slug)
    form = LeadScanningForm()
    if not form.validate_on_submit():
        abort(422)
    scanning.set_enabled(db.session, fair, form.enabled.data, actor=current_user)
    db.session.commit()
    flash(_("Lead scanning is on.") if form.enabled.data else _("Lead scanning is off."), "success")
    return redirect(url_for("fair_dashboard.show_dashboard", slug=fair.slug))


@bp.route("/account/lead-sharing", methods=["GET", "POST"])
@login_required
def edit_consent():
    """Whether scanning the person's badge shares their details; every change is recorded with its wording."""
    current = consent.get_consent(db.session, current_user)
    form = LeadConsentForm(shares=current.shares if current else False)
    if form.validate_on_submit():
        consent.record_consent(db.session, shares=form.shares.data, language=str(get_locale()), user=current_user)
        db.session.commit()
        flash(_("Your choice is saved."), "success")
        return redirect(url_for("leads.edit_consent"))
    return render_template(
        "leads/consent_edit.html", form=form, current=current, wording=consent.wording_in(str(get_locale()))
    )
