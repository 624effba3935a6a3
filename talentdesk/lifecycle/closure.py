""" "Close my account": what stops a closure, and the one action that closes.

The user row stays (contracts, invoices and audit rows point at it) but loses everything that
names or reaches the person: name and e-mail become placeholders, the password, second factors,
e-mail addresses, sessions and API tokens go. The creator profile is unlisted and anonymised;
its representations end through `access.actions.end_representation` and its open offers are
declined through the offer workflow, so every party is told and audited as usual.

Past audit rows are never rewritten: each row's hash covers the actor's name as it was, so
rewriting one would break `talentdesk audit verify`. The account's own rows keep that evidence;
the closure itself is a new row (ACCOUNT_CLOSED) written by the anonymised account.
"""

from dataclasses import dataclass, field

from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from access.events import Event
from access.models import (
    CLOSED_NAME,
    ActingAs,
    AuditEventType,
    Representation,
    RepresentationStatus,
)
from accounts.models import User
from creators.models import CreatorProfile, MediaKit
from talentdesk.lib.errors import ActionError
from talentdesk.lib.events import publish

CLOSURE_REASON = "The creator closed her talentdesk account."


def placeholder_email(user: User) -> str:
    """Unique and undeliverable (RFC 2606's .invalid), so the address can sign up again."""
    return f"closed-{user.public_id.hex}@closed.invalid"


@dataclass
class Blockers:
    """Why the account cannot be closed yet, each said as the user can act on it."""

    messages: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.messages)


def closure_blockers(user: User) -> Blockers:
    """An organisation's last owner must hand over ownership first; a creator's signed deals
    must be finished or cancelled first (the brand needs someone to deliver or to cancel)."""
    from agencies.models import AgencyMembership, AgencyRole
    from brands.models import BrandMembership, BrandRole
    from campaigns.models import Offer
    from campaigns.transitions import HOLDING

    blockers = Blockers()
    for model, owner, kind in (
        (AgencyMembership, AgencyRole.OWNER, "agency"),
        (BrandMembership, BrandRole.OWNER, "brand"),
    ):
        owned = model.objects.filter(user=user, role=owner).select_related(kind)
        for membership in owned:
            organisation = getattr(membership, kind)
            others = model.objects.filter(**{kind: organisation}, role=owner).exclude(user=user)
            if not others.exists():
                blockers.messages.append(
                    _(
                        "You are the last owner of %(organisation)s. Make another member an "
                        "owner on the team page first, then close your account."
                    )
                    % {"organisation": organisation.name}
                )
    holding = Offer.objects.filter(creator__user=user, status__in=HOLDING).count()
    if holding:
        blockers.messages.append(
            ngettext(
                "You have %(count)s signed deal under way. Finish or cancel it first: the "
                "brand is waiting for your work.",
                "You have %(count)s signed deals under way. Finish or cancel them first: the "
                "brands are waiting for your work.",
                holding,
            )
            % {"count": holding}
        )
    return blockers


def close_account(user: User, *, actor: User) -> User:
    """Close `user`'s account for good. Only the user themself closes it (the view checked the
    password and the confirmation); raises ActionError while `closure_blockers` says no. Locks
    the user row first, so two closures or a closure and an export never interleave."""
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        if user.closed_at is not None:
            raise ActionError(_("This account is closed already."))
        blockers = closure_blockers(user)
        if blockers:
            raise ActionError(" ".join(blockers.messages))
        profile = CreatorProfile.objects.select_for_update().filter(user=user).first()
        old_name = user.name
        names = {old_name, user.email} - {""}
        if profile is not None:
            names |= {profile.display_name, profile.legal_name, profile.at_handle} - {""}
        # Nameless first: every row the steps below write (audit, notifications, e-mails to the
        # other parties) already says "Closed account" and the anonymised handle.
        user.name = CLOSED_NAME
        user.email = placeholder_email(user)
        user.set_unusable_password()
        user.is_active = False
        user.is_staff = user.is_superuser = False
        user.email_notifications = False
        user.closed_at = timezone.now()
        user.save()
        if profile is not None:
            _anonymise_profile(profile)
            _end_creator_relations(user, profile)
            _redact_creator_records(profile, names)
        _revoke_access(user)  # while her hats exist: a token's revocation goes in its chain
        _leave_organisations(user)
        _redact_name_snapshots(user, old_name)
        publish(
            Event(
                type=AuditEventType.ACCOUNT_CLOSED,
                actor=user,
                acting_as=ActingAs.USER,
                target=user,
                target_label=CLOSED_NAME,
                on_behalf_of=profile,
            )
        )
    return user


