"""Factories and readers for the badge tests: people of every role at a fair, and PDFs read back."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from eventsys.models import (
    BookingStatus,
    BoothBooking,
    Fair,
    OrganizationKind,
    Role,
    User,
    Verification,
    utcnow,
)
from tests.conftest import create_booth, create_booth_type, create_hall, create_organization, create_user

#: Names in every script the badges must print.
NAMES = [
    ("Taro Yamada", "山田 太郎"),
    ("Kim Min-jun", "김민준"),
    ("Zhang Wei", "张伟"),
    ("Zoë Ørsted-Łukasiewicz", None),
    ("François Gonçalves-Müller", None),
]


def staff_fair(db, organizer: User, **fields) -> Fair:
    """A fair organized by `organizer`'s organization."""
    from tests.conftest import create_fair

    return create_fair(db, organizer_id=organizer.organization.id, **fields)


def tokyo_today() -> date:
    """Today in the zone of the test fairs (Asia/Tokyo)."""
    return datetime.now(ZoneInfo("Asia/Tokyo")).date()


def running_fair(db, organizer: User, **fields) -> Fair:
    """A fair of `organizer`'s organization that runs from yesterday to tomorrow, so its badges admit people now."""
    today = tokyo_today()
    fields = {"starts_on": today - timedelta(days=1), "ends_on": today + timedelta(days=1), **fields}
    return staff_fair(db, organizer, **fields)


def book_booth(db, fair: Fair, user: User, status: BookingStatus = BookingStatus.CONFIRMED) -> BoothBooking:
    """A booking of a new booth at `fair` by `user`'s organization."""
    hall = create_hall(db, fair)
    booth = create_booth(db, hall, create_booth_type(db, fair))
    booking = BoothBooking(
        fair_id=fair.id,
        booth_id=booth.id,
        organization_id=user.organization.id,
        status=status,
        held_until=utcnow() if status == BookingStatus.HELD else None,
        confirmed_at=utcnow() if status == BookingStatus.CONFIRMED else None,
    )
    db.add(booking)
    db.flush()
    return booking


def exhibitor(db, fair: Fair, name: str, name_local: str | None = None, country: str = "JP") -> User:
    """A startup member whose company has a confirmed booth at `fair`."""
    organization = create_organization(db, OrganizationKind.STARTUP, country=country)
    user = create_user(db, Role.STARTUP, organization=organization, name=name, name_local=name_local)
    book_booth(db, fair, user)
    return user


def investor_in(db, verification: Verification = Verification.VERIFIED, **fields) -> User:
    firm = create_organization(db, OrganizationKind.INVESTOR_FIRM, verification=verification)
    return create_user(db, Role.INVESTOR, organization=firm, **fields)


def partner_member(db, **fields) -> User:
    company = create_organization(db, OrganizationKind.CORPORATE_PARTNER)
    return create_user(db, Role.INVESTOR, organization=company, **fields)


def pdf_text(pdf: bytes) -> str:
    """Every page's extracted text, whitespace removed, so runs split across fonts compare whole."""
    import io

    from pypdf import PdfReader

    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    return "".join(text.split())


def raster_pages(pdf: bytes, folder: Path, dpi: int = 300) -> list[Path]:
    """The PDF's pages as greyscale PNGs by poppler's pdftoppm."""
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (Debian poppler-utils) is not installed")
    source = folder / "badges.pdf"
    source.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-png", str(source), str(folder / "page")], check=True)
    return sorted(folder.glob("page*.png"))


def read_qr_codes(png: Path):
    """The QR codes zxing-cpp finds on one rasterised page."""
    zxingcpp = pytest.importorskip("zxingcpp", reason="zxing-cpp (PyPI) decodes the QR codes")
    from PIL import Image

    with Image.open(png) as image:
        return zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
