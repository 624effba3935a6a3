"""Business verbs on representations. Each is atomic, locks the representation it changes and
takes its step through the representation workflow (`access.transitions.REPRESENTATIONS`, which
checks the table and publishes the event the audit log subscribes to, in the creator's chain).

Callers fetch the representation with `access.queries.get_representation_for_user` first.
"""

from decimal import Decimal

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from access.events import Event
from access.models import (
    ActingAs,
    AuditEventType,
    CreatorInvitation,
    ProposedBy,
    Representation,
    RepresentationStatus,
)
from access.roles import RoleKind
from access.scopes import ALL_SCOPES, Scope
from access.transitions import END_REASONS, REPRESENTATIONS, representation_event
from accounts.models import normalize_email
from agencies.models import AgencyMembership
from creators.models import CreatorProfile, normalize_handle
from talentdesk.lib.errors import ActionError
from talentdesk.lib.events import publish

CREATOR_INVITATION_SALT = "talentdesk.creator-invitation"


def clean_scopes(scopes, ceiling=None, currency: str = "") -> tuple[list[str], Decimal | None, str]:
    """Scopes in their canonical order; a ceiling only with accept_offers and a currency."""
    unknown = set(scopes) - set(ALL_SCOPES)
    if unknown:
        raise ActionError(_("Unknown permission: %(name)s.") % {"name": sorted(unknown)[0]})
    chosen = [scope for scope in ALL_SCOPES if scope in scopes]
    if ceiling is not None:
        if Scope.ACCEPT_OFFERS not in chosen:
            raise ActionError(
                _("A ceiling only applies when the agency may accept offers."), field="ceiling"
            )
        if ceiling <= 0:
            raise ActionError(_("The ceiling must be more than zero."), field="ceiling")
        if len(currency or "") != 3:
            raise ActionError(_("Choose the ceiling's currency."), field="currency")
    return chosen, ceiling, (currency.upper() if ceiling is not None else "")


def find_creator(identifier: str) -> CreatorProfile | None:
    """The claimed creator profile an agency means by an @handle or an e-mail address."""
    identifier = (identifier or "").strip()
    if "@" in identifier.lstrip("@"):
        return (
            CreatorProfile.objects.filter(user__email=normalize_email(identifier))
            .select_related("user")
            .first()
        )
    return (
        CreatorProfile.objects.filter(handle=normalize_handle(identifier), user__isnull=False)
        .select_related("user")
        .first()
    )


def _is_email(identifier: str) -> bool:
    return "@" in (identifier or "").strip().lstrip("@")


def invite_creator(role, *, actor, identifier: str, message: str = "", base_url: str = ""):
    """An agency member proposes to represent a creator named by handle or e-mail address.

    By handle: the proposal (a Representation) when the handle is a claimed creator who is free
    and not asked already, else None. By e-mail: always a CreatorInvitation, sent to the
    address whether or not it has an account (a sign-up or a sign-in link), listed to the
    agency as "invited" either way; re-inviting an address the agency invited already sends the
    same invitation again (its expiry starts over). The caller shows the same answer in every
    case (SPEC §9), so nobody learns who is registered or represented. The caller checked that
    `role` is an agency member who can act.
    """
    if _is_email(identifier):
        return invite_by_email(
            role, actor=actor, email=identifier, message=message, base_url=base_url
        )
    creator = find_creator(identifier)
    if creator is None:
        return None
    with transaction.atomic():
        creator = CreatorProfile.objects.select_for_update().get(pk=creator.pk)
        busy = Representation.objects.filter(creator=creator).filter(
            status=RepresentationStatus.ACTIVE
        ) | Representation.objects.filter(
            creator=creator, agency=role.agency, status=RepresentationStatus.PROPOSED
        )
        if busy.exists():
            return None
        rep = _propose(role, actor=actor, agency=role.agency, creator=creator, message=message)
    return rep


