"""Routes of the invoices blueprint: the issuer form, the finance list and register, payments, and the PDFs."""

from __future__ import annotations

import io

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from eventsys.access import load_fair
from eventsys.extensions import db
from eventsys.forms import show_refusal
from eventsys.invoices.forms import (
    DueDateForm,
    IssuerForm,
    PaymentForm,
    PriceCorrectionForm,
    RefundForm,
    StatementImportForm,
)
from eventsys.models import BoothBooking, DuePart, Fair, Invoice, PriceEntry, utcnow
from eventsys.services import permissions, spreadsheets
from eventsys.services.booths.floor_plan_csv import ImportRejected
from eventsys.services.errors import DomainError
from eventsys.services.invoices import bank_import, corrections, due_dates, issuers, issuing, payments, refunds
from eventsys.services.invoices.register import register_csv, register_xlsx
from eventsys.services.invoices.render import document_number, render_invoice

bp = Blueprint("invoices", __name__)

#: How an invoice's state reads on pages.
STATE_LABELS = {
    payments.PaymentState.OPEN: _l("open"),
    payments.PaymentState.PART_PAID: _l("part paid"),
    payments.PaymentState.PAID: _l("paid"),
    payments.PaymentState.OVERDUE: _l("overdue"),
    payments.PaymentState.CREDITED: _l("credited"),
}


#: How the parts of an invoice read beside their due date.
DUE_PART_LABELS = {DuePart.DEPOSIT: _l("deposit"), DuePart.BALANCE: _l("balance")}


@bp.app_template_global()
def due_part_label(part: DuePart) -> str:
    return str(DUE_PART_LABELS[part])


@bp.app_template_global()
def invoice_state_label(state: payments.PaymentState) -> str:
    return str(STATE_LABELS[state])


def load_finance_fair(slug: str) -> Fair:
    """The fair, if the current user handles its finance (owners included): 404 unknown, 403 for anyone else."""
    fair = load_fair(slug)
    if not permissions.handles_finance(current_user, fair):
        abort(403)
    return fair


def load_finance_invoice(invoice_id: int) -> Invoice:
    """An invoice of a fair whose finance the current user handles; 404 for everybody else."""
    invoice = db.session.get(Invoice, invoice_id)
    if invoice is None or not permissions.handles_finance(current_user, db.session.get(Fair, invoice.fair_id)):
        abort(404)
    return invoice


def load_visible_invoice(invoice_id: int) -> Invoice:
    """An invoice of the current user's company, or of a fair whose finance they handle; 404 for everybody else."""
    invoice = db.session.get(Invoice, invoice_id)
    if invoice is None:
        abort(404)
    own = permissions.is_member(current_user, invoice.organization_id)
    if not own and not permissions.handles_finance(current_user, db.session.get(Fair, invoice.fair_id)):
        abort(404)
    return invoice


def today(fair: Fair):
    return issuing.local_date(utcnow(), fair)


@bp.app_template_global("document_number")
def document_number_global(invoice: Invoice) -> str:
    """INV-000001 / CN-000002, as on the PDFs and in the mails."""
    return document_number(invoice)


@bp.app_template_global()
def booking_invoices(booking: BoothBooking) -> list[payments.Standing | Invoice]:
    """The booking's invoices with what is owed and paid, then its credit notes, for the booking page."""
    documents = [d for d in payments.organization_documents(db.session, booking.fair_id, booking.organization_id)]
    documents = [d for d in documents if d.booking_id == booking.id]
    return payments.standings(db.session, documents, today(booking.booth.fair)) + [
        d for d in documents if d.original_id is not None
    ]


@bp.route("/organizer/fairs/<slug>/invoicing", methods=["GET", "POST"])
@login_required
def edit_issuer(slug: str):
    """The fair's issuer: legal name and address in both scripts, registration number, bank, terms, schedule."""
    fair = load_finance_fair(slug)
    issuer = issuing.get_issuer(db.session, fair.id)
    form = IssuerForm(obj=issuer) if issuer is not None else IssuerForm(deposit_due_days=14, balance_due_days=30)
    if form.validate_on_submit():
        details = issuers.IssuerDetails(
            **{name: form[name].data for name in issuers.IssuerDetails.__dataclass_fields__ if name != "price_entry"},
            price_entry=PriceEntry(form.price_entry.data),
        )
        try:
            issuers.save_issuer(db.session, fair, details, actor=current_user)
        except DomainError as error:
            db.session.rollback()
            show_refusal(form, error)
        else:
            db.session.commit()
            flash(_("Invoicing settings saved."), "success")
            return redirect(url_for("invoices.edit_issuer", slug=fair.slug)), 303
    status = 422 if form.is_submitted() else 200
    return render_template("invoices/issuer_edit.html", fair=fair, form=form, issuer=issuer), status


