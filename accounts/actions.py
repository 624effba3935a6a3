"""Business verbs on accounts and invitations. Each is atomic and writes its audit event."""

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from access import audit
from access.events import Event
from access.models import ActingAs, AuditEventType
from access.roles import RoleKind
from accounts.models import Invitation, User, normalize_email
from agencies.models import AgencyMembership, AgencyRole
from brands.models import BrandMembership, BrandRole
from talentdesk.lib.errors import ActionError
from talentdesk.lib.events import publish
from talentdesk.lib.mail import send_templated_mail

INVITATION_SALT = "talentdesk.invitation"


def sign_up(*, name: str, email: str, password: str | None, language: str = "en") -> User:
    """Create an account whose address is proven already (an invitation link reached it); public
    sign-up is allauth's, which verifies the address first. The caller validated the password."""
    with transaction.atomic():
        user = User.objects.create_user(
            email=email, password=password, name=name, language=language
        )
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        publish(
            Event(
                type=AuditEventType.ACCOUNT_CREATED,
                actor=user,
                acting_as=ActingAs.USER,
                target=user,
            )
        )
    return user


def update_profile(user: User, *, actor: User, **fields) -> User:
    """Change a user's name, language or time zone; only the user themself does this."""
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        before = {name: getattr(user, name) for name in fields}
        for name, value in fields.items():
            setattr(user, name, value)
        user.save(update_fields=list(fields))
        changes = audit.diff(user, fields, before)
        if changes:
            publish(
                Event(
                    type=AuditEventType.PROFILE_UPDATED,
                    actor=actor,
                    acting_as=ActingAs.USER,
                    target=user,
                    changes=changes,
                )
            )
    return user


def account_exists(email: str) -> bool:
    return User.objects.filter(email=normalize_email(email)).exists()


def invitable_roles(organisation) -> list[tuple[str, str]]:
    """The roles an owner/admin can invite to: every role but owner, which is never handed out
    by e-mail."""
    _model, _kind, roles = _membership_model(organisation)
    return [(value, label) for value, label in roles.choices if value != "owner"]


def invitation_token(invitation: Invitation) -> str:
    return signing.dumps(str(invitation.public_id), salt=INVITATION_SALT)


def invitation_from_token(token: str) -> Invitation:
    """The invitation a link points to; ActionError when it is tampered, expired or used."""
    max_age = settings.INVITATION_MAX_AGE_DAYS * 24 * 3600
    try:
        public_id = signing.loads(token, salt=INVITATION_SALT, max_age=max_age)
    except signing.SignatureExpired:
        raise ActionError(_("This invitation has expired. Ask for a new one.")) from None
    except signing.BadSignature:
        raise ActionError(
            _("This invitation link is not valid. Check that it is complete.")
        ) from None
    invitation = (
        Invitation.objects.select_related("agency", "brand", "invited_by")
        .filter(public_id=public_id)
        .first()
    )
    if invitation is None:
        raise ActionError(_("This invitation was cancelled."))
    if invitation.accepted_at is not None:
        raise ActionError(_("This invitation has been used already."))
    if invitation.is_expired:
        raise ActionError(_("This invitation has expired. Ask for a new one."))
    return invitation


def _membership_model(organisation):
    from agencies.models import Agency

    if isinstance(organisation, Agency):
        return AgencyMembership, "agency", AgencyRole
    return BrandMembership, "brand", BrandRole


def invite_member(organisation, *, actor: User, email: str, role: str, base_url: str) -> Invitation:
    """Invite someone by e-mail to join an agency or brand with `role`. An address invited
    already and not joined yet is sent the same invitation again (with this role, its expiry
    starting over) rather than listed twice.

    The caller checked that `actor` is an owner/admin of `organisation`.
    """
    model, kind, _roles = _membership_model(organisation)
    if role not in dict(invitable_roles(organisation)):
        raise ActionError(_("Choose one of the roles offered."), field="role")
    email = normalize_email(email)
    if model.objects.filter(**{kind: organisation}, user__email=email).exists():
        raise ActionError(_("This person is a member already."), field="email")
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update()
            .filter(**{kind: organisation}, email=email, accepted_at__isnull=True)
            .first()
        )
        if invitation is None:
            invitation = Invitation.objects.create(
                email=email, role=role, invited_by=actor, **{kind: organisation}
            )
            event_type, changes = AuditEventType.MEMBER_INVITED, {"role": [None, role]}
        else:
            changes = {"role": [invitation.role, role]} if invitation.role != role else {}
            invitation.role, invitation.invited_by = role, actor
            invitation.created_at = timezone.now()  # sent again: the expiry starts over
            invitation.save(update_fields=["role", "invited_by", "created_at"])
            event_type = AuditEventType.INVITATION_RESENT
        publish(
            Event(
                type=event_type,
                actor=actor,
                acting_as=kind,
                target=invitation,
                target_label=email,
                changes=changes,
                **{kind: organisation},
            )
        )
        url = base_url + reverse("accounts:invitation", args=[invitation_token(invitation)])
        transaction.on_commit(lambda: send_invitation_email(invitation, url))
    return invitation


