"""Reads for the agency's pages, each a fixed number of queries whatever the roster's size."""

from django.db.models import Count, Q

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
