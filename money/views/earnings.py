"""Earnings pages (issue 16): the creator's own statement; for agency staff the agency's earnings
in tabs (by creator, lead manager, brand, month) and one creator's statement, the very figures
she sees; a bar chart per month and currency; exports of deals, invoices and earnings.

Every page asks the permission decision through money.earnings (`require_earnings`,
`creator_for_agency`): brands get 404, staff none of whose creators shares her earnings 403.
"""

import uuid

from django import forms
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import path, re_path
from django.utils.csp import CSP
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csp import csp_override

from access.decorators import role_required
from access.roles import RoleKind
from money import charts, earnings, exports
from money.earnings import By, Period

CREATOR_SIDE = ("agency", "creator")
PAGE_SIZE = 50
TABS = [
    (By.CREATOR, gettext_lazy("By creator")),
    (By.MANAGER, gettext_lazy("By lead manager")),
    (By.BRAND, gettext_lazy("By brand")),
    (By.MONTH, gettext_lazy("By month")),
]
EXPORTS = [
    ("deals", gettext_lazy("Signed deals")),
    ("invoices", gettext_lazy("Invoices")),
    ("earnings", gettext_lazy("Earnings")),
]


class PeriodForm(forms.Form):
    """The period filter: `from` and `to` (both included); either left empty keeps the last
    twelve months' end."""

    def __init__(self, data=None):
        super().__init__(data)
        widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
        self.fields["from"] = forms.DateField(label=_("From"), required=False, widget=widget)
        self.fields["to"] = forms.DateField(label=_("To"), required=False, widget=widget)

    def clean(self):
        data = super().clean()
        if "from" in data and "to" in data:
            start, end = _ends(data.get("from"), data.get("to"))
            problem = earnings.period_problem(start, end)
            if problem:
                raise forms.ValidationError(problem)
        return data

    def period(self) -> Period:
        if not self.is_valid():
            return Period.default()
        return Period(*_ends(self.cleaned_data.get("from"), self.cleaned_data.get("to")))


def _ends(start, end) -> tuple:
    """A period's days, either end left empty: today, and eleven months before the end."""
    end = end or earnings.today()
    start = start or earnings.first_of_month(min(end, earnings.LAST_DAY), 11)
    return start, end


def _period(request) -> tuple[PeriodForm, Period]:
    params = {name: request.GET[name] for name in ("from", "to") if request.GET.get(name)}
    form = PeriodForm(params or None)
    period = form.period()
    if not params:
        form = PeriodForm({"from": period.start.isoformat(), "to": period.end.isoformat()})
    return form, period


def _query(period: Period, **extra) -> str:
    params = {"from": period.start.isoformat(), "to": period.end.isoformat(), **extra}
    return "&".join(f"{name}={value}" for name, value in params.items() if value)


@role_required(*CREATOR_SIDE)
def earnings_page(request):
    """The creator: her own statement. Agency staff: the agency's earnings, one tab per
    grouping; HTMX swaps only the table."""
    role = request.role
    form, period = _period(request)
    if role.kind == RoleKind.CREATOR:
        return _statement_page(request, form, period, creator=None)
    ids = earnings.require_earnings(role)
    by = request.GET.get("by")
    by = By(by) if by in By else By.CREATOR
    result = earnings.earnings(role, by, period, ids=ids)
    context = {
        "form": form,
        "period": period,
        "by": by,
        "tabs": TABS,
        "result": result,
        # The sums are all computed at once (the totals need them); a page shows 50 rows.
        "page": Paginator(result.rows, PAGE_SIZE).get_page(request.GET.get("page")),
        "query": _query(period),
        "exports": EXPORTS,
    }
    template = "money/earnings_agency.html"
    if request.htmx and request.htmx.target == "earnings-table":
        template += "#earnings-table"
    return render(request, template, context)


@role_required("agency")
def creator_earnings(request, public_id):
    """One creator's statement for her agency's staff: exactly what she sees on her own page
    (404 out of reach, 403 without her `view_earnings` grant)."""
    creator = earnings.creator_for_agency(request.role, public_id)
    form, period = _period(request)
    return _statement_page(request, form, period, creator=creator)


def _statement_page(request, form, period, *, creator):
    statement = earnings.statement(request.role, period, creator)
    context = {
        "form": form,
        "period": period,
        "statement": statement,
        "creator": creator,
        "query": _query(period, creator=creator.public_id if creator else ""),
        "exports": EXPORTS,
    }
    template = "money/earnings_creator.html"
    if request.htmx and request.htmx.target == "statement":
        template += "#statement"
    return render(request, template, context)


def _creator_param(request):
    """The `creator` of a chart or an export, for agency staff; None for the agency-wide one."""
    public_id = request.GET.get("creator")
    if not public_id:
        return None
    try:
        public_id = uuid.UUID(public_id)
    except ValueError:
        raise Http404 from None
    if request.role.kind != RoleKind.AGENCY:
        raise Http404
    return earnings.creator_for_agency(request.role, public_id)


def _scope(request):
    """(creator or None, the creators' ids for staff) of a chart or an export, after the
    permission decision."""
    creator = _creator_param(request)
    if creator is not None:
        return creator, [creator.pk]
    return None, earnings.require_earnings(request.role)


@role_required(*CREATOR_SIDE)
@csp_override({"default-src": [CSP.NONE], "style-src": [CSP.UNSAFE_INLINE], "img-src": [CSP.SELF]})
def earnings_chart(request):
    """The bar chart of one currency's months (an SVG document for an <img>): the creator's,
    one creator's for her agency (`creator`), or the agency's; without `currency`, the first
    currency of the period."""
    creator, ids = _scope(request)
    currency = request.GET.get("currency", "")
    if currency and not (len(currency) == 3 and currency.isalpha() and currency.isupper()):
        raise Http404
    _form, period = _period(request)
    result = earnings.earnings(request.role, By.MONTH, period, creator, ids)
    currency = currency or next(iter(result.totals), "")  # none asked: the first there is
    svg = charts.earnings_by_month(earnings.monthly(result.rows, period, currency), currency)
    response = HttpResponse(svg, content_type="image/svg+xml")
    response["Cache-Control"] = "private, no-store"
    return response


@role_required(*CREATOR_SIDE)
def earnings_export(request, fmt):
    """`?what=deals|invoices|earnings` of the period as CSV or XLSX; `by` groups the earnings,
    `creator` narrows an agency's export to one creator."""
    creator, ids = _scope(request)
    what = request.GET.get("what", "earnings")
    if what not in exports.WHAT:
        raise Http404
    by = request.GET.get("by")
    by = By(by) if by in By else None
    if by == By.MANAGER and request.role.kind != RoleKind.AGENCY:
        by = None
    form, period = _period(request)
    if not form.is_valid():
        raise Http404
    header, rows = exports.table(request.role, what, period, creator, by, ids)
    who = f"-{creator.handle}" if creator is not None else ""
    filename = f"{what}{who}-{period.start:%Y%m%d}-{period.end:%Y%m%d}.{fmt}"
    if fmt == "csv":
        return exports.csv_response(header, rows, filename)
    title = dict(EXPORTS)[what]
    return exports.xlsx_response(header, rows, filename, str(title))


urlpatterns = [
    path("earnings/", earnings_page, name="earnings"),
    path("earnings/creators/<uuid:public_id>/", creator_earnings, name="creator-earnings"),
    path("earnings/chart.svg", earnings_chart, name="earnings-chart"),
    re_path(r"^earnings/export\.(?P<fmt>csv|xlsx)$", earnings_export, name="earnings-export"),
]
