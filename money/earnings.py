"""Earnings (SPEC §6, issue 16): what was booked, invoiced, paid and is overdue, the commission
(and the share of it owed to a co-agency or referrer) and the creator's net, per creator, lead
manager, brand or month, each total in its own currency (no exchange rates are invented).

Where each figure comes from, and the date that places it in a period:
  booked      the price of the contracts both sides signed (DealMoney.sealed_at), cancelled
              deals left out
  invoiced    the total of issued, overdue and paid invoices (issued_on)
  overdue     what is still unpaid on those of them that are overdue now (issued_on)
  paid        payments received (paid_on), split at once into the commission, its shared
              part, and the creator's net (money.actions.record_payment)

Who sees what, through the permission decision: the creator all of her own money; agency staff
the money of their agency's deals with the creators they reach who granted `view_earnings`
(`Invoice.objects.visible_to`, and the same rule for the signed deals). Brands see none of it.
Every function runs a fixed number of queries, one per ledger, whatever the data size.
"""

from collections import defaultdict
from dataclasses import dataclass, field, fields
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from enum import StrEnum

from django.core.exceptions import PermissionDenied
from django.db.models import DateField, F, Q, Sum
from django.db.models.functions import TruncMonth
from django.http import Http404
from django.utils.translation import gettext as _

from access import permissions
from access.models import Representation, RepresentationStatus
from access.permissions import Party
from access.roles import RoleKind
from access.scopes import Scope
from campaigns.transitions import OfferStatus
from money.amounts import rounded
from money.models import DealMoney, Invoice, Payment
from money.transitions import COUNTED, OPEN, InvoiceStatus

ZERO = Decimal(0)
MAX_DAYS = 3660  # the longest period asked at once: ten years
FIRST_DAY, LAST_DAY = date(1970, 1, 1), date(2100, 12, 31)  # the days a period may name


class By(StrEnum):
    CREATOR = "creator"
    MANAGER = "manager"
    BRAND = "brand"
    MONTH = "month"


# --- the period ---------------------------------------------------------------------------------
def today() -> date:
    return datetime.now(UTC).date()


