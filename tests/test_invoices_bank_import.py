"""Bank statement import: matching by reference, then amount and normalised payer name; all or nothing."""

from __future__ import annotations

import io
from datetime import date

import pytest
from sqlalchemy import func, select

from eventsys.models import Invoice, Payment
from eventsys.services.booths.floor_plan_csv import ImportRejected
from eventsys.services.invoices import bank_import
from tests.booth_factories import approved_startup
from tests.conftest import login
from tests.invoice_factories import confirmed_booking, create_issuer

HEADER = "date,amount,payer,reference\n"


@pytest.fixture
def invoices(app, db, fair):
    with app.app_context():
        create_issuer(db, fair, deposit_percent=0)
        first = approved_startup(db, fair)
        first.organization.name, first.organization.name_local = "Sample Inc.", "サンプル株式会社"
        second = approved_startup(db, fair)
        second.organization.name = "Other KK"
        booths = fair.halls[0].booths
        confirmed_booking(db, fair, booths[0], first, billing_name="Sample Inc.")
        confirmed_booking(db, fair, booths[1], second, billing_name="Other KK")
    return list(db.scalars(select(Invoice).where(Invoice.fair_id == fair.id).order_by(Invoice.number)))


def run(db, fair, organizer, text):
    return bank_import.import_statement(db, fair, text.encode(), actor=organizer, today=date(2026, 12, 2))


def test_half_width_katakana_names_are_normalised():
    assert bank_import.normalise_name("ｻﾝﾌﾟﾙ(ｶ") == bank_import.normalise_name("サンプル株式会社") == "サンプル"
    assert bank_import.normalise_name("ｶ)ｻﾝﾌﾟﾙ") == "サンプル"
    assert bank_import.normalise_name("Sample Co., Ltd.") == "sample"
    assert bank_import.normalise_name("Twin Co., Ltd.") == bank_import.normalise_name("TWIN INC.") == "twin"
    assert bank_import.normalise_name("Princeton LLC") == "princeton"  # "inc" inside a word stays


def test_matching_by_reference_then_amount_and_name(app, db, fair, organizer, invoices):
    with app.app_context():
        result = run(
            db,
            fair,
            organizer,
            HEADER
            + "2026-12-01,363000,ﾀﾞﾚｶ,INV-000002\n"  # by reference
            + '2026-12-01,"363,000",ｻﾝﾌﾟﾙ(ｶ,\n'  # by amount and half-width name
            + "2026-12-01,5000,ﾅｿﾞ,\n",  # nobody
        )
    assert [number for _, number in result.matched] == ["INV-000002", "INV-000001"]
    assert [why for _, why in result.to_decide] == ["no open invoice matches"]
    assert sorted(db.scalars(select(Payment.invoice_id))) == sorted(i.id for i in invoices)


def test_partial_and_over_payments_are_left_to_a_person(app, db, fair, organizer, invoices):
    with app.app_context():
        result = run(db, fair, organizer, HEADER + "2026-12-01,1000,X,INV-000001\n2026-12-01,999999,X,INV-000002\n")
    assert [why.split(":")[0] for _, why in result.to_decide] == ["partial payment", "overpayment"]
    assert db.scalar(select(Payment.id)) is None


@pytest.mark.parametrize(
    "text",
    [
        "when,how much\n2026-12-01,1\n",
        HEADER + "2026-13-01,363000,X,INV-000001\n",
        HEADER + "2026-12-01,-5,X,INV-000001\n",
        HEADER + "2026-12-01,lots,X,INV-000001\n",
    ],
)
def test_bad_files_record_nothing(app, db, fair, organizer, invoices, text):
    good = "2026-12-01,363000,X,INV-000002\n"
    with app.app_context(), pytest.raises(ImportRejected):
        run(db, fair, organizer, text + good)
    assert db.scalar(select(Payment.id)) is None


def test_not_utf8_is_rejected(app, db, fair, organizer, invoices):
    with app.app_context(), pytest.raises(ImportRejected):
        bank_import.import_statement(db, fair, "日付".encode("shift_jis"), actor=organizer, today=date.today())


def test_the_import_route(client, db, fair, organizer, invoices):
    login(client, organizer.email)
    data = {"file": (io.BytesIO((HEADER + "2026-12-01,363000,X,INV-000001\n").encode()), "statement.csv")}
    response = client.post("/organizer/fairs/test-fair/invoices/import", data=data, content_type="multipart/form-data")
    assert response.status_code == 200 and "INV-000001" in response.get_data(as_text=True)
    bad = {"file": (io.BytesIO(b"nonsense"), "statement.csv")}
    response = client.post("/organizer/fairs/test-fair/invoices/import", data=bad, content_type="multipart/form-data")
    assert response.status_code == 422
    assert client.post("/organizer/fairs/test-fair/invoices/import", data={}).status_code == 422


