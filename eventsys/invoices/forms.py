"""Forms of the invoices blueprint."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import DateField, IntegerField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from eventsys.models import DuePart, PriceEntry


class IssuerForm(FlaskForm):
    """Who issues the fair's invoices, and on what terms."""

    legal_name = StringField(_l("Legal name (Latin script)"), validators=[DataRequired(), Length(max=200)])
    legal_name_local = StringField(_l("Legal name (Japanese)"), validators=[DataRequired(), Length(max=200)])
    address = TextAreaField(_l("Address (Latin script)"), validators=[DataRequired(), Length(max=300)])
    address_local = TextAreaField(_l("Address (Japanese)"), validators=[DataRequired(), Length(max=300)])
    registration_number = StringField(
        _l("Qualified invoice issuer registration number"), validators=[DataRequired(), Length(max=40)]
    )
    bank_account = TextAreaField(_l("Bank account for transfers"), validators=[DataRequired(), Length(max=300)])
    payment_terms = StringField(_l("Payment terms"), validators=[DataRequired(), Length(max=300)])
    contact = StringField(_l("Contact person"), validators=[DataRequired(), Length(max=200)])
    price_entry = SelectField(
        _l("Prices are entered"),
        choices=[
            SelectChoice(PriceEntry.TAX_EXCLUDED.value, _l("excluding consumption tax")),
            SelectChoice(PriceEntry.TAX_INCLUDED.value, _l("including consumption tax")),
        ],
    )
    deposit_percent = IntegerField(
        _l("Deposit (percent of the total; 0 for payment in full)"),
        validators=[InputRequired(), NumberRange(min=0, max=100)],
        default=0,
    )
    deposit_due_days = IntegerField(
        _l("First payment due (days after the invoice)"), validators=[InputRequired(), NumberRange(min=0, max=365)]
    )
    balance_due_days = IntegerField(
        _l("Balance due (days before the fair)"), validators=[InputRequired(), NumberRange(min=0, max=365)]
    )
    grace_days = IntegerField(
        _l("Release an unpaid booking (days after a missed due date)"),
        validators=[InputRequired(), NumberRange(min=0, max=365)],
        default=7,
    )


#: The ways money is paid and paid back (payments.METHODS), as the forms read them.
METHOD_CHOICES = [
    SelectChoice("bank_transfer", _l("Bank transfer")),
    SelectChoice("card", _l("Card")),
    SelectChoice("cash", _l("Cash")),
    SelectChoice("other", _l("Other")),
]


class PaymentForm(FlaskForm):
    paid_on = DateField(_l("Date received"), validators=[InputRequired()])
    amount_jpy = IntegerField(_l("Amount (yen)"), validators=[InputRequired(), NumberRange(min=1, max=10**10)])
    method = SelectField(_l("Method"), choices=METHOD_CHOICES)
    reference = StringField(_l("Reference (optional)"), validators=[Optional(), Length(max=120)])


class RefundForm(FlaskForm):
    """Money paid back to the buyer: at most what it paid beyond what it owes (the service checks)."""

    refunded_on = DateField(_l("Date refunded"), validators=[InputRequired()])
    amount_jpy = IntegerField(_l("Amount (yen)"), validators=[InputRequired(), NumberRange(min=1, max=10**10)])
    method = SelectField(_l("Method"), choices=METHOD_CHOICES)
    reference = StringField(_l("Reference (optional)"), validators=[Optional(), Length(max=120)])


class StatementImportForm(FlaskForm):
    file = FileField(
        _l("Bank statement CSV (date,amount,payer,reference)"),
        validators=[FileRequired(), FileAllowed(["csv", "txt"], _l("Upload a .csv file."))],
    )


class DueDateForm(FlaskForm):
    """Move a due date later, with the reason (kept in the audit log)."""

    part = SelectField(
        _l("Due date"),
        choices=[
            SelectChoice(DuePart.DEPOSIT.value, _l("Deposit")),
            SelectChoice(DuePart.BALANCE.value, _l("Balance")),
        ],
        default=DuePart.BALANCE.value,
    )
    due_on = DateField(_l("New due date"), validators=[InputRequired()])
    reason = TextAreaField(_l("Reason"), validators=[DataRequired(), Length(max=500)])


class PriceCorrectionForm(FlaskForm):
    """A corrected booth price: a credit note for the invoice, then a new invoice."""

    price_jpy = IntegerField(
        _l("Corrected booth price (yen, as prices are entered)"),
        validators=[InputRequired(), NumberRange(min=0, max=10**10)],
    )
    reason = StringField(_l("Reason (printed on the credit note)"), validators=[DataRequired(), Length(max=300)])
