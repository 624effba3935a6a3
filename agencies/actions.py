"""Business verbs on agencies."""

from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from access.events import Event
from access.models import ActingAs, AuditEventType
from access.roles import RoleKind
from agencies.clauses import CLAUSES, DEFAULTS, LANGUAGES, field_name
from agencies.models import Agency, AgencyMembership, AgencyRole, ContractClauses
from talentdesk.lib.errors import ActionError
from talentdesk.lib.events import publish


def unique_slug(model, name: str) -> str:
    base = slugify(name)[:50] or "org"
    slug, n = base, 1
    while model.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def create_agency(*, actor, name: str, country: str = "", website: str = "") -> Agency:
    """Create an agency with `actor` as its owner."""
    with transaction.atomic():
        agency = Agency.objects.create(
            name=name, slug=unique_slug(Agency, name), country=country, website=website
        )
        AgencyMembership.objects.create(agency=agency, user=actor, role=AgencyRole.OWNER)
        publish(
            Event(
                type=AuditEventType.AGENCY_CREATED,
                actor=actor,
                acting_as=ActingAs.AGENCY,
                agency=agency,
                target=agency,
                changes={"name": [None, name]},
            )
        )
    return agency


def set_assistant_can_act(membership, *, actor, can_act: bool) -> AgencyMembership:
    """An owner/admin lets an assistant act (within the creators' scopes) or makes them read-only
    again; the caller checked that `actor` is an owner/admin of the membership's agency."""
    with transaction.atomic():
        membership = AgencyMembership.objects.select_for_update().get(pk=membership.pk)
        if membership.role != AgencyRole.ASSISTANT:
            raise ActionError(_("Only assistants are read-only by default."))
        if membership.assistant_can_act != can_act:
            membership.assistant_can_act = can_act
            membership.save(update_fields=["assistant_can_act"])
            publish(
                Event(
                    type=AuditEventType.MEMBER_ROLE_CHANGED,
                    actor=actor,
                    acting_as=ActingAs.AGENCY,
                    agency=membership.agency,
                    target=membership,
                    target_label=membership.user.email,
                    changes={"assistant_can_act": [not can_act, can_act]},
                )
            )
    return membership


def set_contract_clauses(role, *, actor, kill_fee_pct, **texts) -> ContractClauses:
    """An agency's owner or admin sets the clauses its contracts print (a blank text: the
    default). Locks the agency's row; audited in the agency's chain with each text's before and
    after. Contracts sealed already keep the clauses they were sealed with."""
    if role is None or role.kind != RoleKind.AGENCY or not role.is_admin:
        raise ActionError(
            _("Only the owners and admins change the contract clauses."), code="not_allowed"
        )
    try:
        kill_fee = Decimal(str(kill_fee_pct)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        raise ActionError(_("Enter a percentage."), field="kill_fee_pct") from None
    if not Decimal(0) <= kill_fee <= 100:
        raise ActionError(_("The kill fee is between 0 and 100 %."), field="kill_fee_pct")
    new: dict = {
        field_name(clause, language): (texts.get(field_name(clause, language)) or "")
        .replace("\r\n", "\n")
        .strip()
        for clause in CLAUSES
        for language in LANGUAGES
    }
    for clause in CLAUSES:  # the default's own wording stays "the default" (it may improve)
        for language in LANGUAGES:
            name = field_name(clause, language)
            if new[name] == DEFAULTS[language][clause]:
                new[name] = ""
    new["kill_fee_pct"] = kill_fee
    with transaction.atomic():
        agency = Agency.objects.select_for_update().get(pk=role.agency.pk)
        row, _created = ContractClauses.objects.get_or_create(agency=agency)
        changes = {
            name: [str(getattr(row, name)), str(value)]
            for name, value in new.items()
            if getattr(row, name) != value
        }
        if not changes:
            return row
        for name, value in new.items():
            setattr(row, name, value)
        row.updated_at = timezone.now()
        row.save()
        publish(
            Event(
                type=AuditEventType.PROFILE_UPDATED,
                actor=actor,
                acting_as=ActingAs.AGENCY,
                agency=agency,
                target=agency,
                target_label=_("Contract clauses of %(agency)s") % {"agency": agency.name},
                changes={f"contract_clauses.{name}": pair for name, pair in changes.items()},
            )
        )
    return row
