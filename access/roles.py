"""The hats a user can wear (agency staff, brand staff, creator) and which one is active.

Read fresh on every request, never cached across requests: a membership removed a second ago
is gone on the next click.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

SESSION_KEY = "active_role"


@dataclass(frozen=True)
class Role:
    kind: str  # "agency", "brand" or "creator"
    key: str  # stable id kept in the session: "agency:<slug>", "brand:<slug>", "creator"
    name: str  # what the switcher shows: the organisation's name or the creator's handle
    title: str  # the user's role there: "Manager", "Owner", "Creator"
    agency: object = None
    brand: object = None
    membership: object = None
    creator: object = None

    @property
    def is_admin(self) -> bool:
        return bool(self.membership and self.membership.is_admin)

    @property
    def kind_label(self):
        return {"agency": _("Agency"), "brand": _("Brand"), "creator": _("Creator")}[self.kind]


def roles_for(user) -> list[Role]:
    """Every hat of `user`, in a stable order: agencies, brands, then their creator profile."""
    if not user.is_authenticated:
        return []
    from agencies.models import AgencyMembership
    from brands.models import BrandMembership
    from creators.models import CreatorProfile

    roles = [
        Role(
            kind="agency",
            key=f"agency:{m.agency.slug}",
            name=m.agency.name,
            title=m.get_role_display(),
            agency=m.agency,
            membership=m,
        )
        for m in AgencyMembership.objects.filter(user=user).select_related("agency")
    ]
    roles += [
        Role(
            kind="brand",
            key=f"brand:{m.brand.slug}",
            name=m.brand.name,
            title=m.get_role_display(),
            brand=m.brand,
            membership=m,
        )
        for m in BrandMembership.objects.filter(user=user).select_related("brand")
    ]
    profile = CreatorProfile.objects.filter(user=user).first()
    if profile is not None:
        roles.append(
            Role(
                kind="creator",
                key="creator",
                name=profile.at_handle,
                title=str(_("Creator")),
                creator=profile,
            )
        )
    return roles


def active_role(request) -> Role | None:
    """The role chosen in this session, or the user's first one; None for a user with no hat."""
    roles = request.roles
    if not roles:
        return None
    chosen = request.session.get(SESSION_KEY)
    for role in roles:
        if role.key == chosen:
            return role
    return roles[0]
