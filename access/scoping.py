"""The one place that decides who sees what.

Lists use the `*_visible_to(role)` querysets; one object goes through `get_<model>_for_user`,
which raises 404 when the object is out of reach and 403 when it is visible but the scope is
missing. Pages, the API and exports all call these; nothing else filters by tenant.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from access.models import Representation, RepresentationStatus
from agencies.models import AgencyRole
from creators.models import CreatorProfile


def representations_visible_to(role):
    """Representations `role` may see: all of a creator's own; an agency's open and active ones
    (all for owners/admins, the assigned ones for managers and assistants). An ended
    representation is gone for the agency at once (it keeps only its audit rows). Brands see
    none."""
    if role is None:
        return Representation.objects.none()
    if role.kind == "creator":
        return Representation.objects.filter(creator=role.creator)
    if role.kind != "agency":
        return Representation.objects.none()
    qs = Representation.objects.filter(agency=role.agency).exclude(
        status=RepresentationStatus.ENDED
    )
    if role.membership.role in (AgencyRole.OWNER, AgencyRole.ADMIN):
        return qs
    user = role.membership.user_id
    return qs.filter(Q(lead_manager_id=user) | Q(team__id=user)).distinct()


def active_representations_visible_to(role):
    return representations_visible_to(role).filter(status=RepresentationStatus.ACTIVE)


def creators_visible_to(role):
    """Creator profiles `role` may open: its own, the agency's represented creators within the
    member's assignment, or (for brands) the public marketplace profiles (SPEC §2)."""
    if role is None:
        return CreatorProfile.objects.none()
    if role.kind == "creator":
        return CreatorProfile.objects.filter(pk=role.creator.pk)
    if role.kind == "brand":
        return CreatorProfile.objects.public()
    reps = active_representations_visible_to(role)
    return CreatorProfile.objects.filter(pk__in=reps.values("creator_id"))


def get_representation_for_user(role, public_id, need: str | None = None) -> Representation:
    """One representation `role` can see (404 otherwise); with `need`, the agency side must also
    hold that scope and be allowed to act (403 otherwise)."""
    rep = (
        representations_visible_to(role)
        .select_related("agency", "creator", "lead_manager")
        .filter(public_id=public_id)
        .first()
    )
    if rep is None:
        raise Http404
    agency_side = need is not None and role.kind == "agency"
    if agency_side and (not rep.has_scope(need) or not role.membership.can_act):
        raise PermissionDenied
    return rep


def import_jobs_visible_to(role):
    """Web imports: an agency's own, seen by its members."""
    from creators.models import ImportJob

    if role is None or role.kind != "agency":
        return ImportJob.objects.none()
    return ImportJob.objects.filter(agency=role.agency)


def get_import_job_for_user(role, public_id):
    """One import job of the member's agency (404 otherwise)."""
    job = import_jobs_visible_to(role).filter(public_id=public_id).first()
    if job is None:
        raise Http404
    return job


def offers_visible_to(role):
    """Offers: a brand's own campaigns', a creator's own, and those of the creators an agency
    member may see (active representation, within the assignment)."""
    from campaigns.models import Offer

    if role is None:
        return Offer.objects.none()
    if role.kind == "brand":
        return Offer.objects.filter(campaign__brand=role.brand)
    if role.kind == "creator":
        return Offer.objects.filter(creator=role.creator)
    reps = active_representations_visible_to(role)
    return Offer.objects.filter(creator_id__in=reps.values("creator_id"))


def get_offer_for_user(role, public_id):
    """One offer within reach (404 otherwise); what the role may do is the transition table's."""
    offer = (
        offers_visible_to(role)
        .select_related("campaign__brand", "creator")
        .filter(public_id=public_id)
        .first()
    )
    if offer is None:
        raise Http404
    return offer


def get_deliverable_for_user(role, public_id):
    """One deliverable of an offer within reach (404 otherwise)."""
    from deliverables.models import Deliverable

    deliverable = (
        Deliverable.objects.filter(offer__in=offers_visible_to(role), public_id=public_id)
        .select_related("offer__campaign__brand", "offer__creator")
        .first()
    )
    if deliverable is None:
        raise Http404
    return deliverable


def campaigns_visible_to(role):
    """Campaigns: a brand's own, seen by its members (offers carry what others may see)."""
    from campaigns.models import Campaign

    if role is None or role.kind != "brand":
        return Campaign.objects.none()
    return Campaign.objects.filter(brand=role.brand)


def get_campaign_for_user(role, public_id):
    """One campaign of the member's brand (404 otherwise)."""
    campaign = campaigns_visible_to(role).filter(public_id=public_id).first()
    if campaign is None:
        raise Http404
    return campaign


def get_creator_for_user(role, public_id, need: str | None = None):
    """One creator profile within reach (404 otherwise); with `need`, an agency member must hold
    that scope on the creator's active representation (403 otherwise)."""
    creator = creators_visible_to(role).filter(public_id=public_id).first()
    if creator is None:
        raise Http404
    if need is not None and role.kind == "agency":
        rep = active_representations_visible_to(role).filter(creator=creator).first()
        if rep is None or not rep.has_scope(need):
            raise PermissionDenied
    return creator
