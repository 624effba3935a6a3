"""Choosing which hat to wear; representation and audit pages join here in later steps."""

from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from access.decorators import login_required
from access.roles import SESSION_KEY


@login_required
@require_POST
def switch_role(request):
    """Wear another of the user's hats; an unknown key changes nothing."""
    key = request.POST.get("role", "")
    if any(role.key == key for role in request.roles):
        request.session[SESSION_KEY] = key
    return redirect("home")
