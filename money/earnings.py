"""Earnings (SPEC §6, issue 16): what was booked, invoiced, paid and is overdue, the commission
(and the share of it owed to a co-agency or referrer) and the creator's net, per creator, lead
manager, brand or month, each total in its own currency (no exchange rates are invented).

Where each figure comes from, and the date that places it in a period:
  booked      the price of the contracts both sides signed, as their milestones split it
              (DealMoney.sealed_at), cancelled deals left out
  invoiced    the total of issued, overdue and paid invoices (issued_on)
  overdue     what is still unpaid on those of them that are overdue now (issued_on)
  paid        payments received (paid_on), split at once into the commission, its shared
              part, and the creator's net (money.actions.record_payment)

Who sees what, through the permission decision: the creator all of her own money; agency staff
the money of their agency's deals with the creators they reach who granted `view_earnings`
(`Invoice.objects.visible_to`, and the same rule for the signed deals), read once per request
(`reach`). Brands see none of it. Every function runs a fixed number of queries whatever the
data size: the three ledgers in one (each grouped on ids, then added up), and the rows labelled
in one more.
"""

import decimal
from collections import defaultdict
from dataclasses import dataclass, field, fields
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from enum import StrEnum

from django.core.exceptions import EmptyResultSet, PermissionDenied
from django.db import connection
from django.db.models import (
    Case,
    CharField,
    DateField,
    DecimalField,
    F,
    Lookup,
    Q,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, TruncMonth
from django.http import Http404
from django.utils.translation import gettext as _

from access import permissions
from access.models import Representation, RepresentationStatus
from access.permissions import Party
from access.roles import RoleKind
from access.scopes import Scope
from accounts.models import User
from brands.models import Brand
from creators.models import CreatorProfile
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
LISTED_AT_MOST = 5000  # creator ids passed as a list; beyond, the rule stays a subquery


def _sharing(role):
    """The creators whose earnings `role` (agency staff) sees: within reach, `view_earnings`
    granted (the rule of `Invoice.objects.visible_to`)."""
    return (
        Representation.objects.visible_to(role)
        .active()
        .filter(permissions.granted_q(Scope.VIEW_EARNINGS))
        .values("creator_id")
    )


def _id_array(ids) -> str:
    """Ids as the text of one PostgreSQL array: psycopg would dump a list of them one by one."""
    return "{" + ",".join(str(int(pk)) for pk in ids) + "}"


class _InSet(Lookup):
    """`field IN (SELECT unnest(%s))`: thousands of ids as one array parameter (`__in` prepares,
    binds and parses each of them), as a set, hashed and joined to the rows the agency's own
    index found. With `= ANY` PostgreSQL probed the creators' index per id, expecting a tenth
    of the rows (it takes the agency and the creators for independent) and reading the heap
    for each."""

    lookup_name = "in_set"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, params = self.process_lhs(compiler, connection)
        return f"{lhs} IN (SELECT unnest(%s::bigint[]))", [*params, _id_array(self.rhs)]


def _among(path: str, who):
    """Rows whose `path` (a creator's id) is one of `who`: a list of ids, or a subquery."""
    if isinstance(who, list) and who and connection.vendor == "postgresql":
        return _InSet(F(path), who)
    return Q(**{f"{path}__in": who})


def reach(role) -> list[int] | None:
    """The ids of the creators whose earnings agency staff see, read once per request (one
    query); None for a creator, who sees her own."""
    if role is not None and role.kind == RoleKind.AGENCY:
        return list(_sharing(role).order_by().values_list("creator_id", flat=True))
    return None


def require_earnings(role) -> list[int] | None:
    """Earnings are the creator side's: PermissionDenied for anyone else, and for agency staff
    none of whose creators shares her earnings with the agency. Returns `reach(role)`."""
    if role is None or role.kind not in (RoleKind.CREATOR, RoleKind.AGENCY):
        raise PermissionDenied(_("Earnings are for creators and the agencies representing them."))
    ids = reach(role)
    if ids == []:
        raise PermissionDenied(
            _("None of the creators you work with shares their earnings with your agency.")
        )
    return ids


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
    """How one ledger's rows name their creator, brand, agency, date and currency (foreign keys
    read as ids: no join to the profiles, brands or users they name)."""

    creator: str
    brand: str
    agency: str
    date: str
    currency: str


# Booked is read from the signed deals alone: creator, price (the sum of its milestones, which
# money.amounts.split keeps equal to the signed price) and currency are frozen on DealMoney at
# signature, and `cancelled` set with the deal's cancellation, so no offer row is read.
DEALS = Ledger("creator", "brand", "agency", "sealed_at", "currency")
INVOICES = Ledger("creator", "brand", "agency", "issued_on", "currency")
# Payments copy their invoice's creator, agency and brand, and their deal's partner, when recorded.
PAYMENTS = Ledger("creator", "brand", "agency", "paid_on", "currency")


@dataclass(frozen=True)
class Ledgers:
    deals: object  # DealMoney of the signed deals: what was booked (the deals export lists them)
    invoices: object  # issued, overdue and paid
    payments: object


def ledgers(role, creator=None, ids: list[int] | None = None) -> Ledgers:
    """What `role` sees of the signed deals, counted invoices and payments (of one creator, if
    given): the creator her own; agency staff their agency's deals with the creators of
    `reach(role)` (`ids`, or read now). The caller checked `require_earnings` or
    `creator_for_agency`."""
    deals = DealMoney.objects.filter(sealed_at__isnull=False, cancelled=False)
    if role is None or role.kind not in (RoleKind.CREATOR, RoleKind.AGENCY):
        none = Invoice.objects.none()
        return Ledgers(deals.none(), none, Payment.objects.none())
    if role.kind == RoleKind.CREATOR:
        invoices = Invoice.objects.visible_to(role)
        payments = Payment.objects.filter(creator=role.creator)
        deals = deals.filter(creator=role.creator)
    else:
        ids = reach(role) if ids is None else ids
        # Invoice.objects.visible_to(role) with the creators read once: a list of ids gives
        # PostgreSQL the row estimates a subquery on the scopes' text hides.
        who = ids if len(ids) <= LISTED_AT_MOST else _sharing(role)
        invoices = Invoice.objects.filter(_among("creator", who), agency=role.agency)
        payments = Payment.objects.filter(_among("creator", who), agency=role.agency)
        deals = deals.filter(_among("creator", who), agency=role.agency)
    if creator is not None:
        invoices, payments = (
            invoices.filter(creator=creator),
            payments.filter(creator=creator),
        )
        deals = deals.filter(creator=creator)
    return Ledgers(deals, invoices.filter(status__in=COUNTED), payments)


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

    def copy(self) -> "Figures":
        # The same Decimal objects (immutable): thousands of rows allocate no new ones.
        return Figures(
            self.booked,
            self.invoiced,
            self.overdue,
            self.paid,
            self.commission,
            self.shared,
            self.net,
        )

    def add(self, other: "Figures") -> None:
        # Spelled out: a page adds thousands of rows, and a loop over fields() was a fifth of it.
        self.booked += other.booked
        self.invoiced += other.invoiced
        self.overdue += other.overdue
        self.paid += other.paid
        self.commission += other.commission
        self.shared += other.shared
        self.net += other.net

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


def _group(by: By, ledger: Ledger) -> tuple[dict, str]:
    """(annotations, the values field) naming one grouping's key in a ledger's rows."""
    if by == By.CREATOR:
        return {}, ledger.creator
    if by == By.BRAND:
        return {}, ledger.brand
    if by == By.MANAGER:
        return {}, f"{ledger.creator}__representations__lead_manager"
    utc = {"tzinfo": UTC} if ledger.date.endswith("_at") else {}  # a time: its UTC month
    return {"month": TruncMonth(ledger.date, output_field=DateField(), **utc)}, "month"


def _lead_q(ledger: Ledger) -> Q:
    """The one active representation of the creator by the row's agency: its lead manager."""
    reps = f"{ledger.creator}__representations"
    return Q(
        **{f"{reps}__status": RepresentationStatus.ACTIVE, f"{reps}__agency": F(ledger.agency)}
    )


FIGURES = tuple(f.name for f in fields(Figures))  # booked, invoiced, overdue, paid, …
AMOUNT = DecimalField(max_digits=14, decimal_places=2)

# What each ledger's rows give of the figures (the others are NULL in its rows).
MEASURES = {
    "booked": lambda: {"booked": F("price")},
    "invoiced": lambda: {
        "invoiced": F("total"),
        "overdue": Case(
            When(status=InvoiceStatus.OVERDUE, then=F("total") - F("paid_amount")),
            default=None,
            output_field=AMOUNT,
        ),
    },
    "paid": lambda: {
        "paid": F("amount"),
        "commission": F("commission"),
        "shared": F("split_amount"),
        "net": F("creator_net"),
    },
}


def _partner():
    """Whom a payment's commission is shared with, NULL when it is not: the deal's partner
    (frozen at signature, copied on the payment), for the shared payments only, so that the paid
    ledger gives the shares too."""
    return Case(
        When(split_amount__gt=0, then=F("shared_with")),
        default=Value(None),
        output_field=CharField(),
    )


def _ledger_rows(queryset, ledger: Ledger, groups: tuple[By, ...], measure: str, partner=None):
    """One ledger's sums per grouping keys, currency and partner, as the same columns for every
    ledger: the keys k0, k1…, `cur`, `partner`, then each of FIGURES (NULL where the ledger
    gives none)."""
    keys = {}
    for n, by in enumerate(groups):
        more, name = _group(by, ledger)
        keys[f"k{n}"] = more.get("month", F(name))
        if by == By.MANAGER:
            queryset = queryset.filter(_lead_q(ledger))
    keys["cur"] = F(ledger.currency)
    keys["partner"] = partner if partner is not None else Value(None, CharField())
    given = MEASURES[measure]()
    sums = {
        f"m_{name}": Sum(given[name]) if name in given else Cast(Value(None), AMOUNT)
        for name in FIGURES
    }
    return (
        queryset.annotate(**keys)
        .values(*keys)
        .annotate(**sums)
        .order_by()
        .values_list(*keys, *sums)
    )


_SQLITE_DECIMAL = decimal.Context(prec=15).create_decimal_from_float  # as Django converts


def _month(value) -> date:
    """A month key as the database gave it outside the ORM: a date, a time, or (SQLite) text."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, str):
        return date.fromisoformat(value[:10])
    return value


def _grouped(querysets: list, groups: tuple[By, ...]):
    """One query for all the ledgers: each grouped on its own, the groups put together (UNION
    ALL) and added up per keys, currency and partner; rows of (keys, currency, partner, sums in
    the order of FIGURES). One round trip and one row per creator and currency, where a query
    per ledger gave three."""
    combined = querysets[0].union(*querysets[1:], all=True)
    try:
        inner, params = combined.query.get_compiler(using=combined.db).as_sql()
    except EmptyResultSet:
        return
    q = connection.ops.quote_name
    keys = [q(f"k{n}") for n in range(len(groups))] + [q("cur"), q("partner")]
    # Each ledger grouped on its own, then their sums added per keys, currency and partner.
    sums = [f"SUM({q(f'm_{name}')})" for name in FIGURES]
    # Only our own quoted column names and the ORM's SQL, whose values are all parameters.
    select, by = ", ".join(keys + sums), ", ".join(keys)
    sql = f"SELECT {select} FROM ({inner}) {q('ledger')} GROUP BY {by}"  # noqa: S608
    width = len(groups)
    months = [n for n, by in enumerate(groups) if by == By.MONTH]
    # SQLite sums decimals as floating-point numbers: back to the currency's unit. PostgreSQL's
    # sums of numeric columns are exact already.
    exact = connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    for row in rows:
        key = row[:width]
        if months:
            key = tuple(_month(k) if n in months else k for n, k in enumerate(key))
        currency, partner = row[width], row[width + 1]
        amounts = row[width + 2 :]
        if exact:
            amounts = tuple(amount or ZERO for amount in amounts)
        else:
            amounts = tuple(
                ZERO if amount is None else rounded(_SQLITE_DECIMAL(amount), currency)
                for amount in amounts
            )
        yield key, currency, partner, amounts


def _collect(role, groups: tuple[By, ...], period: Period, creator=None, ids=None):
    """({(keys, currency): Figures} over the three ledgers, the commission shared): one query
    over the three ledgers (the paid one names the partners of the shared payments too)."""
    found = ledgers(role, creator, ids)
    collected: dict[tuple, Figures] = {}
    querysets = [
        # (price is NULL only on a deal signed with no milestones, which books nothing)
        _ledger_rows(
            found.deals.filter(period.q(DEALS.date), price__isnull=False), DEALS, groups, "booked"
        ),
        _ledger_rows(found.invoices.filter(period.q(INVOICES.date)), INVOICES, groups, "invoiced"),
        _ledger_rows(
            found.payments.filter(period.q(PAYMENTS.date)), PAYMENTS, groups, "paid", _partner()
        ),
    ]
    shares: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    shared = FIGURES.index("shared")
    for keys, currency, partner, amounts in _grouped(querysets, groups):
        if partner is not None:
            shares[partner, currency] += amounts[shared]
        figures = collected.get((keys, currency))
        if figures is None:  # most often: one row per keys and currency
            collected[keys, currency] = Figures(*amounts)
            continue
        for name, amount in zip(FIGURES, amounts, strict=True):
            if amount is ZERO:
                continue
            # Each Decimal is an object the garbage collector tracks: add only when needed.
            held = getattr(figures, name)
            setattr(figures, name, amount if held is ZERO else held + amount)
    return collected, _shares(shares)


def _shares(shares: dict) -> list[tuple[str, str, Decimal]]:
    """The commission shared with a co-agency or referrer, as (partner, currency, amount) in
    that order, leaving out the partners owed nothing."""
    return [
        (partner, currency, rounded(amount, currency))
        for (partner, currency), amount in sorted(shares.items())
        if amount
    ]


def _labels(role, by: By, keys: set) -> dict:
    """{key: (public key, label, detail)} of one grouping's keys: one query (none by month).
    Creators are read by the rule rather than by a list of thousands of ids."""
    if by == By.MONTH:
        return {month: (f"{month:%Y-%m}", "", "") for month in keys}
    known = [key for key in keys if key is not None]
    if by == By.CREATOR:
        if role is not None and role.kind == RoleKind.AGENCY and len(known) > 100:
            creators = CreatorProfile.objects.filter(pk__in=_sharing(role))
        else:  # (built only when used: preparing thousands of ids costs ~2 ms)
            creators = CreatorProfile.objects.filter(pk__in=known)
        # In no order: the rows are sorted once labelled.
        rows = creators.order_by().values_list("pk", "public_id", "handle", "display_name")
        return {pk: (str(public_id), f"@{handle}", name) for pk, public_id, handle, name in rows}
    if by == By.BRAND:
        rows = Brand.objects.filter(pk__in=known).values_list("pk", "public_id", "name")
        return {pk: (str(public_id), name, "") for pk, public_id, name in rows}
    rows = User.objects.filter(pk__in=known).values_list("pk", "public_id", "name", "email")
    labels = {pk: (str(public_id), name or email, email) for pk, public_id, name, email in rows}
    return labels | {None: ("", _("No lead manager"), "")}


def _rows(role, collected: dict, by: By, index: int = 0) -> list[Row]:
    """The collected figures folded onto one grouping (the `index`-th key), labelled, sorted."""
    labels = _labels(role, by, {keys[index] for keys, _currency in collected})
    by_month = by == By.MONTH
    folded: dict[tuple, Row] = {}
    for (keys, currency), figures in collected.items():
        raw = keys[index]
        key, label, detail = labels[raw]
        row = folded.get((key, currency))
        if row is None:
            month = raw if by_month else None
            folded[key, currency] = Row(key, label, currency, figures.copy(), detail, month)
        else:
            row.figures.add(figures)
    return sorted(
        folded.values(), key=lambda r: (r.month or date.min, r.label.lower(), r.key, r.currency)
    )


def _totals(rows: list[Row]) -> dict[str, Figures]:
    totals: dict[str, Figures] = {}
    for row in rows:
        totals.setdefault(row.currency, Figures()).add(row.figures)
    return dict(sorted(totals.items()))


def earnings(role, by: By, period: Period, creator=None, ids=None) -> Earnings:
    """The role's earnings grouped one way, per currency, with the commission shared: two
    queries (three for staff without `ids`, the `reach` that `require_earnings` returned)."""
    by = By(by)
    collected, shares = _collect(role, (by,), period, creator, ids)
    rows = _rows(role, collected, by)
    return Earnings(by, rows, _totals(rows), shares)


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
    shares her earnings with (the caller asked `creator_for_agency`): by month and by brand,
    the commission shared, what brands still owe, the open invoices. Four queries."""
    ids = [creator.pk] if creator is not None else None
    collected, shares = _collect(role, (By.MONTH, By.BRAND), period, creator, ids)
    by_month = _rows(role, collected, By.MONTH, 0)
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
        by_brand=_rows(role, collected, By.BRAND, 1),
        totals=_totals(by_month),
        shares=shares,
        owed=owed,
        open_invoices=list(listed[:OPEN_LISTED]),
    )


def monthly(rows: list[Row], period: Period, currency: str) -> list[tuple[date, Figures]]:
    """Every month of the period with its figures in `currency` (zero when nothing happened):
    what the chart draws."""
    found = {row.month: row.figures for row in rows if row.currency == currency}
    return [(month, found.get(month, Figures())) for month in period.months()]