def first_of_month(day: date, months_back: int = 0) -> date:
    month = max(day.year * 12 + day.month - 1 - months_back, FIRST_DAY.year * 12)
    return date(month // 12, month % 12 + 1, 1)


def period_problem(start: date, end: date) -> str:
    """What is wrong with a period asked for ("" when nothing): the pages and the API say it."""
    if not (FIRST_DAY <= start <= LAST_DAY and FIRST_DAY <= end <= LAST_DAY):
        return _("Give days between 1970 and 2100.")
    if start > end:
        return _("The period ends before it starts.")
    if (end - start).days > MAX_DAYS:
        return _("Choose a period of ten years at most.")
    return ""


@dataclass(frozen=True)
class Period:
    """From `start` to `end`, both included (UTC days)."""

    start: date
    end: date

    @classmethod
    def default(cls, now: date | None = None) -> "Period":
        """The last twelve months, this one included."""
        now = now or today()
        return cls(first_of_month(now, 11), now)

    def months(self) -> list[date]:
        """The first day of every month the period touches, in order."""
        months, month = [], first_of_month(self.start)
        while month <= self.end:
            months.append(month)
            month = first_of_month(month + timedelta(days=31))
        return months

    def q(self, date_field: str) -> Q:
        """Rows dated in the period: a date field, or a UTC time (sealed_at)."""
        if date_field.endswith("_at"):
            start = datetime.combine(self.start, datetime.min.time(), tzinfo=UTC)
            end = datetime.combine(self.end + timedelta(days=1), datetime.min.time(), tzinfo=UTC)
            return Q(**{f"{date_field}__gte": start, f"{date_field}__lt": end})
        return Q(**{f"{date_field}__range": (self.start, self.end)})


# --- who sees what ------------------------------------------------------------------------------
def _sharing(role):
    """The creators whose earnings `role` (agency staff) sees: within reach, `view_earnings`
    granted (the rule of `Invoice.objects.visible_to`)."""
    return (
        Representation.objects.visible_to(role)
        .active()
        .filter(permissions.granted_q(Scope.VIEW_EARNINGS))
        .values("creator_id")
    )


def require_earnings(role) -> None:
    """Earnings are the creator side's: PermissionDenied for anyone else, and for agency staff
    none of whose creators shares her earnings with the agency (one query for staff)."""
    if role is None or role.kind not in (RoleKind.CREATOR, RoleKind.AGENCY):
        raise PermissionDenied(_("Earnings are for creators and the agencies representing them."))
    if role.kind == RoleKind.AGENCY and not _sharing(role).exists():
        raise PermissionDenied(
            _("None of the creators you work with shares their earnings with your agency.")
        )


def creator_for_agency(role, public_id):
    """One creator's earnings for agency staff: 404 out of reach, 403 (with the reason) when
    she has not granted `view_earnings`; her profile otherwise (one query)."""
    if role is None or role.kind != RoleKind.AGENCY:
        raise Http404
    grant = permissions.decide_by_public_id(role, public_id)
    if grant.party is not Party.AGENCY:
        raise Http404
    if not grant.sees(Scope.VIEW_EARNINGS):
        raise PermissionDenied(grant.withheld(Scope.VIEW_EARNINGS))
    return grant.representation.creator


@dataclass(frozen=True)
class Ledger:
    """How one ledger's rows name their creator, brand, agency and date."""

    creator: str
    brand: str
    agency: str
    date: str
    currency: str


DEALS = Ledger("offer__creator", "brand", "agency", "sealed_at", "offer__contract__terms__currency")
INVOICES = Ledger("creator", "brand", "agency", "issued_on", "currency")
PAYMENTS = Ledger("invoice__creator", "invoice__brand", "invoice__agency", "paid_on", "currency")


def ledgers(role, creator=None):
    """The signed deals, counted invoices and payments `role` sees (of one creator, if given).
    The caller checked `require_earnings` or `creator_for_agency`."""
    if role is None or role.kind not in (RoleKind.CREATOR, RoleKind.AGENCY):
        return DealMoney.objects.none(), Invoice.objects.none(), Payment.objects.none()
    invoices = Invoice.objects.visible_to(role)
    deals = DealMoney.objects.filter(sealed_at__isnull=False).exclude(
        offer__status=OfferStatus.CANCELLED
    )
    if role.kind == RoleKind.CREATOR:
        deals = deals.filter(offer__creator=role.creator)
    else:
        deals = deals.filter(agency=role.agency, offer__creator__in=_sharing(role))
    if creator is not None:
        invoices, deals = invoices.filter(creator=creator), deals.filter(offer__creator=creator)
    payments = Payment.objects.filter(invoice__in=invoices.values("pk"))
    return deals, invoices.filter(status__in=COUNTED), payments


# --- the figures --------------------------------------------------------------------------------
@dataclass
class Figures:
    """One currency's figures: every field is an amount in that currency."""

    booked: Decimal = ZERO
    invoiced: Decimal = ZERO
    overdue: Decimal = ZERO
    paid: Decimal = ZERO
    commission: Decimal = ZERO
    shared: Decimal = ZERO  # the part of the commission owed to a co-agency or referrer
    net: Decimal = ZERO  # the creator's net: paid minus the commission

    @property
    def agency_keeps(self) -> Decimal:
        return self.commission - self.shared

    def add(self, other: "Figures") -> None:
        for f in fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))

    def as_dict(self) -> dict[str, Decimal]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


@dataclass
class Row:
    """The figures of one creator, manager, brand or month in one currency."""

    key: str  # a public id, or "YYYY-MM" for a month ("" for creators without a lead manager)
    label: str
    currency: str
    figures: Figures = field(default_factory=Figures)
    detail: str = ""  # the creator's display name, the manager's e-mail
    month: date | None = None


@dataclass
class Card:
    """One currency's headline figures on a page."""

    currency: str
    figures: Figures
    shares: list[tuple[str, Decimal]]  # (shared with, amount)
    owed: Decimal = ZERO  # unpaid on issued and overdue invoices, today
    owed_late: Decimal = ZERO  # of which overdue


