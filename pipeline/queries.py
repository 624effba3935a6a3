"""Reads of the agency pipeline, each behind the one permission decision: who may see a
creator's notes and tasks, set her offer rules, and the agency's rate benchmarks."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from access.permissions import Party, decide
from access.roles import RoleKind
from access.scopes import Scope
from campaigns.queries import get_offer_for_user
from creators.queries import get_creator_and_grant
from pipeline.models import Note, OfferRules, RuleBreach, Task


def get_creator_for_pipeline(role, public_id):
    """The creator and the decision for her: her own hat, or her agency's staff (404 else,
    brands included: nothing of the pipeline is theirs)."""
    if role is None or role.kind == RoleKind.BRAND:
        raise Http404
    creator, grant = get_creator_and_grant(role, public_id)
    if grant.party not in (Party.CREATOR, Party.AGENCY):
        raise Http404
    return creator, grant


def get_offer_for_pipeline(role, public_id):
    """The deal and the decision for its creator, for her or her agency's staff (404 else)."""
    if role is None or role.kind == RoleKind.BRAND:
        raise Http404
    offer = get_offer_for_user(role, public_id)
    grant = decide(role, offer.creator)
    if grant.party not in (Party.CREATOR, Party.AGENCY):
        raise Http404
    return offer, grant


def may_set_rules(grant) -> bool:
    """Her rules are set by her, or by her agency's staff with leave to negotiate."""
    return grant.party is Party.CREATOR or grant.may(Scope.NEGOTIATE)


def require_rules(grant) -> None:
    if grant.party is Party.CREATOR:
        return
    grant.require(Scope.NEGOTIATE)


def is_team(grant) -> bool:
    return grant.party is Party.AGENCY


def require_team_member_who_acts(grant) -> None:
    """Notes and tasks are written by her agency's staff who may act (not read-only)."""
    if grant.party is not Party.AGENCY:
        raise PermissionDenied
    if not grant.can_act:
        raise PermissionDenied(grant.withheld(Scope.NEGOTIATE) or "")


def notes_for(role, grant, creator, offer=None):
    """The notes on her (offer None: on her, not on a deal), or on one deal: her agency team's
    own, or for her those marked for her. Nobody else reads any."""
    rows = Note.objects.filter(creator=creator)
    rows = rows.filter(offer=offer) if offer is not None else rows.filter(offer__isnull=True)
    if grant.party is Party.AGENCY:
        return rows.filter(agency=role.agency)
    if grant.party is Party.CREATOR:
        return rows.filter(creator_visible=True)
    return Note.objects.none()


def tasks_for(role, grant, creator, offer=None):
    """Open tasks on her or one deal, with the same visibility as the notes."""
    rows = Task.objects.filter(creator=creator, done_at__isnull=True).select_related("assignee")
    rows = rows.filter(offer=offer) if offer is not None else rows.filter(offer__isnull=True)
    if grant.party is Party.AGENCY:
        return rows.filter(agency=role.agency)
    if grant.party is Party.CREATOR:
        return rows.filter(creator_visible=True)
    return Task.objects.none()


def get_task_for_user(role, public_id) -> Task:
    """One task of the role's agency on a creator it still reaches (404 otherwise)."""
    if role is None or role.kind != RoleKind.AGENCY:
        raise Http404
    task = (
        Task.objects.filter(agency=role.agency, public_id=public_id)
        .select_related("creator")
        .first()
    )
    if task is None or decide(role, task.creator).party is not Party.AGENCY:
        raise Http404
    return task


def live_tasks():
    """Open tasks whose assignee is still a member of the agency and whose creator it still
    represents: a revoked representation's tasks reach no one (SPEC §9 Revocation)."""
    from django.db.models import Exists, F, OuterRef

    from access.models import Representation

    represented = Representation.objects.active().filter(
        agency_id=OuterRef("agency_id"), creator_id=OuterRef("creator_id")
    )
    return Task.objects.filter(
        done_at__isnull=True, agency__memberships__user=F("assignee")
    ).filter(Exists(represented))


def open_tasks_of(user):
    """The user's open tasks, on creators their agencies still represent, soonest first."""
    return live_tasks().filter(assignee=user).select_related("creator", "offer__campaign")


def rules_of(creator) -> OfferRules | None:
    return OfferRules.objects.filter(creator=creator).first()


def flags_for(offer, grant) -> list[RuleBreach]:
    """The rules the offer's versions broke, for the creator side only."""
    if grant.party not in (Party.CREATOR, Party.AGENCY):
        return []
    return list(RuleBreach.objects.filter(offer=offer).select_related("rule_check"))


def task_events(user, *, start, end) -> list[dict]:
    """The user's open tasks due in [start, end), as calendar events (messaging.agenda)."""
    rows = open_tasks_of(user).filter(due_on__gte=start, due_on__lt=end)
    return [
        {
            "day": task.due_on,
            "kind": "task",
            "task": task,
            "offer": task.offer,
            "title": f"{task.title} · {task.creator.at_handle}",
        }
        for task in rows
    ]