@bp.route("/organizer/fairs/<slug>/invoices")
@login_required
def list_invoices(slug: str):
    """The finance list: every invoice with its standing, filtered by state; the credit notes below."""
    fair = load_finance_fair(slug)
    state = request.args.get("state") or ""
    if state and state not in payments.FILTERS:
        abort(400)
    documents = payments.fair_documents(db.session, fair)
    rows = payments.filter_standings(payments.standings(db.session, documents, today(fair)), state)
    notes = [d for d in documents if d.original_id is not None]
    return render_template(
        "invoices/invoice_list.html",
        fair=fair,
        rows=rows,
        notes=notes,
        state=state,
        states=list(payments.PaymentState),
        to_refund=payments.TO_REFUND,
        import_form=StatementImportForm(),
    )


@bp.route("/organizer/fairs/<slug>/invoices/import", methods=["POST"])
@login_required
def import_statement(slug: str):
    """Match a bank statement CSV to open invoices: all or nothing, bad rows listed; the rest listed to decide."""
    fair = load_finance_fair(slug)
    form = StatementImportForm()
    problems: list[tuple[int, str]] = []
    if form.validate_on_submit():
        try:
            result = bank_import.import_statement(
                db.session, fair, form.file.data.read(), actor=current_user, today=today(fair)
            )
        except ImportRejected as error:
            db.session.rollback()
            problems = error.problems
            form.file.errors = [str(error)]
        else:
            db.session.commit()
            return render_template("invoices/import_result.html", fair=fair, result=result, form=form, problems=[])
    page = render_template("invoices/import_result.html", fair=fair, result=None, form=form, problems=problems)
    return page, 422


@bp.route("/organizer/fairs/<slug>/invoices.csv")
@login_required
def export_register(slug: str):
    """The register for the accounting system, one row per document and tax rate (UTF-8 with a BOM)."""
    fair = load_finance_fair(slug)
    body = register_csv(payments.fair_documents(db.session, fair))
    disposition = f'attachment; filename="invoices-{fair.slug}.csv"'
    return Response(body, mimetype=spreadsheets.CSV_MIMETYPE, headers={"Content-Disposition": disposition})


@bp.route("/organizer/fairs/<slug>/invoices.xlsx")
@login_required
def export_register_xlsx(slug: str):
    """The same register as an Excel workbook, one row per document and tax rate."""
    fair = load_finance_fair(slug)
    body = register_xlsx(payments.fair_documents(db.session, fair))
    disposition = f'attachment; filename="invoices-{fair.slug}.xlsx"'
    return Response(body, mimetype=spreadsheets.XLSX_MIMETYPE, headers={"Content-Disposition": disposition})


@bp.route("/organizer/invoices/<int:invoice_id>", methods=["GET", "POST"])
@login_required
def show_invoice(invoice_id: int):
    """One invoice for finance staff: its amounts, its payments, and the form to record one."""
    invoice = load_finance_invoice(invoice_id)
    fair = db.session.get(Fair, invoice.fair_id)
    form = PaymentForm()
    if request.method == "POST":
        if form.validate_on_submit():
            try:
                payments.record_payment(
                    db.session,
                    invoice,
                    paid_on=form.paid_on.data,
                    amount_jpy=form.amount_jpy.data,
                    method=form.method.data,
                    reference=form.reference.data or "",
                    actor=current_user,
                )
            except DomainError as error:
                db.session.rollback()
                show_refusal(form, error)
                return _invoice_page(invoice, fair, form), error.status
            db.session.commit()
            flash(_("Payment recorded."), "success")
            return redirect(url_for("invoices.show_invoice", invoice_id=invoice.id)), 303
        return _invoice_page(invoice, fair, form), 422
    return _invoice_page(invoice, fair, form)


