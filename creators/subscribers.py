"""E-mails about creator profiles, sent after the transaction of the event commits."""

from django.db import transaction

from access.events import Event
from access.models import AuditEventType
from creators import notifications
from talentdesk.lib.events import subscriber


@subscriber(Event)
def tell_the_previous_holder(event: Event) -> None:
    """A verified owner took back a handle: the profile that held it unverified hears of it."""
    if event.type != AuditEventType.HANDLE_RECLAIMED or event.target.user_id is None:
        return
    user, lost = event.target.user, event.changes["handle"][0]
    transaction.on_commit(lambda: notifications.handle_reclaimed(user, lost))
