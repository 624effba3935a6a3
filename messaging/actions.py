"""Telling the other side of a deal that something happened."""

from django.db.models import Q
from django.utils import timezone

from access.models import Representation
from accounts.models import User
from messaging import preferences
from messaging.models import Notification


def offer_recipients(offer, *, acting_side: str):
    """The people on the side that did not act: brand members, or the creator with the agency
    staff working on them (lead manager, team, owners and admins)."""
    if acting_side == "brand":
        users = Q(creator_profile=offer.creator)
        rep = Representation.objects.active().filter(creator=offer.creator).first()
        if rep is not None:
            users |= Q(pk=rep.lead_manager_id) | Q(team_representations=rep)
            users |= Q(
                agency_memberships__agency=rep.agency_id,
                agency_memberships__role__in=["owner", "admin"],
            )
        return User.objects.filter(users).distinct()
    return User.objects.filter(brand_memberships__brand=offer.campaign.brand_id).distinct()


def notify_offer(offer, event, *, actor, acting_side: str) -> int:
    """One notification per recipient (the actor excluded) on the channels each chose for this
    kind of event; e-mails are queued after commit. Returns how many were created."""
    recipients = offer_recipients(offer, acting_side=acting_side)
    if actor is not None:
        recipients = recipients.exclude(pk=actor.pk)
    recipients = list(recipients)
    channels = preferences.channels_for([user.pk for user in recipients], event)
    name = (actor.name or actor.email) if actor is not None else "talentdesk"
    rows, wanted_users = [], set()
    for user in recipients:
        in_app, email = channels.get(user.pk, (True, True))
        email = email and user.email_notifications
        if in_app or email:
            rows.append(
                Notification(
                    user=user, event=int(event), actor_name=name, offer=offer, in_app=in_app
                )
            )
            if email:
                wanted_users.add(user.pk)
    created = Notification.objects.bulk_create(rows)
    wanted = [n.pk for n in created if n.user_id in wanted_users]
    if wanted:
        from django.db import transaction

        from messaging.tasks import email_notification

        transaction.on_commit(lambda: [email_notification.enqueue(pk) for pk in wanted])
    return len(rows)


def set_notification_preferences(user, *, actor, choices: dict[str, set[str]]) -> None:
    """Store the channels the user wants per kind (only the ones differing from "all on").
    Locks the user row; only the user themself changes them (the view passes request.user)."""
    from django.db import transaction

    from access import audit
    from access.models import ActingAs, AuditEventType
    from messaging.models import NotificationPreference

    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)  # one save at a time per user
        before = preferences.choices_for(user)
        NotificationPreference.objects.filter(user=user).delete()
        NotificationPreference.objects.bulk_create(
            NotificationPreference(
                user=user, kind=kind, in_app="in_app" in channels, email="email" in channels
            )
            for kind, channels in choices.items()
            if kind in preferences.KINDS and set(channels) != set(preferences.CHANNELS)
        )
        after = preferences.choices_for(user)
        changes = {
            kind: [sorted(before[kind]), sorted(after[kind])]
            for kind in preferences.KINDS
            if before[kind] != after[kind]
        }
        if changes:
            audit.record(
                AuditEventType.PROFILE_UPDATED,
                actor=actor,
                acting_as=ActingAs.USER,
                target=user,
                changes={"notifications": changes},
            )


def mark_all_read(user) -> int:
    return Notification.objects.filter(user=user, in_app=True, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def can_write(role, offer, representation=None) -> bool:
    """Brand members of the campaign, the creator, or agency staff with `message_brands`."""
    if role is None:
        return False
    if role.kind == "brand":
        return role.brand.pk == offer.campaign.brand_id
    if role.kind == "creator":
        return role.creator.pk == offer.creator_id
    return (
        representation is not None
        and representation.has_scope("message_brands")
        and role.membership.can_act
    )


def post_message(offer, *, role, actor, body: str, upload=None):
    """Add a message to the offer's thread; audited when written on the creator's behalf."""
    from django.db import transaction
    from django.utils.translation import gettext as _

    from access import audit
    from access.models import ActingAs, AuditEventType
    from campaigns.actions import representation_for
    from deliverables.uploads import content_type_of
    from messaging.models import Message
    from talentdesk.lib.errors import ActionError

    body = (body or "").strip()
    if not body:
        raise ActionError(_("Write a message first."), field="body")
    if "\x00" in body:
        raise ActionError(_("The message contains characters that cannot be stored."), field="body")
    if not can_write(role, offer, representation_for(role, offer)):
        raise ActionError(_("You cannot write in this thread."), code="not_allowed")
    side = "brand" if role.kind == "brand" else "creator_side"
    kind = content_type_of(upload) if upload is not None else ""  # same rules as drafts
    with transaction.atomic():
        name = actor.name or actor.email
        message = Message(
            offer=offer, side=side, author=actor, author_name=name, body=body, attachment_type=kind
        )
        if upload is not None:
            message.attachment.save("attachment", upload, save=False)
        message.save()
        type(offer).objects.filter(pk=offer.pk).update(
            last_message_at=message.created_at, last_message_side=side
        )
        mark_read(actor, offer)
        notify_offer(offer, AuditEventType.MESSAGE_SENT, actor=actor, acting_side=side)
        if role.kind == "agency":
            audit.record(
                AuditEventType.MESSAGE_SENT,
                actor=actor,
                acting_as=ActingAs.AGENCY,
                agency=role.agency,
                brand=offer.campaign.brand,
                on_behalf_of=offer.creator,
                target=offer,
                target_label=f"{offer.campaign.name} → {offer.creator.at_handle}",
                changes={"message": body[:200]},
            )
    return message


def mark_read(user, offer) -> None:
    from messaging.models import ThreadRead

    ThreadRead.objects.update_or_create(
        user=user, offer=offer, defaults={"read_at": timezone.now()}
    )


def unread_count(user, offer) -> int:
    """Messages from the other side the user has not seen."""
    from django.db.models import Exists, OuterRef

    from messaging.models import Message, ThreadRead

    # One query: a message is read when the user's read mark is at or after it.
    read = ThreadRead.objects.filter(user=user, offer=offer, read_at__gte=OuterRef("created_at"))
    return Message.objects.filter(offer=offer).exclude(author=user).exclude(Exists(read)).count()


def response_times(offer) -> dict[str, float | None]:
    """Average hours each side took to answer the other side's message."""
    from messaging.models import Message

    waits: dict[str, list[float]] = {"brand": [], "creator_side": []}
    previous = None
    for message in Message.objects.filter(offer=offer).only("side", "created_at"):
        if previous is not None and message.side != previous.side:
            hours = (message.created_at - previous.created_at).total_seconds() / 3600
            waits[message.side].append(hours)
        previous = message
    return {side: (sum(v) / len(v) if v else None) for side, v in waits.items()}