def _invoice_page(
    invoice: Invoice,
    fair: Fair,
    form: PaymentForm | None = None,
    due_form: DueDateForm | None = None,
    price_form: PriceCorrectionForm | None = None,
    refund_form: RefundForm | None = None,
) -> str:
    standing = next(iter(payments.standings(db.session, [invoice], today(fair))), None)
    return render_template(
        "invoices/invoice_show.html",
        invoice=invoice,
        fair=fair,
        form=form or PaymentForm(formdata=None),
        due_form=due_form or DueDateForm(formdata=None),
        price_form=price_form or PriceCorrectionForm(formdata=None),
        refund_form=refund_form or _blank_refund_form(standing, fair),
        standing=standing,
        extensions=due_dates.extensions(db.session, invoice),
        number=document_number,
    )


def _blank_refund_form(standing: payments.Standing | None, fair: Fair) -> RefundForm:
    """The refund form offering the whole excess, refunded today (its fields prefixed: the payment form's are alike)."""
    excess = standing.excess_jpy if standing is not None else None
    return RefundForm(formdata=None, prefix="refund", amount_jpy=excess or None, refunded_on=today(fair))


@bp.route("/organizer/invoices/<int:invoice_id>/due-date", methods=["POST"])
@login_required
def extend_due_date(invoice_id: int):
    """Move the deposit's or the balance's due date later, with a reason (audited)."""
    invoice = load_finance_invoice(invoice_id)
    fair = db.session.get(Fair, invoice.fair_id)
    form = DueDateForm()
    if not form.validate_on_submit():
        return _invoice_page(invoice, fair, due_form=form), 422
    try:
        due_dates.extend_due_date(
            db.session,
            invoice,
            DuePart(form.part.data),
            form.due_on.data,
            reason=form.reason.data,
            actor=current_user,
            today=today(fair),
        )
    except DomainError as error:
        db.session.rollback()
        show_refusal(form, error)
        return _invoice_page(invoice, fair, due_form=form), error.status
    db.session.commit()
    flash(_("Due date extended."), "success")
    return redirect(url_for("invoices.show_invoice", invoice_id=invoice.id)), 303


@bp.route("/organizer/invoices/<int:invoice_id>/refund", methods=["POST"])
@login_required
def record_refund(invoice_id: int):
    """Record money paid back to the buyer: at most what it paid beyond what it owes."""
    invoice = load_finance_invoice(invoice_id)
    fair = db.session.get(Fair, invoice.fair_id)
    form = RefundForm(prefix="refund")
    if not form.validate_on_submit():
        return _invoice_page(invoice, fair, refund_form=form), 422
    try:
        refunds.record_refund(
            db.session,
            invoice,
            refunded_on=form.refunded_on.data,
            amount_jpy=form.amount_jpy.data,
            method=form.method.data,
            reference=form.reference.data or "",
            actor=current_user,
            today=today(fair),
        )
    except DomainError as error:
        db.session.rollback()
        show_refusal(form, error)
        return _invoice_page(invoice, fair, refund_form=form), error.status
    db.session.commit()
    flash(_("Refund recorded."), "success")
    return redirect(url_for("invoices.show_invoice", invoice_id=invoice.id)), 303


@bp.route("/organizer/invoices/<int:invoice_id>/correction", methods=["POST"])
@login_required
def correct_price(invoice_id: int):
    """A corrected booth price: a credit note for this invoice and a new invoice, both mailed to the startup."""
    invoice = load_finance_invoice(invoice_id)
    fair = db.session.get(Fair, invoice.fair_id)
    form = PriceCorrectionForm()
    if not form.validate_on_submit():
        return _invoice_page(invoice, fair, price_form=form), 422
    try:
        new = corrections.correct_price(
            db.session, invoice, form.price_jpy.data, reason=form.reason.data, actor=current_user
        )
    except DomainError as error:
        db.session.rollback()
        show_refusal(form, error)
        return _invoice_page(invoice, fair, price_form=form), error.status
    db.session.commit()
    flash(
        _("Invoice %(number)s credited and %(new)s issued.", number=document_number(invoice), new=document_number(new))
    )
    return redirect(url_for("invoices.show_invoice", invoice_id=new.id)), 303


@bp.route("/invoices/<int:invoice_id>.pdf")
@login_required
def download_invoice(invoice_id: int):
    """The invoice or credit note as a PDF, for the company's members and the fair's finance staff."""
    invoice = load_visible_invoice(invoice_id)
    pdf = render_invoice(invoice)
    return send_file(
        io.BytesIO(pdf), mimetype="application/pdf", download_name=f"{document_number(invoice)}.pdf", as_attachment=True
    )
