"""Exports of the earnings pages' figures for a period (issue 16): the signed deals, the issued
invoices and the earnings, as CSV or XLSX, each row one the role may see (money.earnings).

Spreadsheets run what looks like a formula: a text cell starting with = + - @, a tab or a
carriage return gets a leading apostrophe, in both formats (a creator named
`=HYPERLINK("http://x","y")` stays that text). Amounts are numbers in their currency's decimals
beside a currency column, dates ISO 8601 in CSV and dates in XLSX.
"""

from decimal import Decimal

from django.utils.translation import gettext as _

from access.roles import RoleKind
from money import earnings
from money.amounts import minor_units, rounded
from money.earnings import By, Period
from money.models import Invoice
from money.transitions import InvoiceStatus
from talentdesk.lib import spreadsheets
from talentdesk.lib.spreadsheets import FORMULA_STARTS, XLSX_TYPE, neutral  # noqa: F401

WHAT = ("deals", "invoices", "earnings")


def _deals(role, period: Period, creator=None, ids=None):
    deals = earnings.ledgers(role, creator, ids).deals
    header = [
        _("Signed on"),
        _("Creator (handle)"),
        _("Creator's name"),
        _("Brand"),
        _("Campaign"),
        _("Price"),
        _("Currency"),
        _("Commission (%)"),
        _("Commission shared with"),
        _("Their share of the commission (%)"),
    ]
    rows = (
        deals.filter(period.q(earnings.DEALS.date))
        .order_by("sealed_at", "id")
        .values_list(
            "sealed_at",
            "offer__creator__handle",
            "offer__creator__display_name",
            "brand__name",
            "offer__campaign__name",
            "offer__contract__terms__price",
            "offer__contract__terms__currency",
            "commission_pct",
            "split_with",
            "split_pct",
        )
    )

    def lines():
        for sealed, handle, name, brand, campaign, price, currency, pct, partner, share in rows:
            yield [
                sealed.date(),
                handle,
                name,
                brand,
                campaign,
                (rounded(price, currency), currency),
                currency,
                pct,
                partner,
                share,
            ]

    return header, lines()


def _invoices(role, period: Period, creator=None):
    """Every numbered invoice issued in the period, void ones included: the sequence an
    accountant checks has no gaps."""
    visible = Invoice.objects.visible_to(role).exclude(status=InvoiceStatus.DRAFT)
    if creator is not None:
        visible = visible.filter(creator=creator)
    header = [
        _("Number"),
        _("Status"),
        _("Issued on"),
        _("Due on"),
        _("Paid on"),
        _("Creator (handle)"),
        _("Brand"),
        _("Campaign"),
        _("Currency"),
        _("Subtotal"),
        _("VAT"),
        _("Total"),
        _("Paid"),
        _("Still owed"),
    ]
    rows = (
        visible.filter(period.q(earnings.INVOICES.date))
        .order_by("issued_on", "number", "id")
        .values_list(
            "number",
            "status",
            "issued_on",
            "due_on",
            "paid_on",
            "creator__handle",
            "brand__name",
            "offer__campaign__name",
            "currency",
            "subtotal",
            "vat_amount",
            "total",
            "paid_amount",
        )
    )
    labels = dict(InvoiceStatus.choices)

    def lines():
        for number, status, issued, due, paid_on, handle, brand, campaign, cur, *money in rows:
            subtotal, vat, total, paid = ((rounded(v, cur), cur) for v in money)
            open_part = total[0] - paid[0] if status != InvoiceStatus.VOID else Decimal(0)
            yield [
                number,
                str(labels.get(status, status)),
                issued,
                due,
                paid_on,
                handle,
                brand,
                campaign,
                cur,
                subtotal,
                vat,
                total,
                paid,
                (open_part, cur),
            ]

    return header, lines()


def _earnings(role, period: Period, creator=None, by: By | None = None, ids=None):
    one_creator = creator is not None or role.kind == RoleKind.CREATOR
    by = by or (By.MONTH if one_creator else By.CREATOR)
    result = earnings.earnings(role, by, period, creator, ids)
    names = {
        By.CREATOR: _("Creator (handle)"),
        By.MANAGER: _("Lead manager"),
        By.BRAND: _("Brand"),
        By.MONTH: _("Month"),
    }
    header = [
        names[by],
        _("Currency"),
        _("Booked"),
        _("Invoiced"),
        _("Overdue"),
        _("Paid"),
        _("Commission"),
        _("Shared commission"),
        _("Agency keeps"),
        _("Creator's net"),
    ]

    def lines():
        for row in result.rows:
            f, cur = row.figures, row.currency
            amounts = [f.booked, f.invoiced, f.overdue, f.paid, f.commission, f.shared]
            yield [
                row.key if by == By.MONTH else row.label.removeprefix("@"),
                cur,
                *((a, cur) for a in [*amounts, f.agency_keeps, f.net]),
            ]

    return header, lines()


def table(role, what: str, period: Period, creator=None, by: By | None = None, ids=None):
    """(header, rows) of one export. A money cell is an (amount, currency) pair; the caller
    checked `earnings.require_earnings` (or `creator_for_agency` for one creator), which gave
    `ids`."""
    if what == "deals":
        return _deals(role, period, creator, ids)
    if what == "invoices":
        return _invoices(role, period, creator)
    return _earnings(role, period, creator, by, ids)


# --- the two formats (talentdesk.lib.spreadsheets), money in ISO 4217 decimals -----------------
def csv_response(header, rows, filename: str):
    return spreadsheets.csv_response(header, rows, filename, places=minor_units)


def xlsx_response(header, rows, filename: str, title: str):
    return spreadsheets.xlsx_response(header, rows, filename, title, places=minor_units)
