"""Reads for the agency's pages, each a fixed number of queries whatever the roster's size."""

from django.db.models import Case, Count, F, Q, When

from access.models import Representation, RepresentationStatus
from access.permissions import insights_shared_q, rates_shared_q


def representations_visible_to(role):
    return Representation.objects.visible_to(role)


def active_representations_visible_to(role):
    return Representation.objects.visible_to(role).active()


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


def creator_invitations_visible_to(role):
    """The agency's e-mailed invitations not taken up nor revoked: all of them for owners and
    admins, for other members the ones they sent."""
    from access.models import CreatorInvitation

    invitations = CreatorInvitation.objects.open().filter(agency=role.agency)
    if not role.is_admin:
        invitations = invitations.filter(invited_by_id=role.membership.user_id)
    return invitations


def creator_invitations(role, limit: int = 50):
    """What the roster lists as "invited" (expired ones too, to send again), newest first."""
    return list(
        creator_invitations_visible_to(role)
        .select_related("invited_by")
        .order_by("-sent_at")[:limit]
    )


WITHHELD_WITH_INSIGHTS = {
    "creator__metrics__median_views",
    "creator__metrics__engagement_rate",
    "creator__metrics__follower_growth_rate",
}
WITHHELD_WITH_RATES = {"creator__metrics__rate_from"}


def roster(role, *, q="", category=None, country="", manager=None, min_followers=None, sort=""):
    """The agency's active representations as roster rows, filtered and sorted; a member who is
    not owner/admin sees only their assigned creators (Representation.objects.visible_to). Each
    row says whether the creator shares her insights (`insights_shared`) and her rate card
    (`rates_shared`) with the agency: a withheld figure is neither shown nor sorted on."""
    from agencies.forms import RosterFilterForm

    insights, rates = insights_shared_q(), rates_shared_q()
    rows = (
        active_representations_visible_to(role)
        .select_related("creator", "creator__metrics", "lead_manager")
        .prefetch_related("creator__categories")
        .annotate(
            insights_shared=Case(When(insights, then=True), default=False),
            rates_shared=Case(When(rates, then=True), default=False),
        )
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
    # Creators without a figure sort last whichever the direction; so do those who withhold it.
    name = order.lstrip("-")
    field = F(name)
    if name in WITHHELD_WITH_INSIGHTS:
        field = Case(When(insights, then=F(name)), default=None)
    elif name in WITHHELD_WITH_RATES:
        field = Case(When(rates, then=F(name)), default=None)
    ordering = field.desc(nulls_last=True) if order.startswith("-") else field.asc(nulls_last=True)
    return rows.order_by(ordering, "creator__handle")
