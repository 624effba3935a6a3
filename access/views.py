"""The creator's side of representation ("My managers"), the activity pages and the hat switch."""

from allauth.account.adapter import get_adapter as get_account_adapter
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from access import actions, audit, queries
from access.csv_export import activity_csv
from access.decorators import login_required, public, role_required
from access.forms import ActivityFilterForm, RequestAgencyForm, ScopesForm
from access.models import Representation, RepresentationStatus, SecurityEventKind
from access.queries import get_representation_for_user
from access.roles import SESSION_KEY, RoleKind
from access.transitions import allowed
from accounts.actions import account_exists
from accounts.models import normalize_email
from talentdesk.lib.errors import ActionError, refuse_if_not_allowed

ACTIVITY_PAGE_SIZE = 50


@login_required
@require_POST
def switch_role(request):
    """Wear another of the user's hats; an unknown key changes nothing."""
    key = request.POST.get("role", "")
    if any(role.key == key for role in request.roles):
        request.session[SESSION_KEY] = key
    return redirect("home")


def _scopes_form(rep, data=None):
    initial = {
        "scopes": rep.scopes,
        "ceiling": rep.accept_ceiling,
        "currency": rep.accept_ceiling_currency or "EUR",
    }
    return ScopesForm(data, initial=initial, prefix=str(rep.public_id)[:8])


@role_required("creator")
def my_managers(request):
    """Who represents me, with which scopes; proposals to answer; my past representations."""
    creator = request.role.creator
    reps = list(
        Representation.objects.filter(creator=creator)
        .select_related("agency", "lead_manager")
        .order_by("-created_at")
    )
    active = next((r for r in reps if r.status == RepresentationStatus.ACTIVE), None)
    context = {
        "active": active,
        "scopes_form": _scopes_form(active) if active else None,
        "proposals": [r for r in reps if r.status == RepresentationStatus.PROPOSED],
        "history": [r for r in reps if r.status == RepresentationStatus.ENDED],
    }
    return render(request, "access/my_managers.html", context)


@role_required("creator")
def consent(request, public_id):
    """The consent page: accept an agency's proposal choosing, scope by scope, what it may do."""
    rep = get_representation_for_user(request.role, public_id)
    if not allowed("accept", request.role, rep):
        messages.info(request, _("This proposal is no longer open."))
        return redirect("access:my-managers")
    form = _scopes_form(rep, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.accept_representation(
                rep, role=request.role, actor=request.user, **form.choice()
            )
        except ActionError as error:
            refuse_if_not_allowed(error)
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(
                request, _("%(agency)s now represents you.") % {"agency": rep.agency.name}
            )
            return redirect("access:my-managers")
    return render(request, "access/consent.html", {"rep": rep, "form": form})


@role_required("creator")
@require_POST
def change_scopes(request, public_id):
    rep = get_representation_for_user(request.role, public_id)
    form = _scopes_form(rep, request.POST)
    if form.is_valid():
        try:
            actions.change_scopes(rep, role=request.role, actor=request.user, **form.choice())
        except ActionError as error:
            refuse_if_not_allowed(error)
            messages.error(request, error.message)
        else:
            messages.success(request, _("Your choices apply from now on."))
            return redirect("access:my-managers")
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect("access:my-managers")


@role_required("creator")
def revoke(request, public_id):
    """Confirm, then end the representation: the agency loses access on its next request."""
    rep = get_representation_for_user(request.role, public_id)
    if request.method == "POST":
        try:
            actions.end_representation(rep, "revoke", role=request.role, actor=request.user)
        except ActionError as error:
            refuse_if_not_allowed(error)
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("%(agency)s no longer represents you.") % {"agency": rep.agency.name},
            )
        return redirect("access:my-managers")
    return render(request, "access/revoke.html", {"rep": rep})


@role_required("creator")
@require_POST
def answer_proposal(request, public_id, verb):
    """Decline an agency's proposal, or withdraw my own request."""
    rep = get_representation_for_user(request.role, public_id)
    if verb not in ("decline", "withdraw"):
        return redirect("access:my-managers")
    try:
        actions.end_representation(rep, verb, role=request.role, actor=request.user)
    except ActionError as error:
        refuse_if_not_allowed(error)
        messages.error(request, error.message)
    else:
        messages.success(request, _("Done."))
    return redirect("access:my-managers")