def test_a_long_statement_matches_each_row_as_a_short_one_would(app, db, fair, organizer):
    """150 invoices and a row or two for each: every kind of row, the results checked row by row (not timed)."""
    from eventsys.models import AuditEntry
    from tests.conftest import create_booth

    with app.app_context():
        create_issuer(db, fair, deposit_percent=0)
        hall, booth_type = fair.halls[0], fair.halls[0].booths[0].booth_type
        names = [f"Company {n} KK" for n in range(150)] + ["Twin LLC", "Twin Inc."]
        for n, name in enumerate(names):
            user = approved_startup(db, fair)
            user.organization.name = name
            booth = create_booth(db, hall, booth_type, code=f"L{n:03d}", x=(n % 30) * 3, y=10 + (n // 30) * 3)
            confirmed_booking(db, fair, booth, user, billing_name=name)
        invoices = list(db.scalars(select(Invoice).where(Invoice.fair_id == fair.id).order_by(Invoice.number)))
        assert len(invoices) == 152 and {i.total_jpy for i in invoices} == {363_000}
        lines, matched, to_decide = [HEADER], [], []
        for n, invoice in enumerate(invoices[:150]):
            number = f"INV-{invoice.number:06d}"
            kind = n % 5
            if kind == 0:  # by amount and name, the name as a bank writes it
                lines.append(f"2026-12-01,363000,ｶ) COMPANY {n} KK,\n")
                matched.append(number)
            elif kind == 1:  # by reference, in full-width letters
                lines.append(f"2026-12-01,363000,ﾀﾞﾚｶ,ｆｕｒｉｋｏｍｉ {number}\n")
                matched.append(number)
            elif kind == 2:
                lines.append(f"2026-12-01,1000,ﾀﾞﾚｶ,{number}\n")
                to_decide.append(f"partial payment: {number}")
            elif kind == 3:  # paid twice: the second finds nothing open
                lines.append(f"2026-12-01,363000,ﾀﾞﾚｶ,{number}\n" * 2)
                matched.append(number)
                to_decide.append("no open invoice matches")
            else:
                lines.append(f"2026-12-01,{400_000 + n},ﾅｿﾞ,\n")
                to_decide.append("no open invoice matches")
        lines.append("2026-12-01,363000,ﾂｲﾝ,\n2026-12-01,363000,TWIN,\n")
        to_decide += ["no open invoice matches", "several invoices match"]
        result = run(db, fair, organizer, "".join(lines))
        assert [number for _, number in result.matched] == matched
        assert [why for _, why in result.to_decide] == to_decide
        by_number = {f"INV-{i.number:06d}": i.id for i in invoices}
        paid = db.execute(select(Payment.invoice_id, Payment.amount_jpy).order_by(Payment.id)).all()
        assert paid == [(by_number[number], 363_000) for number in matched]
        assert db.scalar(select(func.count()).where(AuditEntry.action == "invoice.payment")) == len(matched)


def test_zengin_names_without_small_kana_and_with_hyphens_for_long_vowels():
    """The Zengin character set has no small kana (ｼﾖﾂﾌﾟ for ショップ) and writes ー as a hyphen (ｻ-ﾋﾞｽ)."""
    assert bank_import.normalise_name("ｶ)ｼﾖﾂﾌﾟｻ-ﾋﾞｽ") == bank_import.normalise_name("株式会社ショップサービス")
    assert bank_import.normalise_name("ｶﾌﾞｼｷｶﾞｲｼﾔ ｼﾖﾂﾌﾟ") == bank_import.normalise_name("ショップ株式会社")
    assert bank_import.normalise_name("ﾄﾞ)ｷﾔﾂﾄ") == bank_import.normalise_name("合同会社キャット")
    assert bank_import.normalise_name("ｼﾖﾂﾌﾟ") != bank_import.normalise_name("ｼﾖﾂﾌﾟﾙ")


def test_an_invoice_number_typed_before_the_payer_name_matches(app, db, fair, organizer, invoices):
    with app.app_context():
        result = run(
            db,
            fair,
            organizer,
            HEADER
            + "2026-12-01,363000,INV000002 ﾀﾞﾚｶ,\n"  # the number in the name, without its hyphen
            + "2026-12-01,363000,ｲﾝﾎﾞｲｽ ｻﾝﾌﾟﾙ(ｶ,INV 000001\n",  # a space for the hyphen
        )
    assert [number for _, number in result.matched] == ["INV-000002", "INV-000001"]
    assert result.to_decide == []


def test_a_payer_name_with_a_number_still_matches_by_name(app, db, fair, organizer, invoices):
    with app.app_context():
        result = run(db, fair, organizer, HEADER + "2026-12-01,363000,INV999999 ｻﾝﾌﾟﾙ(ｶ,\n")
    assert [number for _, number in result.matched] == ["INV-000001"]