def _propose(role, *, actor, agency, creator, message, invitation=None) -> Representation:
    """The agency's proposal to `creator` (inside the caller's transaction); from an
    invitation, the member who sent it proposes (the creator gets no second e-mail)."""
    rep = Representation.objects.create(
        agency=agency,
        creator=creator,
        proposed_by=ProposedBy.AGENCY,
        proposed_by_user=actor,
        message=message,
        lead_manager=actor,
    )
    changes = {"status": [None, RepresentationStatus.PROPOSED]}
    if invitation is not None:
        changes["invitation"] = [None, invitation.email]
    publish(
        representation_event(
            rep, AuditEventType.REPRESENTATION_PROPOSED, role=role, actor=actor, changes=changes
        )
    )
    return rep


def invite_by_email(role, *, actor, email: str, message: str = "", base_url: str = ""):
    """Invite an e-mail address to be represented (see invite_creator); sends the e-mail once
    the transaction commits."""
    email = normalize_email(email)
    agency = role.agency
    with transaction.atomic():
        invitation = (
            CreatorInvitation.objects.select_for_update()
            .open()
            .filter(agency=agency, email=email)
            .first()
        )
        if invitation is None:
            invitation = CreatorInvitation.objects.create(
                agency=agency, email=email, message=message, invited_by=actor
            )
            event_type = AuditEventType.CREATOR_INVITED
        else:
            invitation.sent_at = timezone.now()
            invitation.invited_by = actor
            if message:
                invitation.message = message
            invitation.save(update_fields=["sent_at", "invited_by", "message"])
            event_type = AuditEventType.CREATOR_INVITATION_RESENT
        publish(
            Event(
                type=event_type,
                actor=actor,
                acting_as=ActingAs.AGENCY,
                agency=agency,
                target=invitation,
                target_label=email,
            )
        )
        url = base_url + reverse(
            "access:creator-invitation", args=[creator_invitation_token(invitation)]
        )
        transaction.on_commit(lambda: send_creator_invitation_email(invitation, url))
    return invitation


def send_creator_invitation_email(invitation: CreatorInvitation, url: str) -> None:
    """The invitation e-mail: subject, text and HTML, in the recipient's language when she has
    an account (then it says "sign in"), else in the inviting member's."""
    from accounts.models import User
    from talentdesk.lib.mail import send_templated_mail

    existing = User.objects.filter(email=invitation.email).first()
    context = {
        "invitation": invitation,
        "agency": invitation.agency.name,
        "inviter": invitation.invited_by.name,
        "url": url,
        "has_account": existing is not None,
        "days": settings.INVITATION_MAX_AGE_DAYS,
    }
    language = existing.language if existing else invitation.invited_by.language
    send_templated_mail(
        "emails/creator_invitation", context, to=invitation.email, language=language
    )


def creator_invitation_token(invitation: CreatorInvitation) -> str:
    return signing.dumps(str(invitation.public_id), salt=CREATOR_INVITATION_SALT)


def creator_invitation_from_token(token: str) -> CreatorInvitation:
    """The invitation a link points to; ActionError (with a clear message) when the link is
    tampered, or the invitation revoked, expired or answered already."""
    try:
        public_id = signing.loads(token, salt=CREATOR_INVITATION_SALT)
    except signing.BadSignature:
        raise ActionError(
            _("This invitation link is not valid. Check that it is complete.")
        ) from None
    invitation = (
        CreatorInvitation.objects.select_related("agency", "invited_by", "representation")
        .filter(public_id=public_id)
        .first()
    )
    if invitation is None or invitation.revoked_at is not None:
        raise ActionError(_("The agency withdrew this invitation."))
    if invitation.claimed_at is None and invitation.is_expired:
        raise ActionError(_("This invitation has expired. Ask the agency to send you a new one."))
    return invitation


