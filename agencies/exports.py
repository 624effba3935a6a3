"""The roster as CSV or XLSX (issue 19): the rows the roster page lists with its filters and
sort (`agencies.queries.roster`, so a member sees only the creators assigned to them), and a
figure a creator withholds from the agency is written "withheld", never its value. The writers
are talentdesk.lib.spreadsheets' (formula cells neutralised)."""

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from access.decorators import role_required
from agencies import queries
from agencies.forms import RosterFilterForm
from talentdesk.lib import spreadsheets

FORMATS = ("csv", "xlsx")


@role_required("agency")
def roster_export(request, fmt):
    """The filtered roster as a spreadsheet."""
    if fmt not in FORMATS:
        raise Http404
    role = request.role
    form = RosterFilterForm(request.GET or None, agency=role.agency)
    filters = form.cleaned_data if form.is_valid() else {}
    rows = queries.roster(role, **{k: v for k, v in filters.items() if v not in ("", None)})
    header = [
        _("Handle"),
        _("Name"),
        _("Followers"),
        _("Median views"),
        _("Engagement rate"),
        _("30-day growth"),
        _("Rate from"),
        _("Currency"),
        _("Categories"),
        _("Country"),
        _("Lead manager"),
        _("Scopes"),
        _("Since"),
    ]
    withheld = _("withheld")
    zone = timezone.get_current_timezone()

    def lines():
        for rep in rows:
            creator = rep.creator
            m = getattr(creator, "metrics", None)
            if rep.insights_shared:
                insights = [getattr(m, f, None) for f in ("median_views", "engagement_rate")]
                insights.append(getattr(m, "follower_growth_rate", None))
            else:
                insights = [withheld] * 3
            if not rep.rates_shared:
                rate = [withheld, ""]
            elif m is not None and m.rate_from is not None:
                rate = [(m.rate_from, m.rate_currency), m.rate_currency]
            else:
                rate = [None, ""]
            yield [
                creator.handle,  # without the @, which a spreadsheet would take for a formula
                creator.display_name,
                creator.followers,
                *insights,
                *rate,
                ", ".join(str(c.label) for c in creator.categories.all()),
                creator.country,
                rep.lead_manager.name if rep.lead_manager else "",
                ", ".join(str(label) for label in rep.scope_labels),
                rep.started_at.astimezone(zone).date() if rep.started_at else None,
            ]

    filename = f"roster-{timezone.localdate().isoformat()}.{fmt}"
    if fmt == "csv":
        return spreadsheets.csv_response(header, lines(), filename)
    return spreadsheets.xlsx_response(header, lines(), filename, title=_("Roster"))
