"""Reminders two days before a deadline, to the side that must act; once per deadline."""

from datetime import timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from access.models import AuditEventType
from accounts.models import User
from campaigns.models import Offer
from campaigns.transitions import LIVE, NEXT, PENDING, Side
from deliverables.models import Deliverable
from deliverables.transitions import DONE, DeliverableStatus
from messaging.actions import notify_offer, notify_users
from pipeline.models import Task
from pipeline.queries import live_tasks

WINDOW = timedelta(days=2)
# notify_offer tells the side opposite the one named: name the other side to reach who must act.
OTHER = {Side.BRAND: Side.CREATOR_SIDE, Side.CREATOR_SIDE: Side.BRAND, Side.CREATOR: Side.BRAND}


def send_reminders(today=None) -> int:
    """Notify whoever must act on offers and deliverables due within two days (idempotent)."""
    today = today or timezone.now().date()
    soon = today + WINDOW
    count = 0
    # Already reminded of this very deadline: left out in SQL, so a tick with nothing new to say
    # reads nothing (it used to lock and update every offer due soon, each minute: 33 s at the
    # large benchmark scale).
    offers = Offer.objects.filter(
        status__in=PENDING, response_deadline__gte=today, response_deadline__lte=soon
    ).exclude(reminded_for=F("response_deadline"))
    for offer in offers.select_related("campaign__brand", "creator"):
        with transaction.atomic():
            updated = (
                Offer.objects.filter(pk=offer.pk)
                .exclude(reminded_for=offer.response_deadline)
                .update(reminded_for=offer.response_deadline)
            )
            side = NEXT.get(offer.status)
            if updated and side in OTHER:
                notify_offer(
                    offer, AuditEventType.DEADLINE_REMINDER, actor=None, acting_side=OTHER[side]
                )
                count += 1
    # Deliverables of running deals only: a cancelled deal's are nobody's work any more.
    items = (
        Deliverable.objects.filter(offer__status__in=LIVE, due_date__gte=today, due_date__lte=soon)
        .exclude(status__in=DONE)
        .exclude(reminded_for=F("due_date"))
    )
    for item in items.select_related("offer__campaign__brand", "offer__creator"):
        with transaction.atomic():
            updated = (
                Deliverable.objects.filter(pk=item.pk)
                .exclude(reminded_for=item.due_date)
                .update(reminded_for=item.due_date)
            )
            if updated:
                waiting = item.status == DeliverableStatus.DRAFT_SUBMITTED
                side = Side.BRAND if waiting else Side.CREATOR_SIDE
                notify_offer(
                    item.offer,
                    AuditEventType.DEADLINE_REMINDER,
                    actor=None,
                    acting_side=OTHER[side],
                )
                count += 1
    return count + remind_tasks(today, soon)


def remind_tasks(today, soon) -> int:
    """The agency's open tasks due within two days, told to their assignee once per due date."""
    count = 0
    tasks = live_tasks().filter(due_on__gte=today, due_on__lte=soon)
    for task in tasks.exclude(reminded_for=F("due_on")).select_related("offer"):
        with transaction.atomic():
            updated = (
                Task.objects.filter(pk=task.pk)
                .exclude(reminded_for=task.due_on)
                .update(reminded_for=task.due_on)
            )
            if updated:
                # The notification names the task where others name who acted.
                named = User(name=task.title, email="")
                notify_users(
                    User.objects.filter(pk=task.assignee_id, is_active=True),
                    task.offer,
                    AuditEventType.DEADLINE_REMINDER,
                    actor=named,
                )
                count += 1
    return count
