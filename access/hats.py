"""Every hat of a user, read from their memberships and creator profile on each request."""

from django.utils.translation import gettext as _

from access.roles import Role, RoleKind
from agencies.models import AgencyMembership
from brands.models import BrandMembership
from creators.models import CreatorProfile


def roles_for(user) -> list[Role]:
    """Every hat of `user`, in a stable order: agencies, brands, then their creator profile."""
    if not user.is_authenticated:
        return []
    roles = [
        Role(
            kind=RoleKind.AGENCY,
            key=f"agency:{m.agency.slug}",
            name=m.agency.name,
            title=m.get_role_display(),
            agency=m.agency,
            membership=m,
        )
        for m in AgencyMembership.objects.filter(user=user).select_related("agency", "user")
    ]
    roles += [
        Role(
            kind=RoleKind.BRAND,
            key=f"brand:{m.brand.slug}",
            name=m.brand.name,
            title=m.get_role_display(),
            brand=m.brand,
            membership=m,
        )
        for m in BrandMembership.objects.filter(user=user).select_related("brand", "user")
    ]
    profile = CreatorProfile.objects.filter(user=user).select_related("user").first()
    if profile is not None:
        roles.append(
            Role(
                kind=RoleKind.CREATOR,
                key="creator",
                name=profile.at_handle,
                title=_("Creator"),
                creator=profile,
            )
        )
    return roles
