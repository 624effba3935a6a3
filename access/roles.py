"""The hats a user can wear (agency staff, brand staff, creator) and which one is active.

`access.hats.roles_for` reads them fresh on every request, never cached across requests: a
membership removed a second ago is gone on the next click.
"""

from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

SESSION_KEY = "active_role"


class RoleKind(models.TextChoices):
    AGENCY = "agency", _("Agency")
    BRAND = "brand", _("Brand")
    CREATOR = "creator", _("Creator")


@dataclass(frozen=True)
class Role:
    kind: RoleKind
    key: str  # stable id kept in the session: "agency:<slug>", "brand:<slug>", "creator"
    name: str  # what the switcher shows: the organisation's name or the creator's handle
    title: str  # the user's role there: "Manager", "Owner", "Creator"
    agency: Any = None
    brand: Any = None
    membership: Any = None
    creator: Any = None

    @property
    def is_admin(self) -> bool:
        return bool(self.membership and self.membership.is_admin)

    @property
    def can_act(self) -> bool:
        """Whether this hat may change anything, as opposed to only looking (a read-only
        assistant may not); creators always act for themselves."""
        if self.kind == RoleKind.AGENCY:
            return bool(self.membership.can_act)
        return True

    @property
    def kind_label(self) -> str:
        return str(self.kind.label)

    @property
    def user(self) -> Any:
        if self.membership is not None:
            return self.membership.user
        return self.creator.user if self.creator is not None else None


def active_role(request: Any) -> Role | None:
    """The role chosen in this session, or the user's first one; None for a user with no hat."""
    roles = request.roles
    if not roles:
        return None
    chosen = request.session.get(SESSION_KEY)
    for role in roles:
        if role.key == chosen:
            return role
    return roles[0]
