"""Which notifications each user wants, per kind of event, in the app and by e-mail.

A kind groups the audit event types a notification can carry. No row means the default:
everything on. The profile's "e-mail me about my deals" switch still turns every e-mail off.
"""

from django.utils.translation import gettext_lazy as _

from access.models import AuditEventType as E

CHANNELS = {"in_app": _("In the app"), "email": _("By e-mail")}

# kind: (label, event types)
KINDS = {
    "offers": (_("New offers"), [E.OFFER_SENT]),
    "counters": (_("Counter-offers and renewals"), [E.OFFER_COUNTERED, E.RENEWAL_PROPOSED]),
    "acceptances": (
        _("Acceptances and contracts"),
        [E.OFFER_ACCEPTED, E.OFFER_AWAITING_APPROVAL, E.OFFER_APPROVED, E.CONTRACT_SIGNED],
    ),
    "offer_changes": (
        _("Offers declined, withdrawn, sent back, cancelled or expired"),
        [
            E.OFFER_DECLINED,
            E.OFFER_WITHDRAWN,
            E.OFFER_SENT_BACK,
            E.OFFER_CANCELLED,
            E.OFFER_EXPIRED,
        ],
    ),
    "drafts": (_("Drafts submitted"), [E.DRAFT_SUBMITTED]),
    "feedback": (_("Feedback and change requests"), [E.FEEDBACK_GIVEN, E.CHANGES_REQUESTED]),
    "approvals": (_("Drafts approved"), [E.DRAFT_APPROVED, E.DRAFT_DEEMED_APPROVED]),
    "posts": (
        _("Posts, verifications and completed deals"),
        [
            E.DELIVERABLE_POSTED,
            E.DELIVERABLE_VERIFIED,
            E.DISCLOSURE_MISSING,
            E.OFFER_POSTING,
            E.OFFER_COMPLETED,
        ],
    ),
    "deadlines": (
        _("Deadline reminders and usage rights ending"),
        [E.DEADLINE_REMINDER, E.USAGE_RIGHTS_ENDING],
    ),
    "messages": (_("Messages"), [E.MESSAGE_SENT]),
    "invoices": (
        _("Invoices issued, paid, overdue or void"),
        [E.INVOICE_ISSUED, E.INVOICE_PAID, E.INVOICE_OVERDUE, E.INVOICE_VOIDED],
    ),
}
KIND_OF_EVENT = {int(event): kind for kind, (_label, events) in KINDS.items() for event in events}


def kind_of(event) -> str | None:
    return KIND_OF_EVENT.get(int(event))


def choices_for(user) -> dict[str, set[str]]:
    """Every kind with the channels the user receives it on (defaults filled in)."""
    from messaging.models import NotificationPreference

    stored = {p.kind: p for p in NotificationPreference.objects.filter(user=user)}
    return {
        kind: {c for c in CHANNELS if getattr(stored[kind], c)} if kind in stored else set(CHANNELS)
        for kind in KINDS
    }


def channels_for(users, event) -> dict[int, tuple[bool, bool]]:
    """(in_app, email) per user id for one event, in one query; missing users get (True, True)."""
    from messaging.models import NotificationPreference

    kind = kind_of(event)
    if kind is None:
        return {}
    rows = NotificationPreference.objects.filter(user__in=users, kind=kind)
    return {row.user_id: (row.in_app, row.email) for row in rows}
