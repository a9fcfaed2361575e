"""The invoice register for the accounting system: a CSV in UTF-8 with a BOM (so Excel reads it as UTF-8), one
row per invoice or credit note and tax rate, then one row per refund (money paid back, no tax document of its own:
kind "refund", the invoice it was paid against as `original`, its date, and the amount as a negative total)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from eventsys.models import Invoice, Refund
from eventsys.services import spreadsheets
from eventsys.services.invoices.render import document_number

HEADER = (
    "number",
    "kind",
    "original",
    "issue_date",
    "transaction_date",
    "buyer",
    "registration_number",
    "rate_percent",
    "net_jpy",
    "tax_jpy",
    "gross_jpy",
    "total_jpy",
)


def refund_number(refund: Refund) -> str:
    return f"RF-{refund.id:06d}"


def register_rows(documents: Iterable[Invoice]) -> Iterator[tuple]:
    """One row per document and tax rate, then one per refund by date, in the order of HEADER (numbers as numbers,
    dates as dates)."""
    documents = list(documents)
    yield from _document_rows(documents)
    refunds = sorted(
        ((refund, document) for document in documents for refund in document.refunds),
        key=lambda pair: (pair[0].refunded_on, pair[0].id),
    )
    for refund, invoice in refunds:
        yield (
            refund_number(refund),
            "refund",
            document_number(invoice),
            refund.refunded_on,
            refund.refunded_on,
            invoice.buyer_name,
            invoice.issuer.registration_number,
            None,
            None,
            None,
            None,
            -refund.amount_jpy,
        )


def _document_rows(documents: list[Invoice]) -> Iterator[tuple]:
    for document in documents:
        original = document_number(document.original) if document.original is not None else ""
        for rate in document.rates:
            yield (
                document_number(document),
                document.kind.value,
                original,
                document.issue_date,
                document.transaction_date,
                document.buyer_name,
                document.issuer.registration_number,
                rate.rate_percent,
                rate.net_jpy,
                rate.tax_jpy,
                rate.gross_jpy,
                document.total_jpy,
            )


def register_csv(documents: Iterable[Invoice]) -> bytes:
    return spreadsheets.table_csv(HEADER, register_rows(documents))


def register_xlsx(documents: Iterable[Invoice]) -> bytes:
    """The same register as an Excel workbook: amounts and dates as numbers and dates, text never a formula."""
    return spreadsheets.table_xlsx("invoices", HEADER, register_rows(documents))
