"""The agency's brand contacts and off-platform deals (role agency), the brand owner's attach
page, and the guest-link pages a brand contact opens without an account (public, the token
checked on every request: a wrong, revoked or expired token, or another deal's id, answers 404
and writes a security event)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.csp import CSP
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.csp import csp_override

from access.audit import origin_of
from access.decorators import public, role_required
from access.models import SecurityEvent, SecurityEventKind
from access.permissions import reach_q
from campaigns.forms import TermsForm
from campaigns.models import Contract
from campaigns.queries import get_offer_for_user
from campaigns.terms import diff
from campaigns.transitions import status_label_for
from contacts import actions, queries
from contacts.forms import (
    ContactForm,
    GuestLinkForm,
    GuestStepForm,
    RecordDealForm,
    RecordMoveForm,
)
from contacts.models import BrandContact, RecordedMove
from creators.models import CreatorProfile, normalize_handle
from deliverables.models import Deliverable
from money.models import Invoice
from talentdesk.lib.errors import ActionError, refuse_if_not_allowed

PAGE_SIZE = 25


def _page(request, rows):
    return Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))


# --- the agency's pages -----------------------------------------------------------------------
@role_required("agency")
def contact_list(request):
    """The agency's own brand contacts, with how many of their deals each reader may see."""
    deals = Q(brand__campaigns__offers__in=_visible_offer_ids(request.role))
    rows = (
        BrandContact.objects.visible_to(request.role)
        .annotate(deals=Count("brand__campaigns__offers", filter=deals, distinct=True))
        .order_by("company", "name", "pk")
    )
    return render(request, "contacts/contacts.html", {"page": _page(request, rows)})


def _visible_offer_ids(role):
    from campaigns.models import Offer

    return Offer.objects.visible_to(role).values("pk")


@role_required("agency")
def contact_create(request):
    form = ContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            contact = actions.add_contact(
                role=request.role, actor=request.user, **form.cleaned_data
            )
        except ActionError as error:
            refuse_if_not_allowed(error)
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("Brand contact added."))
            return redirect("contacts:contact", public_id=contact.public_id)
    return render(request, "contacts/contact_form.html", {"form": form})


@role_required("agency")
def contact_detail(request, public_id):
    """One contact and her deals across the roster (those the reader may see)."""
    contact = queries.get_contact_for_user(request.role, public_id)
    deals = queries.deals_of(contact, request.role)
    page = _page(request, deals)
    joined = None if contact.joined_brand_id else list(actions.matching_brands(contact)[:5])
    context = {"contact": contact, "page": page, "brands": joined}
    return render(request, "contacts/contact.html", context)


@role_required("agency")
def contact_attach(request, public_id):
    contact = queries.get_contact_for_user(request.role, public_id)
    if request.method != "POST":
        return redirect("contacts:contact", public_id=contact.public_id)
    brand = actions.matching_brands(contact).filter(public_id=request.POST.get("brand")).first()
    if brand is None:
        raise Http404
    try:
        n = actions.attach_deals(contact, brand, role=request.role, actor=request.user)
    except ActionError as error:
        refuse_if_not_allowed(error)
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            ngettext(
                "%(n)s deal now belongs to %(brand)s's account.",
                "%(n)s deals now belong to %(brand)s's account.",
                n,
            )
            % {"n": n, "brand": brand.name},
        )
    return redirect("contacts:contact", public_id=contact.public_id)


