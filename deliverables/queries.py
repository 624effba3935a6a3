"""Reads about deliverables: one within reach."""

from django.http import Http404

from deliverables.models import Deliverable


def get_deliverable_for_user(role, public_id) -> Deliverable:
    """One deliverable of an offer within reach (404 otherwise)."""
    deliverable = (
        Deliverable.objects.visible_to(role)
        .filter(public_id=public_id)
        .select_related("offer__campaign__brand", "offer__creator")
        .first()
    )
    if deliverable is None:
        raise Http404
    return deliverable
