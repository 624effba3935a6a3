from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.csp import CSP
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.csp import csp_override

from access.decorators import role_required
from access.permissions import decide
from access.roles import RoleKind
from access.scopes import Scope
from campaigns import actions, contracts, usage
from campaigns import contract_document as executed
from campaigns.exports import offer_list
from campaigns.forms import (
    CampaignForm,
    CreatorSearchForm,
    RenewalForm,
    SendOfferForm,
    SignForm,
    StepForm,
    TermsForm,
)
from campaigns.models import Campaign, Contract, TermsVersion
from campaigns.queries import (
    exclusivity_conflicts,
    get_campaign_for_user,
    get_offer_for_user,
    price_vs_rate,
)
from campaigns.search import find_creators
from campaigns.terms import diff
from campaigns.transitions import (
    NEXT,
    OFFERS,
    TRANSITIONS,
    OfferStatus,
    Side,
    Tab,
    buttons,
    side_of,
    status_label_for,
)
from creators.metrics import compute
from creators.models import CreatorProfile, Rate, normalize_handle
from creators.queries import brand_fit
from talentdesk.lib.errors import ActionError, refuse_if_not_allowed
from talentdesk.lib.pdf import pdf_response

PAGE_SIZE = 25


@role_required("brand")
def campaigns(request):
    rows = (
        Campaign.objects.visible_to(request.role)
        .annotate(offer_count=Count("offers"))
        .order_by("-created_at")
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "campaigns/campaigns.html", {"page": page})


@role_required("brand")
def campaign_create(request):
    form = CampaignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            campaign = actions.create_campaign(request.role.brand, actor=request.user, **data)
        except ActionError as error:
            form.add_error(error.field, error.message)
        else:
            url = reverse("campaigns:campaign", args=[campaign.public_id])
            if request.GET.get("creator"):  # asked for from a media kit: the offer form next
                url += "?" + urlencode({"creator": request.GET["creator"]}) + "#send"
            return redirect(url)
    return render(request, "campaigns/campaign_form.html", {"form": form})


@role_required("brand")
def campaign_detail(request, public_id):
    """A campaign's brief and offers; the brand sends new offers from here."""
    campaign = get_campaign_for_user(request.role, public_id)
    initial = {
        "currency": campaign.currency,
        "creator": request.GET.get("creator", ""),
        # The brief's defaults; each offer may still differ.
        "usage_days": campaign.usage_days,
        "exclusivity_days": campaign.exclusivity_days,
        "d0_requirements": campaign.requirements[:500],
    }
    form = SendOfferForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        handle = normalize_handle(form.cleaned_data["creator"])
        creator = CreatorProfile.objects.public().filter(handle=handle).first()
        if creator is None:
            form.add_error("creator", _("No listed creator has this handle."))
        else:
            try:
                offer = actions.send_offer(
                    campaign,
                    role=request.role,
                    actor=request.user,
                    creator=creator,
                    terms=form.terms(),
                    note=form.cleaned_data["note"],
                )
            except ActionError as error:
                form.add_error(_field(error, form), error.message)
            else:
                messages.success(
                    request, _("Offer sent to %(handle)s.") % {"handle": creator.at_handle}
                )
                return redirect("campaigns:offer", public_id=offer.public_id)
    offers = campaign.offers.select_related("creator").order_by("-updated_at")
    search = CreatorSearchForm(request.GET if "search" in request.GET else None)
    found = None
    if search.is_bound and search.is_valid():
        found = find_creators(campaign, **search.cleaned_data)
    context = {
        "campaign": campaign,
        "offers": offers,
        "form": form,
        "search": search,
        "found": found,
    }
    return render(request, "campaigns/campaign.html", context)


def _field(error, form):
    if error.field == "deliverables":
        return "d0_type"
    return error.field if error.field in form.fields else None


@role_required("brand", "agency", "creator")
def offers(request):
    """The four tabs, each with its count, for whoever is looking (brand, agency, creator)."""
    tab, form, counts, listed = offer_list(request.role, request.GET)
    page = Paginator(listed, PAGE_SIZE).get_page(request.GET.get("page"))
    prices = _current_prices(page.object_list)
    for offer in page.object_list:
        offer.current_terms = prices.get(offer.pk)
        offer.next_side = NEXT.get(offer.status)
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("tab", None)
    context = {
        "tab": tab,
        "tabs": [(name, name.label, counts[str(name)]) for name in Tab],
        "page": page,
        "form": form,
        "query": query.urlencode(),
        "export_query": request.GET.copy().urlencode(),  # tab and filters, for the exports
    }
    return render(request, "campaigns/offers.html", context)


def _current_prices(offers_page):
    wanted = Q()
    for offer in offers_page:
        wanted |= Q(offer_id=offer.pk, number=offer.version)
    if not offers_page:
        return {}
    return {
        v.offer_id: v
        for v in TermsVersion.objects.filter(wanted).only("offer_id", "price", "currency")
    }


