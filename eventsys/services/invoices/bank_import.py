"""Bank statement CSV import: each row (date, amount, payer, reference) is matched to an open invoice of the fair,
by reference first (the invoice number in the transfer's reference), then by amount and normalised payer name.

Payer names as banks give them are often half-width katakana (ｶ)ｻﾝﾌﾟﾙ) in the characters of the
Zengin network, which has no small kana and writes the long vowel as a hyphen (ｼﾖﾂﾌﾟ: ショップ, ｻ-ﾋﾞｽ: サービス).
Names are compared after NFKC (which makes them full-width), case folding, small kana made large, long-vowel marks
dropped, and spaces, punctuation and legal-form marks (カ) ユ) ド) and the like, or spelled out) dropped. A Zengin
transfer has no field of its own for a reference, so payers often type the invoice number before their name: a
number is looked for in the reference, then in the payer's name, with or without its hyphen (INV000012).
Only a row that pays exactly what an invoice owes is recorded; partial payments, overpayments and unmatched rows
are listed for a person to decide. The import is all or nothing: a file with any bad row records nothing and lists
the rows.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from eventsys.models import Fair, Organization, User
from eventsys.services.booths.floor_plan_csv import ImportRejected
from eventsys.services.invoices import payments
from eventsys.services.invoices.render import document_number

COLUMNS = ("date", "amount", "payer", "reference")
#: Legal forms written out, and the marks a bank prefixes or suffixes (after NFKC and making small kana large):
#: カ) or (カ for 株式会社, ユ 有限会社, ド 合同会社, メ 合名会社, シ 合資会社,
#: イ 医療法人, ザイ 財団法人, シヤ 社団法人.
_LEGAL_FORMS = re.compile(
    r"株式会社|有限会社|合同会社|合名会社|合資会社|\([株有]\)"
    r"|カブシキガイシヤ|カブシキカイシヤ|ユウゲンガイシヤ|ゴウドウガイシヤ"
    r"|\((?:カ|ユ|ド|メ|シ|イ|ザイ|シヤ)\)?|(?:カ|ユ|ド|メ|シ|イ|ザイ|シヤ)\)"
)
#: Small kana as the Zengin character set writes them (large), and the long-vowel mark it writes as a hyphen.
_ZENGIN_KANA = str.maketrans("ァィゥェォッャュョヮヵヶ", "アイウエオツヤユヨワカケ", "ー")
#: Latin ones only as words of their own, before the spaces go: "Twin Co., Ltd." is not "tw" + "inc" + "o".
_LATIN_LEGAL_FORMS = re.compile(r"\b(?:co\.?\s*,?\s*ltd|inc|llc)\b\.?")


def normalise_name(name: str) -> str:
    text = _LATIN_LEGAL_FORMS.sub("", unicodedata.normalize("NFKC", name).casefold().translate(_ZENGIN_KANA))
    text = _LEGAL_FORMS.sub("", re.sub(r"\s", "", text))
    return "".join(c for c in text if unicodedata.category(c)[0] in "LN")


@dataclass(frozen=True)
class StatementRow:
    row: int
    paid_on: date
    amount_jpy: int
    payer: str
    reference: str


@dataclass
class ImportResult:
    matched: list[tuple[StatementRow, str]] = field(default_factory=list)
    to_decide: list[tuple[StatementRow, str]] = field(default_factory=list)


def parse(content: bytes) -> list[StatementRow]:
    """The rows of a statement (UTF-8, a BOM allowed), or ImportRejected listing every bad row."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportRejected([(1, str(_l("The file is not UTF-8 text.")))]) from error
    reader = csv.DictReader(io.StringIO(text))
    if reader.fieldnames is None or [name.strip().lower() for name in reader.fieldnames] != list(COLUMNS):
        raise ImportRejected([(1, str(_l("The header must be: %(columns)s", columns=",".join(COLUMNS))))])
    rows, problems = [], []
    for number, record in enumerate(reader, start=2):
        try:
            rows.append(_row(number, record))
        except ValueError:
            problems.append((number, str(_l("A date (YYYY-MM-DD) and a positive whole amount of yen are needed."))))
    if problems:
        raise ImportRejected(problems)
    return rows


