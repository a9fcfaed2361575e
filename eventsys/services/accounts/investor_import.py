"""Organizers import investors from CSV: every row checked, errors listed by row, all or nothing.

One row is one person at a firm; rows with the same firm name make one firm with several people, described by the
firm's first row. An e-mail
address that already has an investor account updates that account and its firm instead of making a second one.
New people get an account without a password and a mail with a link to choose one.
"""

from __future__ import annotations

import csv
import io
import secrets
from dataclasses import dataclass, field

from flask import current_app
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from eventsys.countries import ISO_3166_1
from eventsys.models import (
    Currency,
    InvestorType,
    MemberRole,
    Membership,
    Organization,
    OrganizationKind,
    Region,
    Role,
    Stage,
    User,
    Verification,
    utcnow,
)
from eventsys.services import audit, mail
from eventsys.services.accounts.investors import (
    INVESTOR_KINDS,
    InvestorProfile,
    apply_profile,
    check_ticket_range,
    get_sectors,
)
from eventsys.services.accounts.users import make_reset_token, normalize_email
from eventsys.services.badges.fonts import missing_glyphs
from eventsys.services.errors import DomainError
from eventsys.services.links import external_url

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000
REQUIRED_COLUMNS = ("email", "name", "firm", "type", "country")
OPTIONAL_COLUMNS = (
    "name_local", "firm_local", "city", "website", "sectors", "stages", "regions",
    "ticket_min", "ticket_max", "currency", "thesis", "listed", "show_ticket",
)  # fmt: skip
#: A password hash no password matches: imported people choose theirs from the invitation link.
UNUSABLE_PASSWORD_PREFIX = "!imported:"
_YES, _NO = {"", "yes", "y", "true", "1", "はい"}, {"no", "n", "false", "0", "いいえ"}


@dataclass(frozen=True)
class RowError:
    row: int
    message: str


class ImportRefused(DomainError):
    """The file cannot be imported; `errors` says which rows are wrong and why. Nothing was written."""

    status = 422

    def __init__(self, message: str, errors: list[RowError] | None = None):
        super().__init__(message, field="file")
        self.errors = errors or []


@dataclass
class ImportResult:
    created: list[User] = field(default_factory=list)
    updated: list[User] = field(default_factory=list)
    firms: int = 0


@dataclass
class _Row:
    number: int
    email: str
    name: str
    name_local: str | None
    firm: str
    profile: InvestorProfile


