from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.csp import CSP
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csp import csp_override
from django.views.decorators.http import require_POST

from access.decorators import login_required, role_required
from access.models import AuditEvent, Representation, RepresentationStatus
from access.roles import SESSION_KEY
from access.scopes import Scope
from access.transitions import verbs_for
from creators import actions, charts, queries
from creators.forms import BrandFitForm, CreatorProfileForm, RateForm
from creators.metrics import compute
from creators.models import Deliverable
from talentdesk.lib.errors import ActionError


def creator_home(request):
    """Home for a creator (reached through `talentdesk.views.home`, which checks the hat): their
    profile, who represents them with which scopes, open proposals and recent activity."""
    creator = request.role.creator
    representations = Representation.objects.filter(creator=creator).select_related(
        "agency", "lead_manager"
    )
    context = {
        "creator": creator,
        "categories": creator.categories.all(),
        "active": next(
            (r for r in representations if r.status == RepresentationStatus.ACTIVE), None
        ),
        "proposals": [r for r in representations if r.status == RepresentationStatus.PROPOSED],
        "activity": AuditEvent.objects.filter(on_behalf_of=creator).order_by("-created_at", "-id")[
            :6
        ],
    }
    return render(request, "creators/home.html", context)


@login_required
def profile_create(request):
    """A user sets up their creator profile (or claims the unclaimed one with their handle)."""
    form = CreatorProfileForm(request.POST or None, creating=True)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            profile = actions.create_creator_profile(actor=request.user, **data)
        except ActionError as error:
            form.add_error(error.field, error.message)
        else:
            request.session[SESSION_KEY] = "creator"
            messages.success(
                request,
                _("Your creator profile %(handle)s is ready.") % {"handle": profile.at_handle},
            )
            return redirect("home")
    return render(request, "creators/profile_form.html", {"form": form, "creating": True})


@role_required("creator")
def profile_edit(request):
    profile = request.role.creator
    form = CreatorProfileForm(request.POST or None, instance=profile)
    if request.method == "GET":
        form.initial["categories"] = list(profile.categories.values_list("slug", flat=True))
        form.initial["languages"] = profile.languages
        handles = queries.other_handles(profile)
        for name, platform in form.OTHER_HANDLES.items():
            form.initial[name] = handles[platform].handle if platform in handles else ""
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        categories = data.pop("categories")
        other = {platform: data.pop(name) for name, platform in form.OTHER_HANDLES.items()}
        try:
            actions.update_creator_profile(
                profile, actor=request.user, categories=categories, other_handles=other, **data
            )
        except ActionError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, _("Your profile was saved."))
            return redirect("home")
    return render(request, "creators/profile_form.html", {"form": form, "creating": False})


@role_required("creator")
def handle_verify(request):
    """Her handle's verification: where it stands, and "Verify with TikTok" (a POST to
    allauth's TikTok login in the connect flow; creators/social.py completes it), or a plain
    sentence when this installation has no TikTok app."""
    from creators.social import tiktok_configured

    context = {"creator": request.role.creator, "configured": tiktok_configured(request)}
    return render(request, "creators/handle_verify.html", context)


@role_required("agency")
def creator_detail(request, public_id):
    """One represented creator as the agency sees them: profile, performance over a window,
    audience and rate card (each shown only as far as she allows, with a line saying why when
    withheld), the team, and what the agency may do."""
    creator, grant = queries.get_creator_and_grant(request.role, public_id)
    context = _creator_context(request, creator, grant)
    template = "creators/creator.html"
    if request.htmx and request.htmx.target == "rate-card":
        template += "#rate-card"
    return render(request, template, context)


