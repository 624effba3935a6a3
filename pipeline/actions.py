"""Business verbs of the agency pipeline. Callers fetched the creator or deal through
pipeline.queries (404 out of reach) and passed the permission decision for her."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from access.events import Event
from access.models import ActingAs, AuditEventType
from access.roles import RoleKind
from agencies.models import AgencyMembership
from pipeline.models import Note, OfferRules, Task
from pipeline.queries import require_rules, require_team_member_who_acts
from talentdesk.lib.errors import ActionError
from talentdesk.lib.events import publish


def set_offer_rules(creator, *, role, actor, grant, fields: dict, categories, brands) -> OfferRules:
    """She, or her manager with `negotiate`, sets her offer rules; audited in her chain."""
    require_rules(grant)
    with transaction.atomic():
        rules, _created = OfferRules.objects.select_for_update().get_or_create(creator=creator)
        before = _snapshot(rules)
        for name, value in fields.items():
            setattr(rules, name, value)
        rules.updated_at, rules.updated_by_name = timezone.now(), actor.name or actor.email
        rules.save()
        rules.blocked_categories.set(categories)
        rules.blocked_brands.set(brands)
        after = _snapshot(rules)
        changes = {k: [before[k], after[k]] for k in after if before[k] != after[k]}
        publish(
            Event(
                type=AuditEventType.CREATOR_PROFILE_UPDATED,
                actor=actor,
                acting_as=ActingAs.AGENCY if role.kind == RoleKind.AGENCY else ActingAs.CREATOR,
                target=creator,
                target_label=creator.at_handle,
                agency=role.agency if role.kind == RoleKind.AGENCY else None,
                on_behalf_of=creator,
                changes={"offer_rules": changes},
            )
        )
    return rules


def _snapshot(rules: OfferRules) -> dict:
    return {
        "floors": {k: str(v) for k, v in sorted(rules.floors.items())},
        "floor_currency": rules.floor_currency,
        "blocked_categories": sorted(rules.blocked_categories.values_list("pk", flat=True))
        if rules.pk
        else [],
        "blocked_brands": sorted(rules.blocked_brands.values_list("name", flat=True))
        if rules.pk
        else [],
        "max_usage_days": rules.max_usage_days,
        "max_exclusivity_days": rules.max_exclusivity_days,
        "min_upfront_pct": None if rules.min_upfront_pct is None else str(rules.min_upfront_pct),
        "answer": rules.answer,
    }


def add_note(creator, *, role, actor, grant, body: str, creator_visible: bool, offer=None) -> Note:
    """A team member writes a note on her or on one of her deals."""
    require_team_member_who_acts(grant)
    body = (body or "").strip()
    if not body:
        raise ActionError(_("Write the note first."), field="body")
    return Note.objects.create(
        agency=role.agency,
        creator=creator,
        offer=offer,
        body=body[:5000],
        creator_visible=creator_visible,
        author=actor,
        author_name=actor.name or actor.email,
    )


def add_task(
    creator, *, role, actor, grant, title: str, due_on, assignee, creator_visible: bool, offer=None
) -> Task:
    """A team member gives a task with a due date to a member of the agency."""
    require_team_member_who_acts(grant)
    title = (title or "").strip()
    if not title:
        raise ActionError(_("Say what is to be done."), field="title")
    if not AgencyMembership.objects.filter(agency=role.agency, user=assignee).exists():
        raise ActionError(_("Choose a member of your agency."), field="assignee")
    return Task.objects.create(
        agency=role.agency,
        creator=creator,
        offer=offer,
        title=title[:200],
        due_on=due_on,
        assignee=assignee,
        creator_visible=creator_visible,
        author_name=actor.name or actor.email,
    )


def complete_task(task, *, role, actor, grant) -> Task:
    """A team member marks a task done (once: a done task stays done)."""
    require_team_member_who_acts(grant)
    with transaction.atomic():
        task = Task.objects.select_for_update().get(pk=task.pk)
        if task.done_at is None:
            task.done_at = timezone.now()
            task.save(update_fields=["done_at"])
    return task