def _row(number: int, record: dict[str, str | None]) -> StatementRow:
    values = {key.strip().lower(): (value or "").strip() for key, value in record.items() if key is not None}
    amount = int(unicodedata.normalize("NFKC", values["amount"]).replace(",", "").replace("¥", ""))
    if amount <= 0:
        raise ValueError(amount)
    return StatementRow(number, date.fromisoformat(values["date"]), amount, values["payer"], values["reference"])


#: An invoice number as it appears in a transfer's reference or payer name (after NFKC and upper-casing), with its
#: hyphen, another dash, a space or nothing between the letters and the digits.
_NUMBER = re.compile(r"INV[\s\-‐‑–—−ー]?(\d{6,})")


@dataclass
class _OpenInvoices:
    """The fair's open invoices with what each owes, looked up by number and by normalised name (built once)."""

    owed: dict[int, int]
    by_number: dict[str, payments.Standing]
    by_name: dict[str, list[payments.Standing]]


def _open_invoices(session: Session, fair: Fair, today: date) -> _OpenInvoices:
    standings = [s for s in payments.standings(session, payments.fair_documents(session, fair), today) if s.owed_jpy]
    organizations = {
        o.id: o
        for o in session.scalars(
            select(Organization).where(Organization.id.in_({s.invoice.organization_id for s in standings}))
        )
    }
    by_name: dict[str, list[payments.Standing]] = {}
    for standing in standings:
        organization = organizations[standing.invoice.organization_id]
        names = {standing.invoice.buyer_name, organization.name, organization.name_local or ""}
        for name in {normalise_name(name) for name in names if name}:
            if name:
                by_name.setdefault(name, []).append(standing)
    return _OpenInvoices(
        owed={s.invoice.id: s.owed_jpy for s in standings},
        by_number={document_number(s.invoice): s for s in standings},
        by_name=by_name,
    )


def import_statement(session: Session, fair: Fair, content: bytes, *, actor: User, today: date) -> ImportResult:
    """Record every row that pays exactly what one open invoice owes; list the others for a person to decide."""
    rows = parse(content)
    found = _open_invoices(session, fair, today)
    result = ImportResult()
    for row in rows:
        standing, why = _match(row, found)
        if standing is None:
            result.to_decide.append((row, why))
            continue
        payments.add_payment(
            session, standing.invoice, paid_on=row.paid_on, amount_jpy=row.amount_jpy, method="bank_transfer",
            reference=row.reference or row.payer, actor=actor,
        )  # fmt: skip
        found.owed[standing.invoice.id] -= row.amount_jpy
        result.matched.append((row, document_number(standing.invoice)))
    session.flush()  # every payment and its audit entry at once: matching reads only `found`, never the database
    return result


def _upper(text: str) -> str:
    return unicodedata.normalize("NFKC", text).upper()


def _match(row: StatementRow, found: _OpenInvoices):
    """(standing, "") for a row that pays an invoice in full, else (None, the reason a person must decide)."""
    owed = found.owed
    numbers = [f"INV-{digits}" for field in (row.reference, row.payer) for digits in _NUMBER.findall(_upper(field))]
    by_reference = [
        found.by_number[number]
        for number in numbers
        if number in found.by_number and owed[found.by_number[number].invoice.id]
    ]
    if by_reference:
        standing = by_reference[0]
        if row.amount_jpy == owed[standing.invoice.id]:
            return standing, ""
        kind = _l("partial payment") if row.amount_jpy < owed[standing.invoice.id] else _l("overpayment")
        return None, f"{kind}: {document_number(standing.invoice)}"
    payer = normalise_name(_NUMBER.sub("", _upper(row.payer)))
    candidates = [s for s in found.by_name.get(payer, []) if owed[s.invoice.id] == row.amount_jpy] if payer else []
    if len(candidates) == 1:
        return candidates[0], ""
    return None, str(_l("several invoices match") if candidates else _l("no open invoice matches"))