def _creator_role(profile):
    from access.roles import Role, RoleKind

    return Role(
        kind=RoleKind.CREATOR, key="creator", name=profile.at_handle, title="", creator=profile
    )


def _end_creator_relations(user: User, profile) -> None:
    """End every representation and open offer of the user's creator profile, through the
    actions other parties' pages and notifications already follow."""
    from access.actions import end_representation
    from access.models import ProposedBy
    from campaigns.actions import decide_offer
    from campaigns.models import Offer
    from campaigns.transitions import OFFERS, OfferStatus

    role = _creator_role(profile)
    for rep in Representation.objects.filter(creator=profile).exclude(
        status=RepresentationStatus.ENDED
    ):
        if rep.status == RepresentationStatus.ACTIVE:
            verb = "revoke"
        else:
            verb = "decline" if rep.proposed_by == ProposedBy.AGENCY else "withdraw"
        end_representation(rep, verb, role=role, actor=user)
    declines = {
        OfferStatus.OFFERED: "decline_creator",
        OfferStatus.COUNTERED_BY_BRAND: "decline_creator",
        OfferStatus.AWAITING_CREATOR_APPROVAL: "decline_awaiting",
    }
    for offer in Offer.objects.filter(creator=profile, status__in=list(declines)):
        decide_offer(offer, declines[offer.status], role=role, actor=user, reason=CLOSURE_REASON)
    # Her own proposal awaits the brand, and she has no step that ends it: it lapses as an
    # expiry does, so the brand can no longer accept terms nobody will deliver.
    for offer in Offer.objects.select_for_update().filter(
        creator=profile, status=OfferStatus.COUNTERED_BY_CREATOR
    ):
        OFFERS.move(offer, "expire", role=None, actor=None, changes={"reason": CLOSURE_REASON})


def _leave_organisations(user: User) -> None:
    """Leave every agency and brand (the last owner was refused before), audited as a removal;
    the representations she led or was on the team of lose her."""
    from agencies.models import AgencyMembership
    from brands.models import BrandMembership

    for model, kind in ((AgencyMembership, ActingAs.AGENCY), (BrandMembership, ActingAs.BRAND)):
        for membership in model.objects.filter(user=user).select_related(kind.value):
            organisation = getattr(membership, kind.value)
            publish(
                Event(
                    type=AuditEventType.MEMBER_REMOVED,
                    actor=user,
                    acting_as=kind,
                    target=membership,
                    target_label=CLOSED_NAME,
                    changes={"role": [membership.role, None]},
                    **{kind.value: organisation},
                )
            )
            membership.delete()
    Representation.objects.filter(lead_manager=user).update(lead_manager=None)
    Representation.team.through.objects.filter(user=user).delete()


def _revoke_access(user: User) -> None:
    """Nothing the person held still opens the account: tokens, calendar feeds, second
    factors, e-mail addresses, every session (allauth's list and the session store)."""
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator
    from allauth.usersessions.models import UserSession
    from django.apps import apps

    from api.actions import revoke_token
    from api.models import ApiToken
    from messaging.models import CalendarToken, Notification, NotificationPreference

    for token in ApiToken.objects.filter(user=user, revoked_at__isnull=True):
        revoke_token(token, actor=user)
    CalendarToken.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    EmailAddress.objects.filter(user=user).delete()
    if apps.is_installed("allauth.socialaccount"):
        from allauth.socialaccount.models import SocialAccount

        SocialAccount.objects.filter(user=user).delete()
    keys = list(UserSession.objects.filter(user=user).values_list("session_key", flat=True))
    Session.objects.filter(session_key__in=keys).delete()
    UserSession.objects.filter(user=user).delete()
    # Sessions allauth did not list die too: the password hash they were signed with is gone
    # and the account is inactive (django.contrib.auth checks both on every request).
    Notification.objects.filter(user=user).delete()
    NotificationPreference.objects.filter(user=user).delete()


