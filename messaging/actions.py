"""Business verbs of messaging: messages in an offer's thread, read marks, notification choices,
the calendar feed's address; and `notify_offer`, which the notification subscribers call."""

import hashlib
import secrets

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from access.events import Event
from access.models import ActingAs, AuditEventType, Representation
from access.permissions import NOBODY, agency_grant, decide
from access.roles import RoleKind
from access.scopes import Scope
from accounts.models import User
from agencies.models import AgencyRole
from campaigns.transitions import Side, acting_as, offer_party, side_of
from deliverables.uploads import content_type_of
from messaging import preferences
from messaging.events import MessagePosted
from messaging.models import (
    CalendarToken,
    Message,
    Notification,
    NotificationPreference,
    ThreadRead,
)
from talentdesk.lib.errors import ActionError
from talentdesk.lib.events import publish


def _staff_on(rep) -> Q:
    """The agency staff working on a representation: lead manager, team, owners and admins."""
    return (
        Q(pk=rep.lead_manager_id)
        | Q(team_representations=rep)
        | Q(
            agency_memberships__agency=rep.agency_id,
            agency_memberships__role__in=[AgencyRole.OWNER, AgencyRole.ADMIN],
        )
    )


def offer_recipients(offer, *, acting_side: str):
    """The people on the side that did not act: brand members, or the creator with the agency
    staff working on them (lead manager, team, owners and admins)."""
    if acting_side == Side.BRAND:
        users = Q(creator_profile=offer.creator)
        rep = Representation.objects.active().filter(creator=offer.creator).first()
        if rep is not None:
            users |= _staff_on(rep)
        return User.objects.filter(users).distinct()
    return User.objects.filter(brand_memberships__brand=offer.campaign.brand_id).distinct()


def invoice_recipients(invoice, *, sides):
    """The people an invoice is news for on these sides: the brand's members; the creator, with
    the staff of the deal's agency working on her while she lets it see her earnings."""
    users = Q(pk__in=[])
    if Side.BRAND in sides:
        users |= Q(brand_memberships__brand=invoice.brand_id)
    if Side.CREATOR_SIDE in sides:
        users |= Q(creator_profile=invoice.creator_id)
        grant = agency_grant(invoice.agency_id, invoice.creator) if invoice.agency_id else NOBODY
        if grant.sees(Scope.VIEW_EARNINGS):
            users |= _staff_on(grant.representation)
    return User.objects.filter(users).distinct()


def notify_offer(offer, event, *, actor, acting_side: str) -> int:
    """Tell the side that did not act of a step on the offer (see `notify_users`)."""
    return notify_users(offer_recipients(offer, acting_side=acting_side), offer, event, actor=actor)


def notify_invoice(invoice, event, *, actor, sides) -> int:
    """Tell these sides of a step on the invoice (see `invoice_recipients`, `notify_users`)."""
    recipients = invoice_recipients(invoice, sides=sides)
    return notify_users(recipients, invoice.offer, event, actor=actor)


def notify_users(recipients, offer, event, *, actor) -> int:
    """One notification per recipient (the actor excluded) on the channels each chose for this
    kind of event; e-mails are queued after commit. Returns how many were created."""
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
        from messaging.tasks import email_notification

        transaction.on_commit(lambda: [email_notification.enqueue(pk) for pk in wanted])
    return len(rows)


