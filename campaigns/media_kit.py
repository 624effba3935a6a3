"""A creator's media kit (issue 19): the public page, its PDF, its settings, and a brand's "Ask
for an offer". It lives with the deals because two of its parts are deals: the past
collaborations it may name (brands of her completed deals that agreed to be shown) and the
campaign a brand's request opens. The kit itself (`creators.models.MediaKit`) and its one verb
(`creators.actions.update_media_kit`) are the creators app's.

Off, the kit does not exist for anyone (404, the anonymous included); on, anyone with its
unguessable link sees exactly the parts chosen, and her rate card only when it is public: what
`access.permissions` grants the public (`Grant.sees_rates`)."""

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from access import permissions
from access.decorators import public, role_required
from access.roles import RoleKind
from access.scopes import Scope
from brands.models import Brand
from campaigns.models import Campaign
from campaigns.transitions import OfferStatus
from creators import actions as creator_actions
from creators import queries as creator_queries
from creators.metrics import compute
from creators.models import KitMetric, MediaKit, Rate
from creators.views import AUDIENCE_LABELS  # the creator page's names of genders
from talentdesk.lib.errors import ActionError
from talentdesk.lib.pdf import pdf_of, pdf_response

AUDIENCE_ROWS = 5  # the largest shares of each audience dimension the kit lists


def past_collaborators(creator):
    """Brands she completed a deal with that agreed to be shown in creators' media kits."""
    return Brand.objects.filter(
        shown_in_media_kits=True,
        campaigns__offers__creator=creator,
        campaigns__offers__status=OfferStatus.COMPLETED,
    ).distinct()


def get_kit_for_user(role, public_id):
    """Her kit (made on first use) and the decision, for a role that may change it: the creator
    herself, or her agency's staff who may manage her rates (404 out of reach, 403 without
    manage_rates or read-only)."""
    creator, grant = creator_queries.get_creator_and_grant(role, public_id)
    grant.require(Scope.MANAGE_RATES)
    kit, _made = MediaKit.objects.get_or_create(creator=creator)
    return kit, grant


def get_public_kit(slug):
    """A kit that is on, with its creator (404 when off or unknown)."""
    kit = MediaKit.objects.select_related("creator").filter(slug=slug, is_on=True).first()
    if kit is None:
        raise Http404
    return kit


class MediaKitForm(forms.Form):
    is_on = forms.BooleanField(
        label=gettext_lazy("My media kit is on: anyone with its link sees it"), required=False
    )
    show_bio = forms.BooleanField(label=gettext_lazy("Bio"), required=False)
    show_categories = forms.BooleanField(label=gettext_lazy("Categories"), required=False)
    show_audience = forms.BooleanField(label=gettext_lazy("Audience"), required=False)
    metrics = forms.MultipleChoiceField(
        label=gettext_lazy("Figures shown"),
        choices=KitMetric.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    collaborations = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Past collaborations shown"),
        queryset=Brand.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy(
            "Brands of your completed deals that agreed to appear in creators' media kits."
        ),
    )

    def __init__(self, *args, creator, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["collaborations"].queryset = past_collaborators(creator).order_by("name")


def kit_context(kit) -> dict:
    """What the kit shows: only the parts she chose, the rate card only when it is public."""
    creator = kit.creator
    grant = permissions.Grant(permissions.Party.PUBLIC, rates_public=creator.rates_public)
    context = {"kit": kit, "creator": creator, "figures": [], "audience": None}
    if kit.metrics:
        metrics = compute(creator, days=30, videos=None)
        labels = dict(KitMetric.choices)
        context["figures"] = [(name, labels[name], getattr(metrics, name)) for name in kit.metrics]
        context["window"] = metrics
    if kit.show_categories:
        context["categories"] = list(creator.categories.all())
    if kit.show_audience:
        audience = creator_queries.latest_audience(creator)
        if audience is not None:
            context["audience"] = audience
            context["audience_rows"] = [
                (title, _top(getattr(audience, name), AUDIENCE_LABELS.get(name, {})))
                for name, title in (
                    ("countries", _("Countries")),
                    ("genders", _("Gender")),
                    ("ages", _("Age")),
                )
                if getattr(audience, name)
            ]
    shown = past_collaborators(creator).filter(pk__in=kit.collaborations.values("pk"))
    context["collaborations"] = list(shown.order_by("name"))
    context["rates"] = list(Rate.objects.filter(creator=creator)) if grant.sees_rates() else None
    return context


def _top(shares: dict, labels: dict) -> list:
    rows = sorted(shares.items(), key=lambda item: -float(item[1]))
    return [(labels.get(key, key), share) for key, share in rows[:AUDIENCE_ROWS]]


@role_required("creator", "agency")
def kit_settings(request, public_id):
    """Turn her media kit on or off and choose what it shows (the creator, or a manager who may
    manage her rates)."""
    kit, _grant = get_kit_for_user(request.role, public_id)
    creator = kit.creator
    initial = {
        "is_on": kit.is_on,
        "show_bio": kit.show_bio,
        "show_categories": kit.show_categories,
        "show_audience": kit.show_audience,
        "metrics": kit.metrics,
        "collaborations": list(kit.collaborations.all()),
    }
    form = MediaKitForm(request.POST or None, initial=initial, creator=creator)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            creator_actions.update_media_kit(
                creator,
                actor=request.user,
                role=request.role,
                collaborations=list(data.pop("collaborations")),
                **data,
            )
        except ActionError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, _("The media kit was saved."))
            return redirect("media_kit:settings", public_id=creator.public_id)
    context = {
        "kit": kit,
        "creator": creator,
        "form": form,
        "link": request.build_absolute_uri(reverse("media_kit:kit", args=[kit.slug])),
    }
    return render(request, "creators/media_kit_settings.html", context)


@public
def kit_page(request, slug):
    """The public media kit: anyone with the link, while it is on."""
    kit = get_public_kit(slug)
    context = kit_context(kit)
    role = request.role
    context["is_brand"] = bool(role) and role.kind == RoleKind.BRAND
    return render(request, "creators/media_kit.html", context)


@public
def kit_pdf(request, slug):
    """The media kit as a PDF, for whoever may open its page."""
    kit = get_public_kit(slug)
    html = render_to_string("creators/media_kit_document.html", kit_context(kit), request)
    filename = f"media-kit-{kit.creator.handle}.pdf"
    back = reverse("media_kit:kit", args=[slug])
    return pdf_response(request, pdf_of(html), filename=filename, back=back)


@role_required("brand")
def ask_for_offer(request, slug):
    """A brand asks for an offer from the kit: it picks one of its campaigns (or starts one),
    whose offer form opens with the creator filled in."""
    kit = get_public_kit(slug)
    creator = kit.creator
    if not creator.is_discoverable:
        messages.error(request, _("This creator is not in the marketplace yet."))
        return redirect("media_kit:kit", slug=slug)
    query = urlencode({"creator": creator.handle})
    campaigns = Campaign.objects.visible_to(request.role).order_by("-created_at")[:50]
    context = {
        "kit": kit,
        "creator": creator,
        "campaigns": [
            (c, reverse("campaigns:campaign", args=[c.public_id]) + f"?{query}#send")
            for c in campaigns
        ],
        "new_campaign": reverse("campaigns:campaign-create") + f"?{query}",
    }
    return render(request, "creators/media_kit_ask.html", context)
