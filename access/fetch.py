"""Fetching a representation for a state change, leaving a trace when someone reaches for
another party's representation."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from access import actions
from access.models import Representation
from access.scoping import get_representation_for_user


def representation_for_change(request, public_id, need=None) -> Representation:
    """get_representation_for_user, plus an audit entry in the creator's chain when a POST
    targets a representation that exists but is out of the user's reach (then 404 as usual)."""
    try:
        return get_representation_for_user(request.role, public_id, need=need)
    except (Http404, PermissionDenied) as refusal:
        if request.method == "POST":
            target = Representation.objects.select_related("creator").filter(public_id=public_id)
            rep = target.first()
            if rep is not None:
                actions.record_refusal(
                    actor=request.user,
                    role=request.role or None,
                    creator=rep.creator,
                    what=f"{request.method} {request.path}",
                )
        raise refusal
