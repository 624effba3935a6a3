"""Reads for the agency's pages, each a fixed number of queries whatever the roster's size."""

from django.db.models import Count, F, Q

from access.models import RepresentationStatus
from access.scoping import active_representations_visible_to, representations_visible_to


def home_summary(role) -> dict:
    """Counts for the agency home: represented creators, open proposals, followers reached."""
    from django.db.models import Sum

    counts = representations_visible_to(role).aggregate(
        active=Count("pk", filter=Q(status=RepresentationStatus.ACTIVE), distinct=True),
        proposed=Count("pk", filter=Q(status=RepresentationStatus.PROPOSED), distinct=True),
    )
    followers = active_representations_visible_to(role).aggregate(total=Sum("creator__followers"))[
        "total"
    ]
    return {**counts, "followers": followers or 0}


def top_creators(role, limit: int = 10):
    """The largest creators this member works with, with their lead manager."""
    return (
        active_representations_visible_to(role)
        .select_related("creator", "lead_manager")
        .order_by("-creator__followers", "creator__handle")[:limit]
    )


def open_proposals(role, limit: int = 10):
    return (
        representations_visible_to(role)
        .filter(status=RepresentationStatus.PROPOSED)
        .select_related("creator")
        .order_by("-created_at")[:limit]
    )


def roster(role, *, q="", category=None, country="", manager=None, min_followers=None, sort=""):
    """The agency's active representations as roster rows, filtered and sorted; a member who is
    not owner/admin sees only their assigned creators (through `access.scoping`)."""
    from agencies.forms import RosterFilterForm

    rows = (
        active_representations_visible_to(role)
        .select_related("creator", "creator__metrics", "lead_manager")
        .prefetch_related("creator__categories")
    )
    if q:
        rows = rows.filter(
            Q(creator__handle__icontains=q.lstrip("@")) | Q(creator__display_name__icontains=q)
        )
    if category is not None:
        rows = rows.filter(creator__categories=category)
    if country:
        rows = rows.filter(creator__country=country)
    if manager is not None:
        rows = rows.filter(lead_manager=manager)
    if min_followers is not None:
        rows = rows.filter(creator__followers__gte=min_followers)
    order = RosterFilterForm.SORTS.get(sort or "-followers", "-creator__followers")
    # Creators without a figure sort last whichever the direction.
    field = F(order.lstrip("-"))
    ordering = field.desc(nulls_last=True) if order.startswith("-") else field.asc(nulls_last=True)
    return rows.order_by(ordering, "creator__handle")
