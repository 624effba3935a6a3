from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from access import actions as access_actions
from access.decorators import login_required, role_required
from access.forms import AssignForm, InviteCreatorForm
from access.queries import get_representation_for_user
from access.roles import SESSION_KEY
from accounts.models import Invitation, User
from agencies import actions, queries
from agencies.forms import AgencyForm, RosterFilterForm
from agencies.models import AgencyMembership
from talentdesk.lib.errors import ActionError, refuse_if_not_allowed

ROSTER_PAGE_SIZE = 25


def agency_home(request):
    """Home for agency staff (reached through `talentdesk.views.home`, which checks the hat)."""
    role = request.role
    agency = role.agency
    context = {
        "agency": agency,
        "summary": queries.home_summary(role),
        "creators": queries.top_creators(role),
        "proposals": queries.open_proposals(role),
        "members": agency.memberships.select_related("user").order_by("role", "user__name"),
        "invitations": Invitation.objects.filter(agency=agency, accepted_at__isnull=True)[:5]
        if role.is_admin
        else [],
    }
    return render(request, "agencies/home.html", context)


@login_required
def agency_create(request):
    """Start a new agency; the user becomes its owner and wears that hat."""
    form = AgencyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        agency = actions.create_agency(actor=request.user, **form.cleaned_data)
        request.session[SESSION_KEY] = f"agency:{agency.slug}"
        messages.success(request, _("%(name)s is ready.") % {"name": agency.name})
        return redirect("home")
    return render(request, "agencies/create.html", {"form": form})


@role_required("agency")
def roster(request):
    """The roster: sortable, filterable, searchable, paginated; HTMX swaps only the table."""
    role = request.role
    form = RosterFilterForm(request.GET or None, agency=role.agency)
    filters = form.cleaned_data if form.is_valid() else {}
    rows = queries.roster(role, **{k: v for k, v in filters.items() if v not in ("", None)})
    page = Paginator(rows, ROSTER_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "withheld_insights": any(not r.insights_shared for r in page.object_list),
        "withheld_rates": any(not r.rates_shared for r in page.object_list),
        "sort": filters.get("sort") or "-followers",
        "query": _query_without(request.GET, "page", "sort"),
        "page_query": _query_without(request.GET, "page"),
        "proposals": queries.open_proposals(role, limit=50),
        "invitations": queries.creator_invitations(role, limit=50),
    }
    template = "agencies/roster.html"
    if request.htmx and request.htmx.target == "roster-table":
        template += "#roster-table"
    return render(request, template, context)


def _query_without(params, *names):
    query = params.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()


@role_required("agency")
def invite_creator(request):
    """Propose to represent a creator; the answer is the same whoever the input names."""
    if not request.role.can_act:
        raise PermissionDenied
    form = InviteCreatorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        access_actions.invite_creator(
            request.role,
            actor=request.user,
            identifier=form.cleaned_data["identifier"],
            message=form.cleaned_data["message"],
            base_url=request.build_absolute_uri("/")[:-1],
        )
        messages.success(
            request,
            _(
                "Sent, if this creator exists and is free to be represented. "
                "Their answer will appear under Proposals."
            ),
        )
        return redirect("agencies:roster")
    return render(request, "agencies/invite_creator.html", {"form": form})


@role_required("agency")
@require_POST
def revoke_creator_invitation(request, public_id):
    """Withdraw an e-mailed invitation: its link then says the agency withdrew it."""
    invitation = get_object_or_404(
        queries.creator_invitations_visible_to(request.role), public_id=public_id
    )
    if not request.role.can_act:
        raise PermissionDenied
    try:
        access_actions.revoke_creator_invitation(invitation, role=request.role, actor=request.user)
    except ActionError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("The invitation to %(email)s was revoked.") % {"email": invitation.email}
        )
    return redirect("agencies:roster")


@role_required("agency")
@require_POST
def answer_proposal(request, public_id, verb):
    """accept, decline or withdraw a proposal from the agency's side."""
    if verb not in ("accept", "decline", "withdraw"):
        raise PermissionDenied
    rep = get_representation_for_user(request.role, public_id)
    try:
        if verb == "accept":
            access_actions.accept_representation(rep, role=request.role, actor=request.user)
        else:
            access_actions.end_representation(rep, verb, role=request.role, actor=request.user)
    except ActionError as error:
        refuse_if_not_allowed(error)
        messages.error(request, error.message)
    else:
        messages.success(request, _("Done: %(creator)s.") % {"creator": rep.creator.at_handle})
    return redirect("agencies:roster")


@role_required("agency")
def remove_creator(request, public_id):
    """Confirm, then end the representation; pending work stays with the creator."""
    rep = get_representation_for_user(request.role, public_id)
    if not request.role.is_admin:
        raise PermissionDenied
    if request.method == "POST":
        try:
            access_actions.end_representation(rep, "remove", role=request.role, actor=request.user)
        except ActionError as error:
            refuse_if_not_allowed(error)
            messages.error(request, error.message)
            return redirect("creators:creator", public_id=rep.creator.public_id)
        messages.success(
            request,
            _("%(creator)s was removed from the roster.") % {"creator": rep.creator.at_handle},
        )
        return redirect("agencies:roster")
    return render(request, "agencies/remove_creator.html", {"rep": rep})


@role_required("agency")
def assign_team(request, public_id):
    """Name the lead manager and the team of one creator (owners and admins)."""
    rep = get_representation_for_user(request.role, public_id)
    if not request.role.is_admin:
        raise PermissionDenied
    members = User.objects.filter(agency_memberships__agency=rep.agency).order_by("name")
    initial = {"lead_manager": rep.lead_manager, "team": list(rep.team.all())}
    form = AssignForm(request.POST or None, members=members, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            access_actions.assign_managers(
                rep,
                role=request.role,
                actor=request.user,
                lead=form.cleaned_data["lead_manager"],
                team=form.cleaned_data["team"],
            )
        except ActionError as error:
            refuse_if_not_allowed(error)
            form.add_error(error.field, error.message)
        else:
            messages.success(request, _("The team was saved."))
            return redirect("creators:creator", public_id=rep.creator.public_id)
    return render(request, "agencies/assign_team.html", {"rep": rep, "form": form})


@role_required("agency", admin=True)
@require_POST
def assistant_permission(request, membership_id):
    """Let an assistant act for their assigned creators, or make them read-only again."""
    membership = get_object_or_404(AgencyMembership, pk=membership_id, agency=request.role.agency)
    try:
        actions.set_assistant_can_act(
            membership, actor=request.user, can_act=request.POST.get("can_act") == "1"
        )
    except ActionError as error:
        refuse_if_not_allowed(error)
        messages.error(request, error.message)
    else:
        messages.success(request, _("Saved."))
    return redirect("accounts:team")