@role_required("brand", "agency", "creator")
def offer_detail(request, public_id):
    """One offer: current terms, what changed, history, review aids, and the steps the role may
    take now, as buttons labelled from the offer workflow's table."""
    offer = get_offer_for_user(request.role, public_id)
    grant = decide(request.role, offer.creator)
    verbs = OFFERS.verbs_for(request.role, offer, grant)
    counter_form, status = None, 200
    if request.method == "POST":
        step = StepForm(request.POST)
        verb = step.data.get("verb", "")
        transition = TRANSITIONS.get(verb)
        names_terms = verb in verbs and verb.startswith(("counter", "accept"))
        if names_terms and step.is_valid() and step.cleaned_data["version"] is None:
            step.add_error("version", _("Which version did you see?"))  # the one they accept
        if not step.is_valid() or transition is None or transition.label is None:
            messages.error(request, _("The form was incomplete: reload the page and retry."))
            status = 400
        elif verb not in verbs and offer.status in transition.sources:
            raise PermissionDenied(OFFERS.not_allowed_message(offer))
        elif verb not in verbs:  # the offer moved on since the page was shown
            messages.error(request, OFFERS.wrong_state_message(offer))
            return redirect("campaigns:offer", public_id=offer.public_id)
        elif transition.confirm and not step.cleaned_data["confirmed"]:
            return _confirm_step(request, offer, transition, step.cleaned_data)
        else:
            counter_form, done = _take_step(request, offer, step.cleaned_data)
            if done:
                return redirect("campaigns:offer", public_id=offer.public_id)
            status = 422  # the counter form, with its errors next to their fields
    versions = list(offer.versions.order_by("-number"))
    current = versions[0]
    previous = versions[1] if len(versions) > 1 else None
    counter_verb = next((v for v in verbs if v.startswith("counter")), None)
    accept_verb = next((v for v in verbs if v.startswith("accept")), None)
    if counter_form is None and counter_verb and request.GET.get("counter"):
        # Rendered on request only (a link, or HTMX in place): its ~25 widgets were half the
        # cost of every view of the page, and most views do not counter.
        counter_form = TermsForm(initial=TermsForm.initial_from(current))
        counter_form.fields["price"].widget.attrs["autofocus"] = True
    # Before acceptance there is no contract, so the page does not ask.
    contract_row = Contract.objects.filter(offer=offer).first() if offer.was_accepted else None
    context = {
        "offer": offer,
        "current": current,
        "changes": diff(previous, current),
        "history": [
            (v, diff(versions[i + 1], v) if i + 1 < len(versions) else [])
            for i, v in enumerate(versions)
        ],
        "counter_verb": counter_verb,
        "accept": (
            {"verb": accept_verb, "label": TRANSITIONS[accept_verb].label % {"n": offer.version}}
            if accept_verb
            else None
        ),
        "buttons": buttons(request.role, offer, grant),
        "withheld": [grant.withheld(s) for s in OFFERS.scopes_withheld(request.role, offer, grant)],
        "counter_form": counter_form,
        "next": NEXT.get(offer.status),
        "aids": _review_aids(request.role, offer, current, grant),
        "contract": contract_row,
        "deliverables": list(offer.deliverables.all()) if offer.was_accepted else [],
        "conflicts": exclusivity_conflicts(offer) if offer.tab == Tab.PENDING else [],
        "grant": grant,  # the deal's money card reads it (templates/money/_deal_money.html)
        "usage": usage.card(request.role, offer, contract_row, grant, actions.today()),
    }
    return render(request, "campaigns/offer.html", context, status=status)


def _confirm_step(request, offer, transition, data):
    """Before an irreversible step (decline, withdraw, cancel, accept): what it does and to
    whom, and the same step once more with `confirmed` (a page: it works without JavaScript)."""
    brand, creator = offer.campaign.brand.name, offer.creator.at_handle
    other = brand if request.role.kind != RoleKind.BRAND else creator
    names = {"n": offer.version, "brand": brand, "creator": creator, "other": other}
    context = {
        "offer": offer,
        "step": data,
        "label": str(transition.label) % names,
        "consequence": str(transition.confirm) % names,
    }
    return render(request, "campaigns/confirm_step.html", context)


def _take_step(request, offer, data):
    """Apply one posted step; (counter form with its errors, done)."""
    verb, role, user = data["verb"], request.role, request.user
    counter_form = None
    try:
        if verb.startswith("counter"):
            counter_form = TermsForm(request.POST)
            if not counter_form.is_valid():
                return counter_form, False
            actions.counter_offer(
                offer,
                role=role,
                actor=user,
                terms=counter_form.terms(),
                seen_version=data["version"],
                note=counter_form.cleaned_data["note"],
            )
            messages.success(request, _("Your changes were sent."))
        elif verb.startswith("accept"):
            offer = actions.accept_offer(offer, role=role, actor=user, seen_version=data["version"])
            if offer.status == OfferStatus.AWAITING_CREATOR_APPROVAL:
                messages.success(request, _("Accepted: the creator approves these terms next."))
            else:
                messages.success(request, _("Accepted: the contract is ready to sign."))
        else:
            offer = actions.decide_offer(
                offer,
                verb,
                role=role,
                actor=user,
                reason=data["reason"],
                seen_status=data["status"],
                seen_version=data["version"],
            )
            messages.success(
                request,
                _("Done: the offer is now “%(status)s”.")
                % {"status": status_label_for(offer, role)},
            )
    except ActionError as error:
        refuse_if_not_allowed(error)
        if counter_form is not None and error.field:
            counter_form.add_error(_field(error, counter_form), error.message)
            return counter_form, False
        messages.error(request, error.message)
    return None, True


