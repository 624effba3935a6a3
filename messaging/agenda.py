"""Deadlines across the user's hats: response deadlines and deliverable due dates; the inbox of
what waits on the user's side."""

import calendar
import re
from datetime import date, timedelta

from django.db.models import CharField, F, Q, Value
from django.utils import formats, timezone

from access.hats import roles_for
from access.roles import RoleKind
from campaigns.models import Offer
from campaigns.transitions import LIVE, NEXT, PENDING, TABS, Side, Tab, side_of
from deliverables.models import Deliverable
from deliverables.transitions import DONE
from messaging.actions import hash_feed_token
from messaging.models import CalendarToken
from pipeline.queries import task_events


def offers_for_user(user):
    """Every offer the user can see through any of their hats (the calendar feed's owner: its
    token stands for them, so the same permission decision applies on every fetch)."""
    roles = roles_for(user)
    if not roles:
        return Offer.objects.none()
    qs = Offer.objects.visible_to(roles[0])
    for role in roles[1:]:
        qs = qs | Offer.objects.visible_to(role)
    return qs.distinct()


def deadlines(user, *, start: date, days: int = 90) -> list[dict]:
    """Dated events in [start, start + days): response deadlines and deliverable due dates."""
    end = start + timedelta(days=days)
    offers = offers_for_user(user)
    events = [
        {
            "day": o.response_deadline,
            "kind": "response",
            "offer": o,
            "title": f"{o.campaign.name} → {o.creator.at_handle}",
        }
        for o in offers.filter(
            status__in=PENDING, response_deadline__gte=start, response_deadline__lt=end
        ).select_related("campaign", "creator")
    ]
    # Only running deals have deliverables to make: a cancelled deal's are out of the calendar.
    items = Deliverable.objects.filter(
        offer__in=offers.filter(status__in=LIVE), due_date__gte=start, due_date__lt=end
    )
    items = items.exclude(status__in=DONE).select_related("offer__campaign", "offer__creator")
    events += [
        {
            "day": d.due_date,
            "kind": "deliverable",
            "offer": d.offer,
            "deliverable": d,
            "title": f"{d.offer.campaign.name} #{d.number} → {d.offer.creator.at_handle}",
        }
        for d in items
    ]
    events += task_events(user, start=start, end=end)  # the agency's tasks given to the user
    return sorted(events, key=lambda e: (e["day"], e["title"]))


def month_of(value: str | None, today: date) -> date:
    """The first day of the month named `YYYY-MM`; this month when absent or invalid."""
    match = re.fullmatch(r"(\d{4})-(\d{2})", value or "")
    if match and 1900 < int(match[1]) < 2200 and 1 <= int(match[2]) <= 12:
        return date(int(match[1]), int(match[2]), 1)
    return today.replace(day=1)


def month_grid(user, *, month: date, today: date) -> dict:
    """The weeks × days of `month` (whole weeks, starting on the locale's first weekday), each day
    with its deadlines; two queries whatever the number of events."""
    # Django counts weekdays from Sunday (0), Python's calendar from Monday (0).
    first_weekday = (int(formats.get_format("FIRST_DAY_OF_WEEK")) - 1) % 7
    weeks = calendar.Calendar(first_weekday).monthdatescalendar(month.year, month.month)
    start, end = weeks[0][0], weeks[-1][-1]
    by_day: dict[date, list[dict]] = {}
    for event in deadlines(user, start=start, days=(end - start).days + 1):
        by_day.setdefault(event["day"], []).append(event)
    grid = [
        [
            {
                "day": day,
                "in_month": day.month == month.month,
                "is_today": day == today,
                "events": by_day.get(day, []),
            }
            for day in week
        ]
        for week in weeks
    ]
    previous = (month - timedelta(days=1)).replace(day=1)
    following = (month + timedelta(days=31)).replace(day=1)
    in_month = sum(len(v) for day, v in by_day.items() if day.month == month.month)
    return {
        "month": month,
        "weeks": grid,
        "weekdays": weeks[0],
        "previous": previous,
        "next": following,
        "count": in_month,
        "shown": bool(by_day),
        "is_current": month == today.replace(day=1),
    }