def revoke_creator_invitation(invitation: CreatorInvitation, *, role, actor) -> CreatorInvitation:
    """An agency member who can act withdraws an invitation nobody has taken up yet."""
    with transaction.atomic():
        invitation = CreatorInvitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.revoked_at is not None or invitation.claimed_at is not None:
            raise ActionError(_("This invitation is no longer open."))
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
        publish(
            Event(
                type=AuditEventType.CREATOR_INVITATION_REVOKED,
                actor=actor,
                acting_as=ActingAs.AGENCY,
                agency=invitation.agency,
                target=invitation,
                target_label=invitation.email,
            )
        )
    return invitation


def claim_creator_invitation(invitation: CreatorInvitation, *, role, actor) -> Representation:
    """The invited address's owner, as a creator, takes the invitation up: it becomes the
    agency's proposal to her, answered on the consent page (accept with scopes) or declined.
    Claiming twice returns the same proposal."""
    with transaction.atomic():
        invitation = (
            CreatorInvitation.objects.select_for_update()
            .select_related("agency", "invited_by")
            .get(pk=invitation.pk)
        )
        if normalize_email(actor.email) != invitation.email:
            raise ActionError(
                _("This invitation was sent to another address. Sign in with that address.")
            )
        if invitation.claimed_at is not None:
            if invitation.representation is None:
                raise ActionError(_("This invitation is no longer open."))
            return invitation.representation
        if invitation.revoked_at is not None:
            raise ActionError(_("The agency withdrew this invitation."))
        if invitation.is_expired:
            raise ActionError(
                _("This invitation has expired. Ask the agency to send you a new one.")
            )
        creator = CreatorProfile.objects.select_for_update().get(pk=role.creator.pk)
        rep = Representation.objects.filter(
            creator=creator, agency=invitation.agency, status=RepresentationStatus.PROPOSED
        ).first() or _propose(
            None,
            actor=invitation.invited_by,
            agency=invitation.agency,
            creator=creator,
            message=invitation.message,
            invitation=invitation,
        )
        invitation.claimed_at = timezone.now()
        invitation.representation = rep
        invitation.save(update_fields=["claimed_at", "representation"])
    return rep


def claim_invitations_for(role, *, actor) -> list[Representation]:
    """Every open invitation to the actor's address becomes a proposal to her creator profile
    (called when she sets the profile up, so a new creator finds her proposals waiting)."""
    reps = []
    for invitation in CreatorInvitation.objects.pending().filter(
        email=normalize_email(actor.email)
    ):
        reps.append(claim_creator_invitation(invitation, role=role, actor=actor))
    return reps


def request_representation(role, *, actor, agency, scopes, ceiling=None, currency="", message=""):
    """A creator asks `agency` to represent them, choosing the scopes up front."""
    scopes, ceiling, currency = clean_scopes(scopes, ceiling, currency)
    with transaction.atomic():
        creator = CreatorProfile.objects.select_for_update().get(pk=role.creator.pk)
        if Representation.objects.filter(
            creator=creator, status=RepresentationStatus.ACTIVE
        ).exists():
            raise ActionError(_("An agency represents you already. End that representation first."))
        if Representation.objects.filter(
            creator=creator, agency=agency, status=RepresentationStatus.PROPOSED
        ).exists():
            raise ActionError(_("A proposal with this agency is open already."), field="agency")
        rep = Representation.objects.create(
            agency=agency,
            creator=creator,
            proposed_by=ProposedBy.CREATOR,
            proposed_by_user=actor,
            message=message,
            scopes=scopes,
            accept_ceiling=ceiling,
            accept_ceiling_currency=currency,
        )
        changes = {"status": [None, RepresentationStatus.PROPOSED], "scopes": [None, scopes]}
        publish(
            representation_event(
                rep, AuditEventType.REPRESENTATION_PROPOSED, role=role, actor=actor, changes=changes
            )
        )
    return rep


def _locked(rep) -> Representation:
    return (
        Representation.objects.select_for_update(of=("self",))
        .select_related("agency", "creator")
        .get(pk=rep.pk)
    )