def _review_aids(role, offer, current, grant):
    """Price against the rate card and the brand fit of the campaign's audience, for the creator
    side, each as far as the creator allows (else a line saying why it is withheld)."""
    if role.kind == RoleKind.BRAND:
        return None
    aids = {"rates_withheld": None, "fit_withheld": None}
    if grant.sees_rates():
        aids["price"] = price_vs_rate(current, list(Rate.objects.filter(creator=offer.creator)))
    else:
        aids["rates_withheld"] = grant.withheld(Scope.MANAGE_RATES)
    if grant.sees(Scope.VIEW_INSIGHTS):
        campaign = offer.campaign
        aids["fit"] = brand_fit(
            offer.creator,
            compute(offer.creator, days=30),
            countries=campaign.target_countries,
            genders=campaign.target_genders,
            ages=campaign.target_ages,
        )
    else:
        aids["fit_withheld"] = grant.withheld(Scope.VIEW_INSIGHTS)
    return aids


@role_required("agency", "creator")
def renew(request, public_id):
    """POST: the creator side offers the brand a renewal of this deal's usage rights (at the
    price given, the deal's by default) and goes to the new offer."""
    offer = get_offer_for_user(request.role, public_id)  # 404 first for those out of reach
    if request.method != "POST":
        return HttpResponse(status=405, headers={"Allow": "POST"})
    form = RenewalForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.errors.as_text())
        return redirect("campaigns:offer", public_id=offer.public_id)
    try:
        renewal = actions.propose_renewal(
            offer,
            role=request.role,
            actor=request.user,
            price=form.cleaned_data["price"],
            note=form.cleaned_data["note"],
        )
    except ActionError as error:
        refuse_if_not_allowed(error)
        messages.error(request, error.message)
        return redirect("campaigns:offer", public_id=offer.public_id)
    messages.success(request, _("Renewal offered to %(brand)s.") % {"brand": offer.campaign.brand})
    return redirect("campaigns:offer", public_id=renewal.public_id)


@role_required("brand", "agency", "creator")
def contract(request, public_id):
    """The contract of an accepted offer: the document, who signed, and the signing form."""
    offer = get_offer_for_user(request.role, public_id)
    document = Contract.objects.filter(offer=offer).first()
    if document is None:
        raise Http404
    form = SignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            contracts.sign_contract(
                document,
                role=request.role,
                actor=request.user,
                full_name=form.cleaned_data["full_name"],
            )
        except ActionError as error:
            refuse_if_not_allowed(error)
            if error.field:
                form.add_error("full_name", error.message)
            else:
                messages.error(request, error.message)
                return redirect("campaigns:contract", public_id=offer.public_id)
        else:
            messages.success(request, _("Signed."))
            return redirect("campaigns:contract", public_id=offer.public_id)
    signatures = list(document.signatures.all())
    my_side = side_of(request.role)
    sign_verb = "sign_brand" if my_side == Side.BRAND else "sign_creator"
    context = {
        "offer": offer,
        "contract": document,
        "signatures": signatures,
        "form": form,
        # The form shows while the offer is `accepted`, this side has not signed, and the role
        # may sign for it (a manager needs accept_offers): the workflow's sign step says so.
        "can_sign": my_side not in {s.side for s in signatures}
        and OFFERS.allows(sign_verb, request.role, offer),
    }
    return render(request, "campaigns/contract.html", context)


@role_required("brand", "agency", "creator")
@csp_override({"default-src": [CSP.NONE], "style-src": [CSP.UNSAFE_INLINE]})
def contract_document(request, public_id, fmt):
    """The executed contract (or the draft), as HTML or PDF, for both sides: in the reader's
    language and time zone (campaigns.contract_document)."""
    offer = get_offer_for_user(request.role, public_id)
    document = Contract.objects.filter(offer=offer).first()
    if document is None:
        raise Http404
    reader = {"language": request.user.language, "zone": request.user.time_zone}
    if fmt == "html":
        page = executed.html(document, **reader)
        return HttpResponse(page, content_type="text/html; charset=utf-8")
    back = reverse("campaigns:contract", args=[offer.public_id])
    filename = f"contract-{offer.public_id}.pdf"
    pdf = contracts.pdf_bytes(document, **reader)
    return pdf_response(request, pdf, filename=filename, back=back)
