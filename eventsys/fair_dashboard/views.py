"""Routes of the fair_dashboard blueprint: a fair's figures and charts, their downloads, and its audit log."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from eventsys.access import load_fair, load_managed_fair, organizer_required
from eventsys.downloads import attachment
from eventsys.extensions import db
from eventsys.fair_dashboard.forms import AuditFilterForm
from eventsys.leads.forms import LeadScanningForm
from eventsys.models import Fair, MeetingStatus, utcnow
from eventsys.services import permissions, spreadsheets
from eventsys.services.fairs import fair_audit, fair_report, report_charts, report_tables
from eventsys.services.fairs.report_tables import ReportTable
from eventsys.services.invoices import issuing, payments
from eventsys.services.leads import scanning as lead_scanning

bp = Blueprint("fair_dashboard", __name__, url_prefix="/organizer")
#: The audit log download's headings.
AUDIT_COLUMNS = (_l("When"), _l("Action"), _l("Subject"), _l("By user"), _l("Details"))


@bp.route("/fairs/<slug>/dashboard")
@organizer_required
def show_dashboard(slug: str):
    """Booths sold, exhibitors, applications, investors, meetings and check-ins of one fair, charted and tabled,
    with the invoice figures for those who handle its finance. Finance staff who do not manage the fair get only
    the invoice figures (permissions.handles_finance); everybody else 403."""
    fair = load_fair(slug)
    manages, finance_role = (
        permissions.manages_fair(current_user, fair),
        permissions.handles_finance(current_user, fair),
    )
    if not manages and not finance_role:
        abort(403)
    finance = None
    if finance_role and issuing.get_issuer(db.session, fair.id) is not None:
        finance = payments.finance_figures(db.session, fair, issuing.local_date(utcnow(), fair))
    if not manages:
        return render_template("fair_dashboard/dashboard_finance.html", fair=fair, finance=finance)
    dashboard = fair_report.get_fair_dashboard(db.session, fair, no_shows_allowed=_no_shows_allowed())
    return render_template(
        "fair_dashboard/dashboard_show.html",
        fair=fair,
        dashboard=dashboard,
        finance=finance,
        tables=report_tables.get_tables(dashboard),
        charts=report_charts.get_charts(dashboard),
        statuses=MeetingStatus,
        lead_counts=lead_scanning.get_lead_counts(db.session, fair),
        lead_scanning_form=LeadScanningForm(enabled=lead_scanning.is_enabled(db.session, fair)),
    )


@bp.route("/fairs/<slug>/dashboard/<table>.csv")
@organizer_required
def export_table_csv(slug: str, table: str):
    """One table of the dashboard as CSV (UTF-8 with a BOM, for Excel)."""
    fair, found = _load_table(slug, table)
    data = spreadsheets.table_csv(found.columns, found.rows)
    return attachment(data, spreadsheets.CSV_MIMETYPE, f"{fair.slug}-{found.key}.csv")


@bp.route("/fairs/<slug>/dashboard/<table>.xlsx")
@organizer_required
def export_table_xlsx(slug: str, table: str):
    """One table of the dashboard as an Excel workbook."""
    fair, found = _load_table(slug, table)
    data = spreadsheets.table_xlsx(found.title, found.columns, found.rows)
    return attachment(data, spreadsheets.XLSX_MIMETYPE, f"{fair.slug}-{found.key}.xlsx")


def _load_table(slug: str, key: str) -> tuple[Fair, ReportTable]:
    """The fair (404/403 as for the dashboard) and its table named `key`; 404 for a table there is not."""
    fair = load_managed_fair(slug)
    if key not in report_tables.TABLE_KEYS:
        abort(404)
    return fair, report_tables.get_tables(
        fair_report.get_fair_dashboard(db.session, fair, no_shows_allowed=_no_shows_allowed())
    )[key]


@bp.route("/fairs/<slug>/audit")
@organizer_required
def show_audit_log(slug: str):
    """The fair's audit log with actors' names, filtered by action, actor and days, a page at a time."""
    fair = load_managed_fair(slug)
    form = _audit_form(fair)
    if not form.validate():
        return _audit_page(fair, form, None), 422
    page = fair_audit.get_audit_page(
        db.session,
        fair,
        current_user,
        form.filters(),
        page=form.page.data or 1,
        per_page=form.per_page.data or fair_audit.DEFAULT_PER_PAGE,
    )
    return _audit_page(fair, form, page)


def _audit_page(fair: Fair, form: AuditFilterForm, page: fair_audit.AuditPage | None) -> str:
    # The filters again for the pager and the download; never the path's own variable, nor the page.
    query_args = {key: values for key, values in request.args.lists() if key not in ("slug", "page")}
    return render_template(
        "fair_dashboard/audit_log_show.html",
        fair=fair,
        form=form,
        page=page,
        query_args=query_args,
        describe_details=fair_audit.describe_details,
        max_per_page=fair_audit.MAX_PER_PAGE,
    )


@bp.route("/fairs/<slug>/audit.csv")
@organizer_required
def export_audit_log(slug: str):
    """The entries the filters match as CSV, newest first."""
    fair = load_managed_fair(slug)
    form = _audit_form(fair)
    if not form.validate():
        return _audit_page(fair, form, None), 422
    lines = fair_audit.get_audit_lines(db.session, fair, current_user, form.filters())
    columns = [str(c) for c in AUDIT_COLUMNS]
    rows = fair_audit.audit_rows(lines, fair)
    return attachment(spreadsheets.table_csv(columns, rows), spreadsheets.CSV_MIMETYPE, f"{fair.slug}-audit.csv")


def _audit_form(fair: Fair) -> AuditFilterForm:
    form = AuditFilterForm(formdata=request.args)
    form.set_actions(fair_audit.get_audit_actions(db.session, fair))
    return form


def _no_shows_allowed() -> int:
    return int(current_app.config["MEETING_NO_SHOWS_ALLOWED"])