def waiting_on(role, after: tuple | None = None):
    """Offers and threads waiting on the role's side, oldest first: one UNION queryset of
    `{"kind", "offer_pk", "since"}` rows, read a page at a time from the `after` cursor (keyset
    pagination: no count of everything, so a page costs about the same for ten waiting items as
    for ten thousand). `rows_for` turns a page into display rows."""
    side = side_of(role)
    mine = {side, Side.CREATOR} if role.kind == RoleKind.CREATOR else {side}
    statuses = [status for status in PENDING if NEXT.get(status) in mine]
    offers = Offer.objects.visible_to(role).order_by()  # no ORDER BY inside the UNION
    waiting_offers = offers.filter(status__in=statuses).filter(_after(after, "updated_at", "offer"))
    threads = (
        offers.filter(last_message_at__isnull=False)
        .exclude(last_message_side=side)
        .exclude(status__in=TABS[Tab.INACTIVE])  # a closed deal's thread takes no answer
        .filter(_after(after, "last_message_at", "message"))
    )
    text = CharField()
    rows = waiting_offers.values(
        kind=Value("offer", output_field=text), offer_pk=F("pk"), since=F("updated_at")
    ).union(
        threads.values(
            kind=Value("message", output_field=text), offer_pk=F("pk"), since=F("last_message_at")
        ),
        all=True,
    )
    return rows.order_by("since", "offer_pk", "kind")


def _after(cursor, since_field: str, kind: str):
    """Rows after the cursor (since, offer pk, kind) in the inbox's order."""
    if cursor is None:
        return Q()
    since, pk, cursor_kind = cursor
    return (
        Q(**{f"{since_field}__gt": since})
        | Q(**{since_field: since, "pk__gt": pk})
        | (Q(**{since_field: since, "pk": pk}) if kind > cursor_kind else Q(pk__in=[]))
    )


def cursor_of(row: dict) -> str:
    return f"{row['since'].isoformat()}|{row['offer'].pk}|{row['kind']}"


def parse_cursor(value: str | None) -> tuple | None:
    """The `after` cursor of a next-page link, or None (first page) when absent or malformed."""
    from datetime import datetime

    try:
        since, pk, kind = (value or "").split("|")
        return datetime.fromisoformat(since), int(pk), kind
    except ValueError:
        return None


def rows_for(page_rows) -> list[dict]:
    """Display rows for one page of `waiting_on`: the offers fetched in one query."""
    rows = list(page_rows)
    offers = Offer.objects.select_related("campaign__brand", "creator").in_bulk(
        [row["offer_pk"] for row in rows]
    )
    now = timezone.now()
    return [
        {
            "kind": row["kind"],
            "offer": offers[row["offer_pk"]],
            "since": row["since"],
            "waiting": now - row["since"],
        }
        for row in rows
    ]


def user_for_token(token: str):
    row = (
        CalendarToken.objects.filter(token_hash=hash_feed_token(token), revoked_at__isnull=True)
        .select_related("user")
        .first()
    )
    return row.user if row is not None and row.user.is_active else None


SUMMARY = {"deliverable": "Due: ", "task": "Task: "}


def ics(user, events) -> bytes:
    from icalendar import Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", "-//talentdesk//deadlines//EN")
    calendar.add("version", "2.0")
    for event in events:
        item = Event()
        key = next(
            event[name].public_id for name in ("deliverable", "task", "offer") if event.get(name)
        )
        item.add("uid", f"{event['kind']}-{key}@talentdesk")
        item.add(
            "summary",
            SUMMARY.get(event["kind"], "Answer by: ") + event["title"],
        )
        item.add("dtstart", event["day"])
        item.add("dtend", event["day"] + timedelta(days=1))
        item.add("dtstamp", timezone.now())
        calendar.add_component(item)
    if not calendar.subcomponents:
        # RFC 5545 §3.6: a calendar holds at least one component, and a calendar client refuses
        # one without. With no deadline, the feed carries the UTC time zone: valid, shows nothing.
        calendar.add_component(utc_timezone())
    return calendar.to_ical()


def utc_timezone():
    """A VTIMEZONE for UTC (one STANDARD rule at offset zero), the harmless component of an
    otherwise empty feed."""
    from datetime import datetime

    from icalendar import Timezone, TimezoneStandard

    standard = TimezoneStandard()
    standard.add("dtstart", datetime(1970, 1, 1))
    standard.add("tzoffsetfrom", timedelta(0))
    standard.add("tzoffsetto", timedelta(0))
    standard.add("tzname", "UTC")
    zone = Timezone()
    zone.add("tzid", "UTC")
    zone.add_component(standard)
    return zone