def set_notification_preferences(user, *, actor, choices: dict[str, set[str]]) -> None:
    """Store the channels the user wants per kind (only the ones differing from "all on").
    Locks the user row; only the user themself changes them (the view passes request.user)."""
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)  # one save at a time per user
        before = preferences.choices_for(user)
        NotificationPreference.objects.filter(user=user).delete()
        NotificationPreference.objects.bulk_create(
            NotificationPreference(
                user=user,
                kind=kind,
                in_app="in_app" in channels,
                email="email" in channels,
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
            publish(
                Event(
                    type=AuditEventType.PROFILE_UPDATED,
                    actor=actor,
                    acting_as=ActingAs.USER,
                    target=user,
                    changes={"notifications": changes},
                )
            )


def mark_all_read(user) -> int:
    """Every in-app notification of the user read now; returns how many were unread."""
    return Notification.objects.filter(user=user, in_app=True, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def can_write(role, offer, grant=None) -> bool:
    """Brand members of the campaign, the creator, or agency staff with `message_brands`; never
    in the thread of a closed deal (declined, expired, cancelled, withdrawn), which is read-only."""
    if role is None or offer.is_closed:
        return False
    if grant is None:
        grant = decide(role, offer.creator)
    return offer_party(role, offer, grant, Scope.MESSAGE_BRANDS) is not None


def post_message(offer, *, role, actor, body: str, upload=None):
    """Add a message to the offer's thread; audited when written on the creator's behalf.
    Locks the offer (its last-message fields change, and a closed deal takes no message)."""
    from campaigns.models import Offer

    body = (body or "").strip()
    if not body:
        raise ActionError(_("Write a message first."), field="body")
    if "\x00" in body:
        raise ActionError(_("The message contains characters that cannot be stored."), field="body")
    kind = content_type_of(upload) if upload is not None else ""  # same rules as drafts
    with transaction.atomic():
        offer = (
            Offer.objects.select_for_update(of=("self",))
            .select_related("campaign__brand", "creator")
            .get(pk=offer.pk)
        )
        if offer.is_closed:
            raise ActionError(
                _("This deal is “%(status)s”: its thread is read-only.")
                % {"status": offer.status_label},
                code="wrong_state",
            )
        if not can_write(role, offer):
            raise ActionError(_("You cannot write in this thread."), code="not_allowed")
        side = side_of(role)
        name = actor.name or actor.email
        message = Message(
            offer=offer,
            side=side,
            author=actor,
            author_name=name,
            body=body,
            attachment_type=kind,
        )
        if upload is not None:
            message.attachment.save("attachment", upload, save=False)
        message.save()
        offer.last_message_at, offer.last_message_side = message.created_at, side
        offer.save(update_fields=["last_message_at", "last_message_side"])
        mark_read(actor, offer)
        publish(
            MessagePosted(
                type=AuditEventType.MESSAGE_SENT,
                actor=actor,
                acting_as=acting_as(role),
                agency=role.agency if role.kind == RoleKind.AGENCY else None,
                brand=offer.campaign.brand,
                on_behalf_of=offer.creator,
                target=offer,
                target_label=f"{offer.campaign.name} → {offer.creator.at_handle}",
                changes={"message": body[:200]},
                audited=role.kind == RoleKind.AGENCY,
                message=message,
                offer=offer,
                side=side,
            )
        )
    return message


def mark_read(user, offer) -> None:
    ThreadRead.objects.update_or_create(
        user=user, offer=offer, defaults={"read_at": timezone.now()}
    )


def unread_count(user, offer) -> int:
    """Messages from the other side the user has not seen."""
    # One query: a message is read when the user's read mark is at or after it.
    read = ThreadRead.objects.filter(user=user, offer=offer, read_at__gte=OuterRef("created_at"))
    return Message.objects.filter(offer=offer).exclude(author=user).exclude(Exists(read)).count()


def response_times(offer) -> dict[str, float | None]:
    """Average hours each side took to answer the other side's message."""
    waits: dict[str, list[float]] = {Side.BRAND: [], Side.CREATOR_SIDE: []}
    previous = None
    for message in Message.objects.filter(offer=offer).only("side", "created_at"):
        if previous is not None and message.side != previous.side:
            hours = (message.created_at - previous.created_at).total_seconds() / 3600
            waits[message.side].append(hours)
        previous = message
    return {side: (sum(v) / len(v) if v else None) for side, v in waits.items()}


# --- The calendar feed's private address ------------------------------------------------------
def hash_feed_token(token: str) -> str:
    """Only this hash of a feed address's token is stored."""
    return hashlib.sha256(token.encode()).hexdigest()


def _feed_event(user, type) -> Event:
    return Event(type=type, actor=user, acting_as=ActingAs.USER, target=user)


def new_calendar_feed(user) -> str:
    """Revoke the user's previous feed address and return a new one (shown once); audited."""
    with transaction.atomic():
        CalendarToken.objects.filter(user=user, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        token = secrets.token_urlsafe(32)
        CalendarToken.objects.create(user=user, token_hash=hash_feed_token(token))
        publish(_feed_event(user, AuditEventType.CALENDAR_FEED_CREATED))
    return token


def revoke_calendar_feeds(user) -> int:
    """Every feed address of the user stops working at once; audited when one was live."""
    with transaction.atomic():
        revoked = CalendarToken.objects.filter(user=user, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        if revoked:
            publish(_feed_event(user, AuditEventType.CALENDAR_FEED_REVOKED))
    return revoked
