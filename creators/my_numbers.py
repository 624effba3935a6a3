"""My numbers: the creator's own insights, the very figures her agency sees on the creator page
(`creators.views.creator_detail`), from the same queries and the same partials of
`creators/creator.html`. Hers always, whatever she granted an agency: her data is hers."""

from types import SimpleNamespace

from django.shortcuts import render

from access import permissions
from access.decorators import role_required
from access.models import Representation
from access.scopes import Scope
from agencies.models import Agency
from creators import queries
from creators.views import _brand_fit


def default_benchmark():
    """The suggested rate's benchmark for a creator no agency represents: the defaults an
    agency starts with (benchmark CPM and its currency)."""
    fields = {f.name: f.default for f in Agency._meta.get_fields() if f.name.startswith("bench")}
    return SimpleNamespace(**fields)


@role_required("creator")
def my_numbers(request):
    """Metrics over a window, charts, audience, rate card with its history and the suggested
    rate, for the signed-in creator (the decision is `Party.CREATOR`: every figure)."""
    creator = request.role.creator
    grant = permissions.decide(request.role, creator)
    rep = (
        Representation.objects.active()
        .filter(creator=creator)
        .select_related("agency", "lead_manager")
        .first()
    )
    # The rate card's "benchmark CPM" line reads rep.agency: hers, or the defaults.
    benchmark = rep.agency if rep else default_benchmark()
    context = {
        "creator": creator,
        "grant": grant,
        "rep": rep or SimpleNamespace(agency=benchmark),
        "can_see_insights": grant.sees(Scope.VIEW_INSIGHTS),
        "can_see_rates": grant.sees_rates(),
        "can_edit_rates": False,  # a page to look at: no rate form here
        **queries.insights(creator, request.GET.get("window"), benchmark),
    }
    context["fit_form"], context["fit"] = _brand_fit(request, creator, context)
    facts = queries.creator_facts(
        creator, figures=True, source_metrics=context.get("other_source_metrics")
    )
    context["categories"] = facts.categories
    context["other_platforms"] = facts.platforms
    return render(request, "creators/my_numbers.html", context)
