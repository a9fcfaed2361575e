"""The invoice register for the accounting system: a CSV in UTF-8 with a BOM (so Excel reads it as UTF-8), one
row per invoice or credit note and tax rate."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from eventsys.models import Invoice
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


def register_rows(documents: Iterable[Invoice]) -> Iterator[tuple]:
    """One row per document and tax rate, in the order of HEADER (numbers as numbers, dates as dates)."""
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