@role_required("agency")
def deal_new(request):
    """Record a deal a brand contact e-mailed: the contact, the creator, the first terms."""
    contacts = list(BrandContact.objects.visible_to(request.role).filter(joined_brand=None))
    form = RecordDealForm(request.POST or None, request.FILES or None, contacts=contacts)
    if request.method != "POST" and request.GET.get("contact"):
        form.initial["contact"] = request.GET["contact"]
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        contact = next(c for c in contacts if str(c.public_id) == data["contact"])
        handle = normalize_handle(data["creator"])
        creator = (
            CreatorProfile.objects.filter(reach_q(request.role, "pk")).filter(handle=handle).first()
        )
        if creator is None:
            form.add_error("creator", _("No creator of your roster has this handle."))
        else:
            try:
                offer = actions.record_deal(
                    role=request.role,
                    actor=request.user,
                    contact=contact,
                    creator=creator,
                    campaign_name=data["campaign_name"],
                    terms=form.terms(),
                    received_on=data["received_on"],
                    evidence=data["evidence"],
                    note=data["note"],
                )
            except ActionError as error:
                refuse_if_not_allowed(error)
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                messages.success(request, _("The deal is recorded."))
                return redirect("campaigns:offer", public_id=offer.public_id)
    context = {"form": form, "contacts": contacts}
    return render(request, "contacts/deal_form.html", context, status=422 if form.errors else 200)


def _offplatform_offer(request, public_id):
    offer = get_offer_for_user(request.role, public_id)
    contact = actions.contact_of(offer) if queries.is_offplatform(offer) else None
    if contact is None or contact.agency_id != request.role.agency.pk:
        raise Http404
    return offer, contact


@role_required("agency")
def record_move(request, public_id):
    """Record a brand answer that came by e-mail, with the e-mail attached."""
    offer, contact = _offplatform_offer(request, public_id)
    now = queries.moves(offer, actions.brand_role(contact))
    verb = request.POST.get("verb") or request.GET.get("verb") or ""
    if verb not in now["verbs"]:
        verb = ""
    form = RecordMoveForm(request.POST or None, request.FILES or None, initial={"verb": verb})
    targets = now["posts"] if verb == "verify" else now["drafts"]
    form.fields["deliverable"].choices = [(str(d.public_id), f"#{d.number}") for d in targets]
    form.fields["invoice"].choices = [(str(i.public_id), i.label) for i in now["invoices"]]
    terms_form = None
    if verb == "counter_brand":
        current = offer.versions.get(number=offer.version)
        terms_form = TermsForm(request.POST or None, initial=TermsForm.initial_from(current))
    status = 200
    if request.method == "POST" and verb:
        valid = form.is_valid() and (terms_form is None or terms_form.is_valid())
        if valid:
            data = form.cleaned_data
            params = _move_params(verb, data, offer, terms_form)
            try:
                actions.record_move(
                    offer,
                    verb,
                    role=request.role,
                    actor=request.user,
                    received_on=data["received_on"],
                    evidence=data["evidence"],
                    **params,
                )
            except ActionError as error:
                refuse_if_not_allowed(error)
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                messages.success(
                    request, _("Recorded: %(move)s.") % {"move": actions.BRAND_MOVES[verb]}
                )
                return redirect("campaigns:offer", public_id=offer.public_id)
        status = 422
    context = {
        "offer": offer,
        "contact": contact,
        "verb": verb,
        "label": actions.BRAND_MOVES.get(verb),
        "moves": [(v, actions.BRAND_MOVES[v]) for v in now["verbs"]],
        "form": form,
        "terms_form": terms_form,
        "recorded": RecordedMove.objects.filter(offer=offer)[:20],
    }
    return render(request, "contacts/record_move.html", context, status=status)


def _move_params(verb, data, offer, terms_form) -> dict:
    params: dict = {"seen_version": data.get("version") or offer.version}
    if verb == "counter_brand":
        params |= {"terms": terms_form.terms(), "note": terms_form.cleaned_data["note"]}
    if verb in ("decline_brand", "withdraw"):
        params["reason"] = data["reason"]
    if verb in ("approve", "request_changes", "verify"):
        params["deliverable"] = Deliverable.objects.filter(
            offer=offer, public_id=data["deliverable"] or None
        ).first()
        params["body"] = data["body"]
    if verb == "mark_paid":
        params["invoice"] = Invoice.objects.filter(
            offer=offer, public_id=data["invoice"] or None
        ).first()
    return params