def _cards(totals, shares, owed=None) -> list[Card]:
    owed = owed or {}
    return [
        Card(
            currency,
            totals.get(currency) or Figures(),
            [(partner, amount) for partner, cur, amount in shares if cur == currency],
            *owed.get(currency, (ZERO, ZERO)),
        )
        for currency in sorted(set(totals) | set(owed))
    ]


@dataclass
class Earnings:
    by: str
    rows: list[Row]
    totals: dict[str, Figures]  # by currency, in alphabetical order
    shares: list[tuple[str, str, Decimal]]  # (shared with, currency, amount), when any

    @property
    def currencies(self) -> list[str]:
        return list(self.totals)

    @property
    def cards(self) -> list[Card]:
        return _cards(self.totals, self.shares)


def _group(by: By, ledger: Ledger) -> tuple[dict, list[str], object]:
    """(annotations, values fields, row → (key, label, detail, month)) for one grouping."""
    if by == By.CREATOR:
        c = ledger.creator
        names = [f"{c}__public_id", f"{c}__handle", f"{c}__display_name"]
        return {}, names, lambda r: (str(r[names[0]]), f"@{r[names[1]]}", r[names[2]], None)
    if by == By.BRAND:
        b = ledger.brand
        names = [f"{b}__public_id", f"{b}__name"]
        return {}, names, lambda r: (str(r[names[0]]), r[names[1]], "", None)
    if by == By.MANAGER:
        lead = f"{ledger.creator}__representations__lead_manager"
        names = [f"{lead}__public_id", f"{lead}__name", f"{lead}__email"]

        def manager(r):
            if r[names[0]] is None:
                return "", _("No lead manager"), "", None
            return str(r[names[0]]), r[names[1]] or r[names[2]], r[names[2]], None

        return {}, names, manager
    utc = {"tzinfo": UTC} if ledger.date.endswith("_at") else {}  # a time: its UTC month
    month = TruncMonth(ledger.date, output_field=DateField(), **utc)
    return {"month": month}, ["month"], lambda r: (f"{r['month']:%Y-%m}", "", "", r["month"])


def _lead_q(ledger: Ledger) -> Q:
    """The one active representation of the creator by the row's agency: its lead manager."""
    reps = f"{ledger.creator}__representations"
    return Q(
        **{f"{reps}__status": RepresentationStatus.ACTIVE, f"{reps}__agency": F(ledger.agency)}
    )


MEASURES = {
    "booked": lambda: {"booked": Sum("offer__contract__terms__price")},
    "invoiced": lambda: {
        "invoiced": Sum("total"),
        "overdue": Sum(F("total") - F("paid_amount"), filter=Q(status=InvoiceStatus.OVERDUE)),
    },
    "paid": lambda: {
        "paid": Sum("amount"),
        "commission": Sum("commission"),
        "shared": Sum("split_amount"),
        "net": Sum("creator_net"),
    },
}


def _grouped(queryset, ledger: Ledger, groups: tuple[By, ...], measure: str):
    """One query: the ledger's sums per grouping keys and currency."""
    annotations, names, readers = {}, [], []
    for by in groups:
        extra, group_names, reader = _group(by, ledger)
        annotations |= extra
        names += group_names
        readers.append(reader)
        if by == By.MANAGER:
            queryset = queryset.filter(_lead_q(ledger))
    rows = (
        queryset.annotate(**annotations)
        .values(*names, currency_code=F(ledger.currency))
        .annotate(**MEASURES[measure]())
        .order_by()
    )
    for row in rows:
        keys = tuple(reader(row) for reader in readers)
        currency = row["currency_code"]
        # SQLite sums decimals as numbers: back to the currency's unit (exact on PostgreSQL).
        amounts = {name: rounded(row[name] or ZERO, currency) for name in MEASURES[measure]()}
        yield keys, currency, Figures(**amounts)


def _collect(role, groups: tuple[By, ...], period: Period, creator=None):
    """{(keys, currency): Figures} over the three ledgers: three queries."""
    deals, invoices, payments = ledgers(role, creator)
    sources = [
        (deals.filter(period.q(DEALS.date)), DEALS, "booked"),
        (invoices.filter(period.q(INVOICES.date)), INVOICES, "invoiced"),
        (payments.filter(period.q(PAYMENTS.date)), PAYMENTS, "paid"),
    ]
    collected: dict[tuple, Figures] = defaultdict(Figures)
    for queryset, ledger, measure in sources:
        for keys, currency, figures in _grouped(queryset, ledger, groups, measure):
            collected[keys, currency].add(figures)
    return collected


