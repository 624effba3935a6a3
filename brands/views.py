from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from access.decorators import login_required, role_required
from access.roles import SESSION_KEY
from brands import actions
from brands.forms import BrandForm
from creators.models import CreatorProfile


def brand_home(request):
    """Home for brand staff (reached through `talentdesk.views.home`, which checks the hat):
    the brand, its team, and listed creators in its category to start from."""
    brand = request.role.brand
    creators = CreatorProfile.objects.visible_to(request.role).prefetch_related("categories")
    creators = creators.select_related("media_kit")  # each card links to a kit that is on
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


@role_required("brand")
@require_POST
def media_kit_consent(request):
    """The brand agrees, or stops agreeing, to appear among creators' past collaborations."""
    brand = actions.set_media_kit_consent(
        request.role.brand, actor=request.user, shown=request.POST.get("shown") == "1"
    )
    if brand.shown_in_media_kits:
        messages.success(request, _("Creators may now show your brand in their media kits."))
    else:
        messages.success(request, _("Your brand no longer appears in creators' media kits."))
    return redirect("home")