def read_rows(data: bytes) -> list[dict[str, str]]:
    """Decode and split the file, refusing empty, huge, binary and non-UTF-8 files and missing columns."""
    if not data.strip():
        raise ImportRefused(_l("The file is empty."))
    if len(data) > MAX_BYTES:
        raise ImportRefused(
            _l("The file is larger than %(mb)d MB; split it into smaller files.", mb=MAX_BYTES // 2**20)
        )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in data:
        raise ImportRefused(_l("This is not a UTF-8 CSV file (it looks like UTF-16 or binary). Save it as CSV UTF-8."))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportRefused(
            _l(
                "The file is not in UTF-8 (byte %(at)d). Save it as \u201cCSV UTF-8\u201d, not Shift_JIS.",
                at=error.start,
            )
        ) from error
    reader = csv.DictReader(io.StringIO(text, newline=""))
    columns = [c.strip().lower() for c in reader.fieldnames or []]
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if missing:
        raise ImportRefused(_l("The header lacks the columns: %(columns)s", columns=", ".join(missing)))
    reader.fieldnames = columns
    rows = []
    try:
        for row in reader:
            if len(rows) >= MAX_ROWS:
                raise ImportRefused(_l("The file has more than %(count)d rows; split it.", count=MAX_ROWS))
            rows.append({key: (value or "").strip() for key, value in row.items() if isinstance(value, str)})
    except csv.Error as error:
        raise ImportRefused(_l("The file is not valid CSV: %(reason)s", reason=str(error))) from error
    if not rows:
        raise ImportRefused(_l("The file has a header but no rows."))
    return rows


def _code(value: str) -> str:
    return value.strip().lower().replace(" ", "_").replace("-", "_").replace("/", "_")


def _choices(value: str, enum_class, what: str) -> list:
    values = {member.value: member for member in enum_class}
    chosen = []
    for part in filter(None, (p.strip() for p in value.split(";"))):
        if _code(part) not in values:
            raise ValueError(_l("unknown %(what)s \u201c%(value)s\u201d", what=what, value=part))
        chosen.append(values[_code(part)])
    return chosen


def _amount(value: str) -> int | None:
    value = value.replace(",", "").replace("_", "").strip()
    if not value:
        return None
    if not (value.isascii() and value.isdigit()):  # "²" is a digit to str.isdigit, not to int()
        raise ValueError(_l("the ticket size \u201c%(value)s\u201d is not a whole number", value=value))
    return int(value)


def _flag(value: str, column: str) -> bool:
    if value.lower() in _YES:
        return True
    if value.lower() in _NO:
        return False
    raise ValueError(_l("%(column)s must be yes or no", column=column))


def _check_printable(row: dict[str, str]) -> None:
    """Names go on badges: a character no badge font has is refused here, not discovered at printing."""
    for column in ("name", "name_local", "firm", "firm_local"):
        chars = missing_glyphs(row.get(column) or "")
        if chars:
            raise ValueError(
                _l("%(column)s: the badge fonts cannot print %(chars)s", column=column, chars=" ".join(chars))
            )


def _parse_row(number: int, row: dict[str, str], sectors_by_key: dict[str, str], countries: set[str]) -> _Row:
    """One row as a person and firm profile; raises ValueError or InvalidInput with what is wrong."""
    for column in REQUIRED_COLUMNS:
        if not row.get(column):
            raise ValueError(_l("%(column)s is empty", column=column))
    _check_printable(row)
    email = normalize_email(row["email"])
    country = row["country"].upper()
    if country not in countries:
        raise ValueError(_l("\u201c%(value)s\u201d is not an ISO country code such as JP or US", value=row["country"]))
    (investor_type,) = _choices(row["type"], InvestorType, "type") or [None]
    sector_slugs = []
    for part in filter(None, (p.strip() for p in row.get("sectors", "").split(";"))):
        if part.lower() not in sectors_by_key:
            raise ValueError(_l("unknown sector \u201c%(value)s\u201d", value=part))
        sector_slugs.append(sectors_by_key[part.lower()])
    currency_text = row.get("currency", "").upper()
    if currency_text and currency_text not in Currency.__members__:
        raise ValueError(_l("the currency must be JPY or USD"))
    profile = InvestorProfile(
        name=row["firm"][:160],
        name_local=row.get("firm_local") or None,
        country=country,
        investor_type=investor_type,
        city=row.get("city") or None,
        website=row.get("website") or None,
        description=row.get("thesis") or None,
        ticket_min=_amount(row.get("ticket_min", "")),
        ticket_max=_amount(row.get("ticket_max", "")),
        ticket_currency=Currency(currency_text) if currency_text else None,
        sector_slugs=sector_slugs,
        stages=_choices(row.get("stages", ""), Stage, "stage"),
        regions=_choices(row.get("regions", ""), Region, "region"),
        is_listed=_flag(row.get("listed", ""), "listed"),
        shows_ticket_size=_flag(row.get("show_ticket", ""), "show_ticket"),
    )
    check_ticket_range(profile.ticket_min, profile.ticket_max, profile.ticket_currency)
    return _Row(number, email, row["name"][:120], row.get("name_local") or None, profile.name, profile)


def parse(session: Session, data: bytes) -> list[_Row]:
    """Every row checked; one ImportRefused lists all bad rows by their line in the file (the header is line 1)."""
    raw = read_rows(data)
    sectors = get_sectors(session)
    sectors_by_key = {slug: slug for slug in sectors} | {s.name.lower(): slug for slug, s in sectors.items()}
    countries = ISO_3166_1
    rows, errors, seen = [], [], {}
    for number, row in enumerate(raw, start=2):
        try:
            parsed = _parse_row(number, row, sectors_by_key, countries)
        except (ValueError, DomainError) as error:
            errors.append(RowError(number, str(getattr(error, "message", error))))
            continue
        if parsed.email in seen:
            errors.append(RowError(number, str(_l("the e-mail is also on row %(row)d", row=seen[parsed.email]))))
            continue
        seen[parsed.email] = number
        rows.append(parsed)
    if errors:
        raise ImportRefused(_l("%(count)d rows have errors; nothing was imported.", count=len(errors)), errors)
    return rows


def import_investors(session: Session, data: bytes, *, actor: User) -> ImportResult:
    """Create or update the people and firms of a CSV file, all or nothing; new people are mailed on commit."""
    rows = parse(session, data)
    sectors = get_sectors(session)
    users = {
        u.email: u
        for u in session.scalars(
            select(User)
            .where(User.email.in_([r.email for r in rows]))
            .options(selectinload(User.memberships).selectinload(Membership.organization))
        )
    }
    wrong_role = [RowError(r.number, str(_l("this address belongs to a non-investor account"))) for r in rows
                  if r.email in users and users[r.email].role != Role.INVESTOR]  # fmt: skip
    if wrong_role:
        raise ImportRefused(_l("%(count)d rows have errors; nothing was imported.", count=len(wrong_role)), wrong_role)
    firms = _existing_firms(session, {r.firm.lower() for r in rows})
    result, now, profiled = ImportResult(), utcnow(), set()
    for row in rows:
        user = users.get(row.email)
        firm = user.organization if user is not None and user.organization is not None else None
        firm = firm or firms.get(row.firm.lower())
        if firm is None:
            firm = Organization(kind=_kind(row.profile.investor_type), verification=Verification.PENDING)
            session.add(firm)
        firms[row.firm.lower()] = firm
        if id(firm) not in profiled:  # the firm's first row describes it; later rows add its people
            apply_profile(firm, row.profile, sectors)
            profiled.add(id(firm))
        if firm.verification == Verification.PENDING:
            firm.verification, firm.verification_decided_at, firm.verification_decided_by_id = (
                Verification.VERIFIED, now, actor.id
            )  # fmt: skip
        if user is None:
            user = User(
                email=row.email, role=Role.INVESTOR, password_hash=UNUSABLE_PASSWORD_PREFIX + secrets.token_hex(16)
            )
            session.add(user)
            session.add(Membership(user=user, organization=firm, role=MemberRole.MEMBER))
            result.created.append(user)
        else:
            result.updated.append(user)
            if user.organization is None:
                session.add(Membership(user=user, organization=firm, role=MemberRole.MEMBER))
        user.name, user.name_local = row.name, row.name_local
    session.flush()
    result.firms = len({id(f) for f in firms.values()})
    audit.record(
        session, "investor.import", actor, actor=actor, created=len(result.created), updated=len(result.updated)
    )
    for user in result.created:
        _mail_welcome(session, user)
    return result


def _mail_welcome(session: Session, user: User) -> None:
    """Queue a new person's link to choose a password (the reset link, with the welcome page's longer life)."""
    link = external_url("investors.welcome", token=make_reset_token(user, current_app.config["SECRET_KEY"]))
    with mail.in_language_of(user):
        subject = gettext("Your eventsys invitation")
        text = gettext(
            "Hello %(name)s,\n\nthe organizers have registered you on eventsys for %(firm)s.\n"
            "Choose your password here (the link works for 14 days, once):\n%(link)s\n",
            name=user.name,
            firm=user.organization.name,
            link=link,
        )
    mail.send_after_commit(session, user.email, subject, text)


def _kind(investor_type: InvestorType) -> OrganizationKind:
    if investor_type == InvestorType.CORPORATE_PARTNER:
        return OrganizationKind.CORPORATE_PARTNER
    return OrganizationKind.INVESTOR_FIRM


def _existing_firms(session: Session, lower_names: set[str]) -> dict[str, Organization]:
    firms = session.scalars(
        select(Organization).where(
            Organization.kind.in_(INVESTOR_KINDS), func.lower(Organization.name).in_(lower_names)
        )
    )
    return {firm.name.lower(): firm for firm in firms}