def accept_representation(rep, *, role, actor, scopes=None, ceiling=None, currency=""):
    """The side that did not propose accepts. A creator accepting chooses the scopes; an agency
    accepting takes the scopes the creator asked with."""
    with transaction.atomic():
        rep = _locked(rep)
        REPRESENTATIONS.check("accept", role, rep)
        if role.kind == RoleKind.CREATOR:
            rep.scopes, rep.accept_ceiling, rep.accept_ceiling_currency = clean_scopes(
                scopes or [], ceiling, currency
            )
        elif rep.lead_manager_id is None:
            rep.lead_manager = actor
        if Representation.objects.filter(
            creator=rep.creator, status=RepresentationStatus.ACTIVE
        ).exists():
            raise ActionError(
                _("An agency represents this creator already. That representation must end first.")
            )
        rep.started_at = timezone.now()
        fields = ("scopes", "accept_ceiling", "accept_ceiling_currency", "lead_manager")
        REPRESENTATIONS.move(
            rep,
            "accept",
            role=role,
            actor=actor,
            changes={"scopes": [None, rep.scopes]},
            fields=(*fields, "started_at"),
        )
    return rep


def end_representation(rep, verb: str, *, role, actor) -> Representation:
    """decline, withdraw, revoke or remove: the representation ends at once. Every permission
    derives from the row, so the agency's next request already sees it ended."""
    with transaction.atomic():
        rep = _locked(rep)
        rep.end_reason = END_REASONS[verb]
        rep.ended_at = timezone.now()
        rep.ended_by = actor
        REPRESENTATIONS.move(
            rep,
            verb,
            role=role,
            actor=actor,
            changes={"end_reason": [None, rep.end_reason]},
            fields=("end_reason", "ended_at", "ended_by"),
        )
    return rep


def change_scopes(rep, *, role, actor, scopes, ceiling=None, currency="") -> Representation:
    """The creator changes what the agency may do; effective on the agency's next request."""
    with transaction.atomic():
        rep = _locked(rep)
        REPRESENTATIONS.check("change_scopes", role, rep)
        new = clean_scopes(scopes, ceiling, currency)
        old = (rep.scopes, rep.accept_ceiling, rep.accept_ceiling_currency)
        rep.scopes, rep.accept_ceiling, rep.accept_ceiling_currency = new
        rep.save(update_fields=["scopes", "accept_ceiling", "accept_ceiling_currency"])
        changes = {}
        if old[0] != new[0]:
            changes["scopes"] = [old[0], new[0]]
        if (old[1], old[2]) != (new[1], new[2]):
            changes["accept_ceiling"] = [
                f"{old[1]} {old[2]}" if old[1] is not None else None,
                f"{new[1]} {new[2]}" if new[1] is not None else None,
            ]
        if changes:
            REPRESENTATIONS.move(rep, "change_scopes", role=role, actor=actor, changes=changes)
    return rep


def assign_managers(rep, *, role, actor, lead, team=()) -> Representation:
    """An owner/admin names the lead manager and the team; all must be members of the agency."""
    with transaction.atomic():
        rep = _locked(rep)
        REPRESENTATIONS.check("assign", role, rep)
        member_ids = set(
            AgencyMembership.objects.filter(agency=rep.agency).values_list("user_id", flat=True)
        )
        people = [lead, *team] if lead is not None else list(team)
        if any(person.pk not in member_ids for person in people):
            raise ActionError(_("Choose members of your agency."), field="lead_manager")
        old_lead = rep.lead_manager.email if rep.lead_manager else None
        old_team = sorted(rep.team.values_list("email", flat=True))
        rep.lead_manager = lead
        rep.save(update_fields=["lead_manager"])
        rep.team.set([p for p in team if lead is None or p.pk != lead.pk])
        new_team = sorted(rep.team.values_list("email", flat=True))
        changes = {}
        if old_lead != (lead.email if lead else None):
            changes["lead_manager"] = [old_lead, lead.email if lead else None]
        if old_team != new_team:
            changes["team"] = [old_team, new_team]
        if changes:
            REPRESENTATIONS.move(rep, "assign", role=role, actor=actor, changes=changes)
    return rep
