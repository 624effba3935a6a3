"""The usage-rights clock: a signed deal grants the brand its usage rights and paid-ads
authorisation for a number of days from the seal. 14 and 3 days before a window ends, the
creator side is told (an event the audit log and the notifications subscribe to) and offered a
one-click renewal (`campaigns.actions.propose_renewal`)."""

from datetime import date, timedelta

from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext_lazy

from access.models import AuditEventType
from access.scopes import Scope
from campaigns.models import Contract, UsageReminder
from campaigns.transitions import HOLDING, TABS, OfferStatus, Side, Tab, offer_event, offer_party
from talentdesk.lib.events import publish

REMIND_DAYS = (14, 3)  # days before the end: the creator side hears of it on each
RUNNING = [*HOLDING, OfferStatus.COMPLETED]  # deals whose rights hold (not cancelled)


class Window(models.TextChoices):
    USAGE = "usage", gettext_lazy("Usage rights")
    PAID_ADS = "paid_ads", gettext_lazy("Paid-ads authorisation")


def ends(sealed_on: date, terms) -> tuple[date | None, date | None]:
    """(usage rights end, paid-ads authorisation ends) of terms sealed on that day; None for a
    window of 0 days."""
    usage = sealed_on + timedelta(days=terms.usage_days) if terms.usage_days else None
    paid = sealed_on + timedelta(days=terms.paid_ads_days) if terms.paid_ads_days else None
    return usage, paid


def windows(contract: Contract) -> list[tuple[Window, date]]:
    """The sealed contract's windows and their last day, soonest first."""
    found = [
        (Window.USAGE, contract.usage_ends_on),
        (Window.PAID_ADS, contract.paid_ads_ends_on),
    ]
    return sorted(((w, end) for w, end in found if end is not None), key=lambda item: item[1])


def may_renew(role, offer, grant) -> bool:
    """Whether `role` may offer the brand a renewal of this deal's rights: the creator, or her
    agency's staff with her leave to negotiate, on a signed deal that is not cancelled."""
    party = offer_party(role, offer, grant, Scope.NEGOTIATE)
    return party in (Side.CREATOR, Side.CREATOR_SIDE) and offer.status in RUNNING


def card(role, offer, contract, grant, today: date) -> dict | None:
    """What the offer page's usage-rights card shows: each window's end and days left, the
    renewal button (with the open renewal, if one is waiting), or None before the seal."""
    if contract is None or contract.completed_at is None or offer.status not in RUNNING:
        return None
    rows = [(window.label, end, (end - today).days) for window, end in windows(contract)]
    renew = may_renew(role, offer, grant) and bool(rows)
    open_renewal = None
    if renew:
        open_renewal = offer.renewals.exclude(status__in=TABS[Tab.INACTIVE]).first()
    return {"windows": rows, "may_renew": renew, "open_renewal": open_renewal}


def remind_usage_rights(today: date) -> int:
    """Tell the creator side of every running deal whose window ends in 14 or 3 days (or
    fewer, when a tick was missed), once per window and reminder; safe to run twice."""
    horizon = today + timedelta(days=max(REMIND_DAYS))
    sent = 0
    for field, window in (("usage_ends_on", Window.USAGE), ("paid_ads_ends_on", Window.PAID_ADS)):
        contracts = Contract.objects.filter(
            offer__status__in=RUNNING, **{f"{field}__gte": today, f"{field}__lte": horizon}
        ).select_related("offer__campaign__brand", "offer__creator")
        for contract in contracts:
            ends_on = getattr(contract, field)
            left = (ends_on - today).days
            due = min(days for days in REMIND_DAYS if days >= left)
            sent += _remind(contract.offer, window, due, ends_on, left)
    return sent


def _remind(offer, window: Window, days_before: int, ends_on: date, left: int) -> int:
    try:
        with transaction.atomic():
            UsageReminder.objects.create(
                offer=offer, window=window, days_before=days_before, ends_on=ends_on
            )
            changes = {"window": str(window), "ends_on": ends_on.isoformat(), "days_left": left}
            event = offer_event(
                offer, AuditEventType.USAGE_RIGHTS_ENDING, role=None, actor=None, changes=changes
            )
            publish(event)
    except IntegrityError:
        return 0  # sent already (or by another tick at the same moment)
    return 1
