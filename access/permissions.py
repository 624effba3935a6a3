"""The one permission decision: what may this role do for this creator, now.

`decide(role, creator)` answers for one creator: which party the role is to her (herself, staff
of the agency representing her within their assignment, a brand looking at her listed profile,
or nobody), what she granted, whether the role may act or only look, and her approval ceiling.
`reach_q(role)` is the same rule for lists of rows about creators. Pages, the API, exports, the
calendar feed, downloads, imports and HTMX partials all go through these two: each app's
`visible_to(role)` querysets and `get_<model>_for_user` helpers are built on them, and the
workflows' tables ask a `Grant` who may take each step.

Nothing is cached across requests, so a revocation applies on the agency's very next one. This
module imports no domain model: it reads only the representation, the access app's own row.
"""

from dataclasses import dataclass, replace
from decimal import Decimal
from enum import StrEnum
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils.translation import gettext as _

from access.models import Representation
from access.roles import Role, RoleKind
from access.scopes import ALL_SCOPES, Scope


class Party(StrEnum):
    CREATOR = "creator"  # the creator herself: everything
    AGENCY = "agency"  # staff of the agency representing her, within their assignment
    PUBLIC = "public"  # a brand, on a listed profile: what she made public (SPEC §2)
    NONE = "none"  # anyone else: the creator is out of reach


# Scopes that only let one read: read-only staff (assistants) get them too.
SEEING = frozenset({Scope.VIEW_INSIGHTS, Scope.VIEW_EARNINGS})


@dataclass(frozen=True)
class Grant:
    """What one role may do for one creator, read from the representation at request time."""

    party: Party
    scopes: frozenset[str] = frozenset()
    can_act: bool = False  # False: the role may look, not change (a read-only assistant)
    ceiling: Decimal | None = None  # above it (or in another currency) the creator approves
    ceiling_currency: str = ""
    rates_public: bool = False  # the creator made her rate card public
    representation: Any = None  # the active representation an agency acts through

    def sees(self, scope: str) -> bool:
        """May the role read what `scope` covers (insights, earnings)?"""
        if self.party is Party.CREATOR:
            return True
        if self.party is Party.PUBLIC:
            return scope == Scope.VIEW_INSIGHTS  # public performance metrics and audience
        return self.party is Party.AGENCY and scope in self.scopes

    def may(self, scope: str) -> bool:
        """May the role act under `scope` (negotiate, accept, message, content, rates)?"""
        if self.party is Party.CREATOR:
            return True
        if scope in SEEING:
            return self.sees(scope)
        return self.party is Party.AGENCY and self.can_act and scope in self.scopes

    def sees_rates(self) -> bool:
        """The rate card: the creator; her agency when it may see insights or manage rates; a
        brand only when she made it public."""
        if self.party is Party.PUBLIC:
            return self.rates_public
        managed = self.party is Party.AGENCY and Scope.MANAGE_RATES in self.scopes
        return self.sees(Scope.VIEW_INSIGHTS) or managed

    def binds(self, price: Decimal, currency: str) -> bool:
        """Do terms at this price bind the creator on this party's word alone? Hers always;
        her agency's when it may accept offers and the price is within her ceiling (a ceiling
        in another currency is not comparable, so she decides)."""
        if self.party is Party.CREATOR:
            return True
        if not self.may(Scope.ACCEPT_OFFERS):
            return False
        if self.ceiling is None:
            return True
        return currency == self.ceiling_currency and price <= self.ceiling

    def with_every_scope(self) -> "Grant":
        """This grant as if the creator had granted everything: what a page compares with to
        say which scope is missing (Workflow.scopes_withheld)."""
        return replace(self, scopes=frozenset(ALL_SCOPES), can_act=True)

    def withheld(self, scope: str) -> str:
        """The line shown where something is withheld, saying why."""
        if self.party is Party.PUBLIC:
            return _("The creator keeps this private.")
        if scope == Scope.VIEW_EARNINGS:
            return _("The creator has not shared their earnings with your agency.")
        if scope in SEEING:
            return _("The creator has not shared their insights with your agency.")
        if self.party is Party.AGENCY and scope in self.scopes and not self.can_act:
            return _("Your role is read-only for this creator.")
        if scope == Scope.MANAGE_RATES:
            return _("The creator has not shared their rate card with your agency.")
        return _(
            "The creator has not given your agency “%(scope)s”. Only the creator can grant it, "
            "from their “My managers” page."
        ) % {"scope": Scope(scope).label}

    def require(self, scope: str) -> None:
        """PermissionDenied (403) with the reason, unless the role may use `scope`."""
        if not self.may(scope):
            raise PermissionDenied(self.withheld(scope))


