from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from access.decorators import login_required
from access.roles import SESSION_KEY
from accounts.models import Invitation
from agencies import actions, queries
from agencies.forms import AgencyForm


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