@role_required("agency")
def guest_link_create(request, public_id):
    """A new guest link for this deal, e-mailed to the contact and shown here once."""
    offer, contact = _offplatform_offer(request, public_id)
    if request.method != "POST":
        return redirect("campaigns:offer", public_id=offer.public_id)
    form = GuestLinkForm(request.POST)
    days = form.cleaned_data["days"] if form.is_valid() else 30
    try:
        link, token = actions.create_guest_link(
            offer,
            role=request.role,
            actor=request.user,
            days=days,
            base_url=request.build_absolute_uri("/")[:-1],
        )
    except ActionError as error:
        refuse_if_not_allowed(error)
        messages.error(request, error.message)
        return redirect("campaigns:offer", public_id=offer.public_id)
    url = request.build_absolute_uri(actions.guest_url(offer, token))
    context = {"offer": offer, "contact": contact, "link": link, "url": url}
    return render(request, "contacts/guest_link_made.html", context)


@role_required("agency")
def guest_link_revoke(request, public_id):
    offer, _contact = _offplatform_offer(request, public_id)
    if request.method == "POST":
        try:
            for link in queries.live_links(offer):
                actions.revoke_guest_link(link, role=request.role, actor=request.user)
        except ActionError as error:
            refuse_if_not_allowed(error)
            messages.error(request, error.message)
        else:
            messages.success(request, _("The guest link is revoked: it no longer opens."))
    return redirect("campaigns:offer", public_id=offer.public_id)


# --- the brand owner's page -------------------------------------------------------------------
@role_required("brand", admin=True)
def brand_joined(request):
    """Deals agencies recorded with this brand before it joined (a contact at one of its
    members' e-mail domains): the owner attaches them to the account."""
    rows = (
        actions.contacts_matching(request.role.brand)
        .select_related("agency")
        .annotate(deals=Count("brand__campaigns"))
        .order_by("agency__name", "company", "pk")
    )
    if request.method == "POST":
        contact = rows.filter(public_id=request.POST.get("contact") or None).first()
        if contact is None:
            raise Http404
        try:
            n = actions.attach_deals(
                contact, request.role.brand, role=request.role, actor=request.user
            )
        except ActionError as error:
            refuse_if_not_allowed(error)
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                ngettext(
                    "%(n)s deal is now in your offers.", "%(n)s deals are now in your offers.", n
                )
                % {"n": n},
            )
        return redirect("contacts:brand-joined")
    return render(request, "contacts/brand_joined.html", {"page": _page(request, rows)})


# --- the guest link's pages -------------------------------------------------------------------
def _guest(request, public_id, token, page):
    """The live guest link of this deal for this token, its use audited; else 404 with a
    security event (the token itself never logged)."""
    link = actions.find_guest_link(public_id, token)
    if link is None:
        origin = origin_of(request)
        SecurityEvent.objects.create(
            kind=SecurityEventKind.GUEST_LINK_REFUSED,
            user=request.user if request.user.is_authenticated else None,
            path=request.path.replace(token, "…")[:400],
            ip=origin.ip,
            user_agent=origin.user_agent,
        )
        raise Http404
    actions.guest_used(link, page, request.method)
    return link


def _guest_context(link, token, **extra):
    offer = link.offer
    role = actions.brand_role(link.contact)
    versions = list(offer.versions.order_by("-number"))
    current = versions[0]
    previous = versions[1] if len(versions) > 1 else None
    base = reverse("contacts:guest", kwargs={"public_id": offer.public_id, "token": token})
    return {
        "link": link,
        "offer": offer,
        "contact": link.contact,
        "status": status_label_for(offer, role),
        "current": current,
        "changes": diff(previous, current),
        "versions": versions,
        "now": queries.moves(offer, role),
        "deliverables": list(Deliverable.objects.filter(offer=offer).order_by("number"))
        if offer.was_accepted
        else [],
        "base": base,
        "token": token,
        **extra,
    }


@public
def guest_deal(request, public_id, token):
    """The deal as its brand contact sees it, and her moves: accept, decline, review drafts,
    confirm posts, mark invoices paid."""
    link = _guest(request, public_id, token, "deal")
    if request.method == "POST":
        step = GuestStepForm(request.POST)
        if not step.is_valid():
            messages.error(request, _("The form was incomplete: reload the page and retry."))
        else:
            _guest_step(request, link, step.cleaned_data)
        return redirect(request.path)
    return render(request, "contacts/guest_deal.html", _guest_context(link, token))


