"""The invoice register for the accounting system: a CSV in UTF-8 with a BOM (so Excel reads it as UTF-8), one
row per invoice or credit note and tax rate."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from eventsys.models import Invoice
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


def register_csv(documents: Iterable[Invoice]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADER)
    for document in documents:
        original = document_number(document.original) if document.original is not None else ""
        for rate in document.rates:
            writer.writerow(
                (
                    document_number(document),
                    document.kind.value,
                    original,
                    document.issue_date.isoformat(),
                    document.transaction_date.isoformat(),
                    _safe(document.buyer_name),
                    document.issuer.registration_number,
                    rate.rate_percent,
                    rate.net_jpy,
                    rate.tax_jpy,
                    rate.gross_jpy,
                    document.total_jpy,
                )
            )
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _safe(text: str) -> str:
    """A cell a spreadsheet will not run as a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text
