"""Telling the other side of a deal that something happened."""

from django.db.models import Q
from django.utils import timezone

from access.models import Representation
from accounts.models import User
from messaging.models import Notification


def offer_recipients(offer, *, acting_side: str):
    """The people on the side that did not act: brand members, or the creator with the agency
    staff working on them (lead manager, team, owners and admins)."""
    if acting_side == "brand":
        users = Q(creator_profile=offer.creator)
        rep = Representation.objects.active().filter(creator=offer.creator).first()
        if rep is not None:
            users |= Q(pk=rep.lead_manager_id) | Q(team_representations=rep)
            users |= Q(agency_memberships__agency=rep.agency_id,
                       agency_memberships__role__in=["owner", "admin"])  # fmt: skip
        return User.objects.filter(users).distinct()
    return User.objects.filter(brand_memberships__brand=offer.campaign.brand_id).distinct()


def notify_offer(offer, event, *, actor, acting_side: str) -> int:
    """One notification per recipient (the actor excluded); returns how many."""
    recipients = offer_recipients(offer, acting_side=acting_side)
    if actor is not None:
        recipients = recipients.exclude(pk=actor.pk)
    name = (actor.name or actor.email) if actor is not None else "talentdesk"
    rows = [
        Notification(user=user, event=int(event), actor_name=name, offer=offer)
        for user in recipients
    ]
    Notification.objects.bulk_create(rows)
    return len(rows)


def mark_all_read(user) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