GUEST_VERBS = {"accept_brand", "decline_brand", "approve", "request_changes", "verify", "mark_paid"}


def _guest_step(request, link, data) -> None:
    verb, offer = data["verb"], link.offer
    if verb not in GUEST_VERBS:
        messages.error(request, _("Unknown action."))
        return
    params: dict = {"seen_version": data["version"], "reason": data["reason"]}
    if verb in ("approve", "request_changes", "verify"):
        params["deliverable"] = Deliverable.objects.filter(
            offer=offer, public_id=data["target"]
        ).first()
        params["body"] = data["body"]
    if verb == "mark_paid":
        params["invoice"] = Invoice.objects.filter(offer=offer, public_id=data["target"]).first()
    if verb not in ("accept_brand", "decline_brand"):
        params.pop("seen_version")
        params.pop("reason")
    if verb == "accept_brand" and not data["version"]:
        messages.error(request, _("Which version did you see?"))
        return
    try:
        actions.brand_move(
            offer, verb, contact=link.contact, actor=actions.guest_actor(link), **params
        )
    except ActionError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Done: %(move)s.") % {"move": actions.BRAND_MOVES[verb]})


@public
def guest_counter(request, public_id, token):
    link = _guest(request, public_id, token, "counter")
    offer = link.offer
    current = offer.versions.get(number=offer.version)
    form = TermsForm(request.POST or None, initial=TermsForm.initial_from(current))
    status = 200
    if request.method == "POST":
        seen = request.POST.get("version", "")
        if form.is_valid() and seen.isdigit():
            try:
                actions.brand_move(
                    offer,
                    "counter_brand",
                    contact=link.contact,
                    actor=actions.guest_actor(link),
                    terms=form.terms(),
                    note=form.cleaned_data["note"],
                    seen_version=int(seen),
                )
            except ActionError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                messages.success(request, _("Your changes were sent."))
                return redirect("contacts:guest", public_id=offer.public_id, token=token)
        status = 422
    context = _guest_context(link, token, form=form)
    return render(request, "contacts/guest_counter.html", context, status=status)


@public
def guest_sign(request, public_id, token):
    link = _guest(request, public_id, token, "sign")
    offer = link.offer
    contract = Contract.objects.filter(offer=offer).first()
    if contract is None:
        raise Http404
    error_text = ""
    if request.method == "POST":
        try:
            actions.brand_move(
                offer,
                "sign_brand",
                contact=link.contact,
                actor=actions.guest_actor(link),
                full_name=request.POST.get("full_name", ""),
            )
        except ActionError as error:
            error_text = error.message
        else:
            messages.success(request, _("Signed. Thank you."))
            return redirect("contacts:guest", public_id=offer.public_id, token=token)
    context = _guest_context(link, token, contract=contract, error=error_text)
    return render(request, "contacts/guest_sign.html", context, status=422 if error_text else 200)


@public
@csp_override({"default-src": [CSP.NONE], "style-src": [CSP.UNSAFE_INLINE]})
def guest_contract(request, public_id, token):
    link = _guest(request, public_id, token, "contract")
    contract = Contract.objects.filter(offer=link.offer).first()
    if contract is None:
        raise Http404
    return HttpResponse(contract.document, content_type="text/html; charset=utf-8")


@public
def guest_draft_file(request, public_id, token, deliverable_id, number):
    """A draft's file, for the brand contact reviewing it (no public URL exists)."""
    link = _guest(request, public_id, token, "draft")
    deliverable = Deliverable.objects.filter(offer=link.offer, public_id=deliverable_id).first()
    draft = deliverable.drafts.filter(number=number).first() if deliverable else None
    if draft is None or not draft.file:
        raise Http404
    response = FileResponse(draft.file.open("rb"), content_type=draft.content_type)
    response["Content-Disposition"] = "inline"
    response["Cache-Control"] = "private, no-store"
    return response