def _redact_creator_records(profile, names: set[str]) -> None:
    """Contracts and invoices of her deals keep their terms, amounts and hashes; her names in
    them become CLOSED_NAME. The hashes stay those of the documents as signed and issued, so
    a copy either party kept still proves what was agreed."""
    from campaigns import contract_snapshot
    from campaigns.models import Contract, Signature
    from money.models import Invoice, InvoiceIssuer

    for contract in Contract.objects.filter(offer__creator=profile):
        document = contract.document
        for name in sorted(names, key=len, reverse=True):  # "@maya" before "maya"
            document = document.replace(name, CLOSED_NAME)
        if document != contract.document:
            contract.document = document
            contract.save(update_fields=["document"])
    Signature.objects.filter(contract__offer__creator=profile).exclude(for_creator="").update(
        for_creator=CLOSED_NAME
    )
    contract_snapshot.redact(Contract.objects.filter(offer__creator=profile), names, CLOSED_NAME)
    invoices = Invoice.objects.filter(creator=profile)
    invoices.exclude(on_behalf_of="").update(on_behalf_of=CLOSED_NAME)
    invoices.filter(issuer=InvoiceIssuer.CREATOR).update(
        issuer_name=CLOSED_NAME, issuer_address="", issuer_vat_number=""
    )


def _redact_name_snapshots(user: User, old_name: str) -> None:
    """The name copied as text beside the user's rows (signatures, messages, drafts, feedback,
    terms, rate history, other people's notifications) becomes CLOSED_NAME."""
    from django.db.models import Q

    from campaigns import contract_snapshot
    from campaigns.models import Contract, Offer, Signature, TermsVersion
    from creators.models import RateChange
    from deliverables.models import Draft, Feedback
    from messaging.models import Message, Notification

    signatures = Signature.objects.filter(user=user)
    accounts = set(signatures.values_list("account", flat=True))  # her address when she signed
    signed = Contract.objects.filter(pk__in=signatures.values("contract_id"))
    contract_snapshot.redact(signed, {old_name, *accounts}, CLOSED_NAME)
    signatures.update(full_name=CLOSED_NAME, account="")
    Message.objects.filter(author=user).update(author_name=CLOSED_NAME)
    Draft.objects.filter(submitted_by=user).update(submitted_by_name=CLOSED_NAME)
    Feedback.objects.filter(author=user).update(author_name=CLOSED_NAME)
    TermsVersion.objects.filter(proposed_by=user).update(proposed_by_name=CLOSED_NAME)
    RateChange.objects.filter(changed_by=user).update(changed_by_name=CLOSED_NAME)
    if old_name:  # only on deals she took part in: a namesake elsewhere keeps their name
        touched = Offer.objects.filter(
            Q(creator__user=user) | Q(versions__proposed_by=user) | Q(messages__author=user)
        ).values("pk")
        Notification.objects.filter(actor_name=old_name, offer__in=touched).update(
            actor_name=CLOSED_NAME
        )


def _anonymise_profile(profile) -> None:
    """The profile stays for the deals that point at it, unlisted and nameless."""
    profile.display_name = CLOSED_NAME
    profile.handle = f"closed-{profile.public_id.hex[:16]}"
    profile.bio = profile.avatar_url = profile.country = ""
    profile.legal_name = profile.billing_address = profile.vat_number = ""
    profile.languages = []
    profile.is_listed = profile.rates_public = False
    profile.save()
    MediaKit.objects.filter(creator=profile).update(is_on=False)  # its link goes dead
    profile.categories.clear()
    profile.handles.all().delete()