def _creator_role(request):
    return next((r for r in request.roles if r.kind == RoleKind.CREATOR), None)


@public
def creator_invitation(request, token):
    """An agency's e-mailed invitation: sign up (the address is locked and counts as verified)
    or sign in, set up a creator profile, then answer: choose the scopes on the consent page,
    or decline. A revoked, expired or tampered link says so."""
    try:
        invitation = actions.creator_invitation_from_token(token)
    except ActionError as error:
        if request.method == "POST":
            audit.security_event(SecurityEventKind.INVITATION_INVALID, request=request)
        return render(request, "accounts/invitation_invalid.html", {"error": error}, status=400)
    context = {"invitation": invitation}
    user = request.user
    if not user.is_authenticated:
        query = "?" + urlencode({"next": request.path})
        if account_exists(invitation.email):
            context["login_url"] = reverse("account_login") + query
        else:
            # The link reached this mailbox: allauth's sign-up takes the address as verified
            # and locks it (accounts/allauth_urls.py).
            get_account_adapter(request).stash_verified_email(request, invitation.email)
            context["signup_url"] = reverse("account_signup") + query
        return render(request, "access/creator_invitation.html", context)
    if normalize_email(user.email) != invitation.email:
        context["error"] = _(
            "This invitation was sent to another address. Sign in with that address."
        )
        return render(request, "access/creator_invitation.html", context, status=400)
    role = _creator_role(request)
    if role is None:
        messages.info(
            request,
            _("Set up your creator profile, then answer %(agency)s's proposal.")
            % {"agency": invitation.agency.name},
        )
        return redirect("creators:profile-create")
    if request.method == "POST":
        try:
            rep = actions.claim_creator_invitation(invitation, role=role, actor=user)
            if request.POST.get("verb") == "decline":
                actions.end_representation(rep, "decline", role=role, actor=user)
        except ActionError as error:
            refuse_if_not_allowed(error)
            context["error"] = error.message
            return render(request, "access/creator_invitation.html", context, status=400)
        request.session[SESSION_KEY] = role.key
        if request.POST.get("verb") == "decline":
            messages.success(
                request,
                _("You declined %(agency)s's proposal.") % {"agency": invitation.agency.name},
            )
            return redirect("access:my-managers")
        return redirect("access:consent", public_id=rep.public_id)
    rep = invitation.representation
    if rep is not None and rep.status != RepresentationStatus.PROPOSED:
        context["answered"] = True  # accepted or declined already: My managers says how
    else:
        context["answerable"] = True
    return render(request, "access/creator_invitation.html", context)


@role_required("creator")
def request_agency(request):
    """Ask an agency to represent me, with the scopes I offer."""
    form = RequestAgencyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.request_representation(
                request.role,
                actor=request.user,
                agency=data["agency"],
                message=data["message"],
                **form.choice(),
            )
        except ActionError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(
                request, _("Your request was sent to %(agency)s.") % {"agency": data["agency"]}
            )
            return redirect("access:my-managers")
    return render(request, "access/request_agency.html", {"form": form})


@role_required("creator", "agency")
def activity(request):
    """Activity on my behalf (creator) or the agency's activity (owners and admins); CSV too."""
    role = request.role
    if role.kind == RoleKind.AGENCY and not role.is_admin:
        raise PermissionDenied
    form = ActivityFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    events = queries.filtered(
        queries.activity_for(role),
        creator=filters.get("creator", ""),
        actor=filters.get("actor", ""),
        type=filters.get("type"),
    )
    if request.GET.get("format") == "csv":
        return activity_csv(events, "talentdesk-activity.csv")
    page = Paginator(events, ACTIVITY_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("format", None)
    context = {"form": form, "page": page, "query": query.urlencode()}
    template = "access/activity.html"
    if request.htmx and request.htmx.target == "activity-table":
        template += "#activity-table"
    return render(request, template, context)