def _rows(collected: dict, index: int = 0) -> list[Row]:
    """The collected figures folded onto one grouping (the `index`-th key), sorted."""
    folded: dict[tuple, Row] = {}
    for (keys, currency), figures in collected.items():
        key, label, detail, month = keys[index]
        row = folded.setdefault((key, currency), Row(key, label, currency, detail=detail))
        row.month = month
        row.figures.add(figures)
    return sorted(
        folded.values(), key=lambda r: (r.month or date.min, r.label.lower(), r.key, r.currency)
    )


def _totals(rows: list[Row]) -> dict[str, Figures]:
    totals: dict[str, Figures] = {}
    for row in rows:
        totals.setdefault(row.currency, Figures()).add(row.figures)
    return dict(sorted(totals.items()))


def shares(role, period: Period, creator=None) -> list[tuple[str, str, Decimal]]:
    """The commission shared with a co-agency or referrer over the period, per partner and
    currency (one query)."""
    _deals, _invoices, payments = ledgers(role, creator)
    partner = "invoice__offer__money__split_with"
    rows = (
        payments.filter(period.q(PAYMENTS.date), split_amount__gt=0)
        .values(partner, "currency")
        .annotate(amount=Sum("split_amount"))
        .order_by(partner, "currency")
    )
    return [(r[partner], r["currency"], rounded(r["amount"], r["currency"])) for r in rows]


def earnings(role, by: By, period: Period, creator=None) -> Earnings:
    """The role's earnings grouped one way, per currency: four queries. The caller checked
    `require_earnings` (or `creator_for_agency` for one creator)."""
    rows = _rows(_collect(role, (By(by),), period, creator))
    return Earnings(by, rows, _totals(rows), shares(role, period, creator))


# --- one creator's statement --------------------------------------------------------------------
@dataclass
class Statement:
    """One creator's earnings, as she and her agency see them: the same figures on both pages."""

    by_month: list[Row]
    by_brand: list[Row]
    totals: dict[str, Figures]
    shares: list[tuple[str, str, Decimal]]
    owed: dict[str, tuple[Decimal, Decimal]]  # currency → (unpaid, of which overdue), today
    open_invoices: list

    @property
    def cards(self) -> list[Card]:
        return _cards(self.totals, self.shares, self.owed)


OPEN_LISTED = 20


def statement(role, period: Period, creator=None) -> Statement:
    """The creator's own statement (`creator` None), or agency staff's view of one creator she
    shares her earnings with: by month and by brand, what brands still owe, the open invoices.
    Six queries."""
    collected = _collect(role, (By.MONTH, By.BRAND), period, creator)
    by_month = _rows(collected, 0)
    invoices = Invoice.objects.visible_to(role).filter(status__in=OPEN)
    if creator is not None:
        invoices = invoices.filter(creator=creator)
    overdue = Q(status=InvoiceStatus.OVERDUE)
    owed = {
        r["currency"]: (rounded(r["unpaid"], r["currency"]), rounded(r["late"] or 0, r["currency"]))
        for r in invoices.values("currency")
        .annotate(
            unpaid=Sum(F("total") - F("paid_amount")),
            late=Sum(F("total") - F("paid_amount"), filter=overdue),
        )
        .order_by("currency")
    }
    listed = invoices.select_related("brand", "offer__campaign").order_by("due_on", "id")
    return Statement(
        by_month=by_month,
        by_brand=_rows(collected, 1),
        totals=_totals(by_month),
        shares=shares(role, period, creator),
        owed=owed,
        open_invoices=list(listed[:OPEN_LISTED]),
    )


def monthly(rows: list[Row], period: Period, currency: str) -> list[tuple[date, Figures]]:
    """Every month of the period with its figures in `currency` (zero when nothing happened):
    what the chart draws."""
    found = {row.month: row.figures for row in rows if row.currency == currency}
    return [(month, found.get(month, Figures())) for month in period.months()]