def revoke_invitation(invitation: Invitation, *, actor: User) -> None:
    """Withdraw an invitation nobody has used yet: its link then says it was cancelled.
    The caller checked that `actor` is an owner/admin of the invitation's organisation."""
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.accepted_at is not None:
            raise ActionError(_("This invitation has been used already."))
        organisation = invitation.organisation
        _model, kind, _roles = _membership_model(organisation)
        publish(
            Event(
                type=AuditEventType.INVITATION_REVOKED,
                actor=actor,
                acting_as=kind,
                target=invitation,
                target_label=invitation.email,
                changes={"role": [invitation.role, None]},
                **{kind: organisation},
            )
        )
        invitation.delete()


def _check_may_manage(membership, *, by, new_role: str | None = None) -> None:
    """Owners and admins manage the team; only an owner touches an owner or makes one; the
    last owner stays (an organisation always has someone who runs it)."""
    owner = "owner"
    if not by.is_admin:
        raise ActionError(_("Only owners and admins manage the team."), code="not_allowed")
    if (membership.role == owner or new_role == owner) and by.role != owner:
        raise ActionError(_("Only an owner can change an owner or make someone owner."))
    if membership.role == owner and new_role != owner:
        model, kind, _roles = _membership_model(_org_of(membership))
        others = model.objects.filter(**{kind: _org_of(membership)}, role=owner).exclude(
            pk=membership.pk
        )
        if not others.exists():
            raise ActionError(
                _("This is the last owner. Make someone else owner first."), field="role"
            )


def _org_of(membership):
    return membership.agency if isinstance(membership, AgencyMembership) else membership.brand


def _locked_membership(membership):
    model, _kind, _roles = _membership_model(_org_of(membership))
    return model.objects.select_for_update().select_related("user").get(pk=membership.pk)


def change_member_role(membership, *, actor: User, by, role: str):
    """Give a member another role. `by` is the actor's own membership of the organisation."""
    with transaction.atomic():
        membership = _locked_membership(membership)
        _model, kind, roles = _membership_model(_org_of(membership))
        if role not in roles.values:
            raise ActionError(_("Choose one of the roles offered."), field="role")
        if role == membership.role:
            return membership
        _check_may_manage(membership, by=by, new_role=role)
        old = membership.role
        membership.role = role
        fields = ["role"]
        if (
            kind == RoleKind.AGENCY
            and role != AgencyRole.ASSISTANT
            and membership.assistant_can_act
        ):
            membership.assistant_can_act = False
            fields.append("assistant_can_act")
        membership.save(update_fields=fields)
        publish(
            Event(
                type=AuditEventType.MEMBER_ROLE_CHANGED,
                actor=actor,
                acting_as=kind,
                target=membership,
                target_label=membership.user.email,
                changes={"role": [old, role]},
                **{kind: _org_of(membership)},
            )
        )
    return membership


def remove_member(membership, *, actor: User, by) -> None:
    """Take a member off the team: they lose the organisation's hat at once, and the creators
    they led have no lead manager until an owner/admin names one."""
    from access.models import Representation

    with transaction.atomic():
        membership = _locked_membership(membership)
        _model, kind, _roles = _membership_model(_org_of(membership))
        _check_may_manage(membership, by=by, new_role=None)
        changes = {"role": [membership.role, None]}
        if kind == RoleKind.AGENCY:
            reps = Representation.objects.filter(agency=membership.agency)
            led = reps.filter(lead_manager=membership.user).update(lead_manager=None)
            for rep in reps.filter(team=membership.user):
                rep.team.remove(membership.user)
            if led:
                changes["lead_manager_of"] = [led, 0]
        publish(
            Event(
                type=AuditEventType.MEMBER_REMOVED,
                actor=actor,
                acting_as=kind,
                target=membership,
                target_label=membership.user.email,
                changes=changes,
                **{kind: _org_of(membership)},
            )
        )
        membership.delete()


def send_invitation_email(invitation: Invitation, url: str) -> None:
    """Subject, text and HTML in the invitee's language when she has an account, else in the
    inviting member's."""
    existing = User.objects.filter(email=invitation.email).first()
    language = existing.language if existing else invitation.invited_by.language
    context = {"invitation": invitation, "url": url, "days": settings.INVITATION_MAX_AGE_DAYS}
    send_templated_mail("emails/invitation", context, to=invitation.email, language=language)


def accept_invitation(invitation: Invitation, *, user: User):
    """Join the invitation's organisation as `user`, whose address must be the invited one."""
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.accepted_at is not None:
            raise ActionError(_("This invitation has been used already."))
        if invitation.is_expired:
            raise ActionError(_("This invitation has expired. Ask for a new one."))
        if normalize_email(user.email) != invitation.email:
            raise ActionError(
                _("This invitation was sent to another address. Sign in with that address.")
            )
        organisation = invitation.organisation
        model, kind, _roles = _membership_model(organisation)
        membership, created = model.objects.get_or_create(
            user=user, **{kind: organisation}, defaults={"role": invitation.role}
        )
        invitation.accepted_at = timezone.now()
        invitation.accepted_by = user
        invitation.save(update_fields=["accepted_at", "accepted_by"])
        publish(
            Event(
                type=AuditEventType.INVITATION_ACCEPTED,
                actor=user,
                acting_as=kind,
                target=membership,
                target_label=f"{user.email} ({membership.get_role_display()})",
                changes={"role": [None, membership.role]} if created else {},
                **{kind: organisation},
            )
        )
    return membership
