from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from access.decorators import login_required
from access.roles import SESSION_KEY
from brands import actions
from brands.forms import BrandForm
from creators.models import CreatorProfile


def brand_home(request):
    """Home for brand staff (reached through `talentdesk.views.home`, which checks the hat):
    the brand, its team, and listed creators in its category to start from."""
    brand = request.role.brand
    creators = CreatorProfile.objects.visible_to(request.role).prefetch_related("categories")
    if brand.category_id:
        creators = creators.filter(categories=brand.category_id)
    context = {
        "brand": brand,
        "members": brand.memberships.select_related("user").order_by("role", "user__name"),
        "creators": creators.order_by("-followers", "handle")[:12],
    }
    return render(request, "brands/home.html", context)


@login_required
def brand_create(request):
    """Start a new brand account; the user becomes its owner and wears that hat."""
    form = BrandForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        brand = actions.create_brand(actor=request.user, **form.cleaned_data)
        request.session[SESSION_KEY] = f"brand:{brand.slug}"
        messages.success(request, _("%(name)s is ready.") % {"name": brand.name})
        return redirect("home")
    return render(request, "brands/create.html", {"form": form})
