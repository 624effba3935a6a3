"""Exports of deals, invoices and earnings for a period, as CSV and XLSX (issue 16): a cell that
starts like a formula stays text, amounts keep their currency's decimals, and each export holds
only the rows the role may see."""

import csv
import io
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from access.models import Representation
from money.exports import neutral
from tests.campaigns.conftest import role_of
from tests.money.test_earnings import invoice_upfront, signed_deal  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db
FORMULA = '=HYPERLINK("http://x","y")'
CSV = reverse("money:earnings-export", args=["csv"])
XLSX = reverse("money:earnings-export", args=["xlsx"])


def rows_of_csv(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def sheet_of(response):
    return load_workbook(io.BytesIO(response.content)).active


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_text_starting_like_a_formula_is_neutralised(start):
    assert neutral(f"{start}1+2") == f"'{start}1+2"
    assert neutral("Maya") == "Maya" and neutral(-3) == -3


def test_a_creator_named_like_a_formula_opens_in_openpyxl_as_text(cast, login, signed_deal):  # noqa: F811
    cast.maya.display_name = FORMULA
    cast.maya.save(update_fields=["display_name"])
    invoice_upfront(cast, signed_deal())
    client = login(cast.owner)
    sheet = sheet_of(client.get(XLSX, {"what": "deals"}))
    names = [row[2] for row in sheet.iter_rows(min_row=2)]
    named = [cell for cell in names if FORMULA in str(cell.value)]
    assert named, [c.value for c in names]
    for cell in named:
        assert cell.data_type == "s" and cell.value == "'" + FORMULA
    lines = rows_of_csv(client.get(CSV, {"what": "deals"}))
    assert [line[2] for line in lines[1:] if FORMULA in line[2]][:1] == ["'" + FORMULA]


def test_the_three_exports_in_both_formats(cast, login, signed_deal):  # noqa: F811
    paid = invoice_upfront(cast, signed_deal("1000.00", "JPY"))
    client = login(cast.creator)
    for what, first in (("deals", "Signed on"), ("invoices", "Number"), ("earnings", "Month")):
        lines = rows_of_csv(client.get(CSV, {"what": what}))
        assert lines[0][0] == first
        sheet = sheet_of(client.get(XLSX, {"what": what}))
        assert sheet.cell(row=1, column=1).value == first
    invoices = rows_of_csv(client.get(CSV, {"what": "invoices"}))
    mine = next(line for line in invoices if line[0] == paid.number)
    assert mine[8:] == ["JPY", "300", "0", "300", "300", "0"]  # no decimals in yen
    sheet = sheet_of(client.get(XLSX, {"what": "invoices"}))
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == paid.number)
    assert row[11].value == 300 and row[11].number_format == "#,##0"
    assert isinstance(row[2].value, date)  # the issue date is a date cell, not text


def test_an_export_holds_the_period_asked_for(cast, login, signed_deal):  # noqa: F811
    invoice_upfront(cast, signed_deal())
    client = login(cast.owner)
    lines = rows_of_csv(
        client.get(CSV, {"what": "invoices", "from": "2001-01-01", "to": "2001-12-31"})
    )
    assert lines[1:] == []
    response = client.get(CSV, {"what": "invoices", "from": "2001-01-01", "to": "2001-12-31"})
    assert 'filename="invoices-20010101-20011231.csv"' in response["Content-Disposition"]


def test_exports_hold_only_what_the_role_sees(cast, login, signed_deal):  # noqa: F811
    invoice_upfront(cast, signed_deal())
    for user in (cast.lumen_owner, cast.manager2):
        client = login(user, role_of(user, "agency").key)
        for what in ("deals", "invoices", "earnings"):
            text = b"".join(client.get(CSV, {"what": what}).streaming_content).decode()
            assert "mayamoves" not in text, (user, what)


def test_export_refusals(cast, login):
    assert login(cast.brand).get(CSV).status_code == 404
    assert login(cast.outsider_brand).get(XLSX).status_code == 404
    one = {"creator": str(cast.maya.public_id)}
    assert login(cast.manager2).get(CSV, one).status_code == 404
    assert (
        login(cast.lumen_owner, role_of(cast.lumen_owner, "agency").key).get(XLSX, one).status_code
        == 404
    )
    assert login(cast.creator).get(CSV, one).status_code == 404  # her own export needs no id
    assert login(cast.owner).get(CSV, {"what": "everything"}).status_code == 404
    rep = Representation.objects.active().get(creator=cast.maya)
    Representation.objects.filter(pk=rep.pk).update(
        scopes=[s for s in rep.scopes if s != "view_earnings"]
    )
    assert login(cast.owner).get(CSV, one).status_code == 403
    assert login(cast.manager).get(XLSX, one).status_code == 403
