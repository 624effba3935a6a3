from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from access.decorators import login_required, role_required
from access.models import AuditEvent, Representation, RepresentationStatus
from access.roles import SESSION_KEY
from creators import actions
from creators.forms import CreatorProfileForm
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
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        categories = data.pop("categories")
        actions.update_creator_profile(profile, actor=request.user, categories=categories, **data)
        messages.success(request, _("Your profile was saved."))
        return redirect("home")
    return render(request, "creators/profile_form.html", {"form": form, "creating": False})