NOBODY = Grant(Party.NONE)


def _from(representation: Representation, *, can_act: bool, rates_public: bool) -> Grant:
    return Grant(
        Party.AGENCY,
        scopes=frozenset(representation.scopes),
        can_act=can_act,
        ceiling=representation.accept_ceiling,
        ceiling_currency=representation.accept_ceiling_currency,
        rates_public=rates_public,
        representation=representation,
    )


def decide(role: Role | None, creator: Any) -> Grant:
    """What `role` may do for `creator` (a creator profile) now: one query for agency staff
    (their agency's active representation of her, within their assignment), none otherwise."""
    if role is None or creator is None:
        return NOBODY
    if role.kind == RoleKind.CREATOR:
        return Grant(Party.CREATOR) if role.creator.pk == creator.pk else NOBODY
    if role.kind == RoleKind.BRAND:
        listed = creator.is_discoverable  # claimed, listed, handle verified
        return Grant(Party.PUBLIC, rates_public=creator.rates_public) if listed else NOBODY
    representation = (
        Representation.objects.visible_to(role)
        .active()
        .filter(creator_id=creator.pk)
        .select_related("agency", "lead_manager")  # the creator page shows both
        .first()
    )
    if representation is None:
        return NOBODY
    return _from(representation, can_act=role.can_act, rates_public=creator.rates_public)


def decide_by_public_id(role: Role, creator_public_id: Any) -> Grant:
    """`decide` for agency staff naming the creator by her public id: the representation
    brings her profile along (`grant.representation.creator`), one query in all."""
    if role is None or role.kind != RoleKind.AGENCY:
        raise ValueError("decide_by_public_id is for agency staff; others decide on a profile")
    representation = (
        Representation.objects.visible_to(role)
        .active()
        .filter(creator__public_id=creator_public_id)
        .select_related("agency", "lead_manager", "creator")
        .first()
    )
    if representation is None:
        return NOBODY
    rates_public = representation.creator.rates_public
    return _from(representation, can_act=role.can_act, rates_public=rates_public)


def decide_many(role: Role | None, creators: list) -> dict[int, Grant]:
    """`decide` for a page of creators, by creator id, in one query at most."""
    if role is None or role.kind != RoleKind.AGENCY:
        return {creator.pk: decide(role, creator) for creator in creators}
    representations = {
        rep.creator_id: rep
        for rep in Representation.objects.visible_to(role)
        .active()
        .filter(creator_id__in=[creator.pk for creator in creators])
    }
    return {
        creator.pk: _from(rep, can_act=role.can_act, rates_public=creator.rates_public)
        if (rep := representations.get(creator.pk)) is not None
        else NOBODY
        for creator in creators
    }


def agency_grant(agency_id: int, creator: Any) -> Grant:
    """What an agency as a whole may do for `creator` now (its active representation of her),
    whoever of its staff acted: whether a proposal it made binds her."""
    representation = Representation.objects.active().filter(
        agency_id=agency_id, creator_id=creator.pk
    )
    representation = representation.first()
    if representation is None:
        return NOBODY
    return _from(representation, can_act=True, rates_public=creator.rates_public)


def granted_q(scope: Scope, prefix: str = "") -> Q:
    """Representations whose creator granted `scope` (for lists that must withhold a figure row
    by row). The scopes are a JSON list of distinct names; matching the quoted name in its text
    works alike on SQLite and PostgreSQL."""
    return Q(**{f"{prefix}scopes__icontains": f'"{scope.value}"'})


def insights_shared_q() -> Q:
    """Representations whose creator lets her agency see her insights: `Grant.sees` for lists."""
    return granted_q(Scope.VIEW_INSIGHTS)


def rates_shared_q() -> Q:
    """Representations whose creator lets her agency see her rate card: `Grant.sees_rates`
    for lists (insights or managing rates)."""
    return granted_q(Scope.VIEW_INSIGHTS) | granted_q(Scope.MANAGE_RATES)


def reach_q(role: Role | None, field: str = "creator") -> Q:
    """Rows about the creators `role` acts for: herself, or for agency staff the creators their
    agency represents within their assignment. Brands reach creators through their own rows
    (campaigns, offers), which their apps filter."""
    if role is None:
        return Q(pk__in=[])
    if role.kind == RoleKind.CREATOR:
        return Q(**{field: role.creator.pk})
    if role.kind == RoleKind.AGENCY:
        represented = Representation.objects.visible_to(role).active().values("creator_id")
        return Q(**{f"{field}__in": represented})
    return Q(pk__in=[])