def _creator_context(request, creator, grant, rate_form=None, editing=None):
    rep = grant.representation
    can_edit = grant.may(Scope.MANAGE_RATES)
    context = {
        "rep": rep,
        "creator": creator,
        "grant": grant,
        "team": rep.team.all(),
        "verbs": verbs_for(request.role, rep),
        "can_act": request.role.can_act,
        "can_see_insights": grant.sees(Scope.VIEW_INSIGHTS),
        "insights_withheld": grant.withheld(Scope.VIEW_INSIGHTS),
        "can_see_rates": grant.sees_rates(),
        "rates_withheld": grant.withheld(Scope.MANAGE_RATES),
        "can_edit_rates": can_edit,
        "editing": (editing or request.GET.get("edit")) if can_edit else None,
        "rate_form": rate_form,
    }
    if grant.sees_rates() or grant.sees(Scope.VIEW_INSIGHTS):
        context.update(queries.insights(creator, request.GET.get("window"), rep.agency))
        # The line being edited opens with its own price and currency (a GBP line opened on
        # EUR, and saving turned 150 GBP into 150 EUR).
        line = next((r for r in context["rates"] if r.deliverable == context["editing"]), None)
        context["editing_line"] = line
        if can_edit and rate_form is None:
            context["rate_form"] = RateForm(
                initial={
                    "deliverable": context["editing"] or Deliverable.VIDEO,
                    "amount": line.amount if line else None,
                    "currency": line.currency if line else rep.agency.benchmark_currency,
                }
            )
    if grant.sees(Scope.VIEW_INSIGHTS):
        context["fit_form"], context["fit"] = _brand_fit(request, creator, context)
    # Her Instagram, YouTube… handles for everyone; their figures, kept apart from the TikTok
    # insights, only with the insights.
    facts = queries.creator_facts(
        creator,
        figures=grant.sees(Scope.VIEW_INSIGHTS),
        source_metrics=context.get("other_source_metrics"),
    )
    context["categories"] = facts.categories
    context["other_handles"] = [p.handle for p in facts.platforms if p.handle]
    context["other_platforms"] = facts.platforms
    return context


def _brand_fit(request, creator, insights):
    if "fit" not in request.GET:
        return BrandFitForm(), None
    form = BrandFitForm(request.GET)
    if not form.is_valid():
        return form, None
    fit = queries.brand_fit(
        creator, insights["metrics"], audience=insights["audience"], **form.cleaned_data
    )
    return form, fit


@role_required("agency")
@require_POST
def creator_rate(request, public_id):
    """Change one rate-card line (needs manage_rates); answers with the refreshed rate card."""
    creator, grant = queries.get_creator_and_grant(request.role, public_id)
    grant.require(Scope.MANAGE_RATES)
    form = RateForm(request.POST, removing="remove" in request.POST)
    if form.is_valid():
        try:
            actions.set_rate(
                creator,
                form.cleaned_data["deliverable"],
                form.cleaned_data["amount"],
                form.cleaned_data["currency"],
                actor=request.user,
                role=request.role,
            )
        except ActionError as error:
            form.add_error(error.field, error.message)
        else:
            if not request.htmx:
                messages.success(request, _("The rate card was saved."))
                return redirect("creators:creator", public_id=creator.public_id)
            form = None
    editing = request.POST.get("deliverable") if form is not None else None
    context = _creator_context(request, creator, grant, rate_form=form, editing=editing)
    if request.htmx:
        # 200 with the errors next to their fields: htmx swaps in no 4xx answer, so a 422 left
        # the user looking at an unchanged card.
        return render(request, "creators/creator.html#rate-card", context)
    return render(request, "creators/creator.html", context, status=422)


CHARTS = {"followers", "views", "engagement", "genders", "ages", "countries", "devices"}
AUDIENCE_LABELS = {
    "genders": {
        "female": gettext_lazy("Female"),
        "male": gettext_lazy("Male"),
        "other": gettext_lazy("Other or unknown"),
    },
    "devices": {"ios": "iOS", "android": "Android"},
}


@role_required("agency", "creator")
@csp_override({"default-src": [CSP.NONE], "style-src": [CSP.UNSAFE_INLINE], "img-src": [CSP.SELF]})
def creator_chart(request, public_id, name):
    """One chart as an SVG document (for an <img>), to whoever may see the creator's insights
    (read-only staff too, and the creator herself on My numbers): the page and its charts give
    the same answer."""
    creator, grant = queries.get_creator_and_grant(request.role, public_id)
    if not grant.sees(Scope.VIEW_INSIGHTS):
        raise PermissionDenied(grant.withheld(Scope.VIEW_INSIGHTS))
    if name not in CHARTS:
        raise Http404
    window = request.GET.get("window")
    if name == "followers":
        svg = charts.followers_over_time(queries.follower_series(creator, window))
    elif name == "views":
        svg = charts.views_per_video(queries.window_video_list(creator, window))
    elif name == "engagement":
        _key, args = queries.window_args(window)
        svg = charts.engagement_breakdown(compute(creator, **args))
    else:
        audience = queries.latest_audience(creator)
        shares = getattr(audience, name, None) if audience else None
        titles = {
            "genders": _("Gender"),
            "ages": _("Age"),
            "countries": _("Countries"),
            "devices": _("Devices"),
        }
        if not shares:
            svg = charts.empty(titles[name], _("Not available from this source"))
        else:
            svg = charts.audience_shares(
                titles[name], shares, AUDIENCE_LABELS.get(name), in_order=name == "ages"
            )
    response = HttpResponse(svg, content_type="image/svg+xml")
    response["Cache-Control"] = "private, no-store"
    return response
