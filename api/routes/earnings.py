"""Earnings (issue 16): what was booked, invoiced, paid and is overdue, the commission and the
creator's net over a period, grouped by creator, brand or month, one row per currency (amounts
in different currencies are never added up).

The same figures as the earnings pages (money.earnings), through the same decision: the
creator sees her own; agency staff the creators they reach who granted `view_earnings` (403 when
none does); brands 403. Amounts are decimal strings in their currency's decimal places.
"""

import re
from datetime import date
from typing import Literal

from ninja import Field, Query, Router, Schema
from pydantic import field_validator

from api import schemas
from api.core import PageQuery, responses
from api.schemas import Clean
from money import earnings
from money.earnings import By, Period
from talentdesk.lib.errors import ActionError

router = Router(tags=["money"])
ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


class EarningsQuery(Clean):
    by: Literal["creator", "brand", "month"] = Field(
        "creator", description="One row per creator, brand or month, and currency"
    )
    start: date | None = Field(
        None, alias="from", description="First day counted (default: the month 11 months ago)"
    )
    end: date | None = Field(None, alias="to", description="Last day counted (default: today)")

    @field_validator("start", "end", mode="before")
    @classmethod
    def _iso_day(cls, value):
        """YYYY-MM-DD only: pydantic would read `0` as a Unix time, 1970-01-01."""
        if value is None or (isinstance(value, str) and ISO_DAY.fullmatch(value)):
            return value
        raise ValueError("Give a day as YYYY-MM-DD.")


class FiguresOut(Schema):
    currency: str = Field(..., examples=["EUR"])
    booked: str = Field(..., description="Price of the contracts signed", examples=["1500.00"])
    invoiced: str = Field(..., description="Total of the invoices issued (void ones left out)")
    overdue: str = Field(..., description="Still unpaid on those of them overdue today")
    paid: str = Field(..., description="Payments received")
    commission: str = Field(..., description="The agency's commission on the payments")
    shared_commission: str = Field(..., description="Its part owed to a co-agency or referrer")
    agency_keeps: str = Field(..., description="commission − shared_commission")
    creator_net: str = Field(..., description="paid − commission")


class EarningsRowOut(FiguresOut):
    key: str = Field(..., description="The creator's or brand's id, or the month as YYYY-MM")
    label: str = Field(..., description="The creator's @handle, the brand's name, or YYYY-MM")


class ShareOut(Schema):
    shared_with: str
    currency: str
    amount: str


class PeriodOut(Schema):
    start: date
    end: date


class EarningsOut(Schema):
    by: str
    period: PeriodOut
    totals: list[FiguresOut] = Field(..., description="One per currency")
    shares: list[ShareOut] = Field(..., description="The commission shared, per partner")
    count: int
    page: int
    page_size: int
    next: str | None
    previous: str | None
    results: list[EarningsRowOut]


def figures_out(currency: str, figures) -> dict:
    def money(value) -> str | None:
        return schemas.money(value, currency)

    return {
        "currency": currency,
        "booked": money(figures.booked),
        "invoiced": money(figures.invoiced),
        "overdue": money(figures.overdue),
        "paid": money(figures.paid),
        "commission": money(figures.commission),
        "shared_commission": money(figures.shared),
        "agency_keeps": money(figures.agency_keeps),
        "creator_net": money(figures.net),
    }


@router.get("/earnings", response=responses(200, EarningsOut), by_alias=False)
def get_earnings(request, filters: Query[EarningsQuery], page: Query[PageQuery]):
    """Earnings over a period (`from`, `to`, both included), one row per creator, brand or
    month and currency, with the totals of each currency."""
    ids = earnings.require_earnings(request.role)
    end = filters.end or earnings.today()
    start = filters.start or earnings.first_of_month(min(end, earnings.LAST_DAY), 11)
    problem = earnings.period_problem(start, end)
    if problem:
        raise ActionError(problem, field="from")
    period = Period(start, end)
    result = earnings.earnings(request.role, By(filters.by), period, ids=ids)
    rows = [
        {
            "key": row.key,
            "label": row.key if filters.by == By.MONTH else row.label,
            **figures_out(row.currency, row.figures),
        }
        for row in result.rows
    ]
    first = (page.page - 1) * page.page_size

    def link(number):
        params = request.GET.copy()
        params["page"] = number
        return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")

    return {
        "by": filters.by,
        "period": {"start": start, "end": end},
        "totals": [figures_out(currency, f) for currency, f in result.totals.items()],
        "shares": [
            {"shared_with": partner, "currency": currency, "amount": f"{amount:f}"}
            for partner, currency, amount in result.shares
        ],
        "count": len(rows),
        "page": page.page,
        "page_size": page.page_size,
        "next": link(page.page + 1) if first + page.page_size < len(rows) else None,
        "previous": link(page.page - 1) if page.page > 1 else None,
        "results": rows[first : first + page.page_size],
    }
