"""Business verbs on creator profiles."""

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from access import audit
from access.events import Event
from access.models import ActingAs, AuditEventType
from access.roles import RoleKind
from creators.models import (
    CreatorHandle,
    CreatorProfile,
    Deliverable,
    Platform,
    Rate,
    RateChange,
    normalize_handle,
)
from talentdesk.lib.errors import ActionError
from talentdesk.lib.events import publish

PROFILE_FIELDS = [
    "display_name",
    "country",
    "languages",
    "bio",
    "avatar_url",
    "is_listed",
    "rates_public",
]


def create_creator_profile(*, actor, handle: str, categories=(), **fields) -> CreatorProfile:
    """Create `actor`'s own creator profile, or claim an unclaimed one with the same handle."""
    handle = normalize_handle(handle)
    with transaction.atomic():
        if CreatorProfile.objects.filter(user=actor).exists():
            raise ActionError(_("You have a creator profile already."))
        existing = CreatorProfile.objects.select_for_update().filter(handle=handle).first()
        if existing is not None and existing.user_id is not None:
            raise ActionError(_("This handle belongs to another creator."), field="handle")
        profile = existing or CreatorProfile(handle=handle)
        profile.user = actor
        for name, value in fields.items():
            setattr(profile, name, value)
        profile.save()
        profile.categories.set(categories)
        publish(
            Event(
                type=AuditEventType.CREATOR_PROFILE_CREATED,
                actor=actor,
                acting_as=ActingAs.CREATOR,
                on_behalf_of=profile,
                target=profile,
                changes={"handle": [None, handle]},
            )
        )
    return profile


def verify_handle(profile, *, actor, handle: str, account_id: str) -> CreatorProfile:
    """Record that `actor` proved with TikTok that she owns `handle` (TikTok account
    `account_id`): the profile takes that handle, verified. Refuses a handle or an account
    verified on another profile; takes back a handle another profile holds unverified (that
    profile is renamed aside, unlisted and told). Locks both profiles. The caller checked
    that `actor` owns `profile` and that TikTok answered for `account_id`."""
    handle = normalize_handle(handle)
    if not handle or not account_id:
        raise ActionError(
            _("TikTok did not tell us the account's username, so nothing was verified.")
        )
    with transaction.atomic():
        rows = CreatorProfile.objects.select_for_update().order_by("pk")
        locked = {
            p.pk: p
            for p in rows.filter(
                Q(pk=profile.pk) | Q(handle=handle) | Q(tiktok_account_id=account_id)
            )
        }
        profile = locked.pop(profile.pk)
        for other in locked.values():
            if other.tiktok_account_id == account_id:
                raise ActionError(
                    _("This TikTok account already verifies another profile, @%(handle)s.")
                    % {"handle": other.handle}
                )
            if other.handle_verified:
                raise ActionError(
                    _("@%(handle)s is verified on another profile already.") % {"handle": handle}
                )
        for other in locked.values():  # the one profile holding the handle unverified
            _set_aside(other, actor=actor)
        before = {
            "handle": profile.handle,
            "verified_handle": profile.handle if profile.handle_verified else None,
        }
        profile.handle = handle
        profile.handle_verified_at = timezone.now()
        profile.tiktok_account_id = account_id
        profile.save(update_fields=["handle", "handle_verified_at", "tiktok_account_id"])
        changes = {"verified_handle": [before["verified_handle"], handle]}
        if before["handle"] != handle:
            changes["handle"] = [before["handle"], handle]
        publish(
            Event(
                type=AuditEventType.HANDLE_VERIFIED,
                actor=actor,
                acting_as=ActingAs.CREATOR,
                on_behalf_of=profile,
                target=profile,
                changes=changes,
            )
        )
    return profile


def set_aside_handle(handle: str, profile) -> str:
    """The name a profile keeps once its handle's verified owner took it back: no TikTok handle
    has a hyphen, so it can never meet a real one."""
    return f"{handle[:40]}-unverified-{profile.public_id.hex[:8]}"


def _set_aside(holder, *, actor) -> None:
    """Another profile proved the handle `holder` held unverified: `holder` loses it and is
    unlisted, in her own audit chain (a subscriber tells her creator). Inside the caller's
    transaction, with `holder` locked."""
    old = {"handle": holder.handle, "is_listed": holder.is_listed}
    holder.handle = set_aside_handle(holder.handle, holder)
    holder.is_listed = False
    holder.save(update_fields=["handle", "is_listed"])
    publish(
        Event(
            type=AuditEventType.HANDLE_RECLAIMED,
            actor=actor,
            acting_as=ActingAs.CREATOR,
            on_behalf_of=holder,
            target=holder,
            target_label=f"@{old['handle']}",
            changes={
                "handle": [old["handle"], holder.handle],
                "is_listed": [old["is_listed"], False],
            },
        )
    )


# Her handles on the other platforms: the form field and audit key of each.
OTHER_HANDLE_FIELDS = {
    Platform.INSTAGRAM: "instagram_handle",
    Platform.YOUTUBE: "youtube_handle",
}


def _handle_taken_message(platform):
    if platform == Platform.INSTAGRAM:
        return _("This Instagram handle is on another profile.")
    return _("This YouTube handle is on another profile.")


def update_creator_profile(
    profile, *, actor, categories=None, other_handles=None, **fields
) -> CreatorProfile:
    """Change a profile's public fields and, with `other_handles` ({platform: handle, "" to
    remove}), her handles on other platforms; locks the profile, refuses (saving nothing) a
    handle held by another profile. The caller checked that `actor` owns it."""
    with transaction.atomic():
        profile = CreatorProfile.objects.select_for_update().get(pk=profile.pk)
        changes = _set_other_handles(profile, other_handles or {})
        before = {name: getattr(profile, name) for name in fields}
        for name, value in fields.items():
            setattr(profile, name, value)
        profile.save()
        changes.update(audit.diff(profile, fields, before))
        if categories is not None:
            old = sorted(profile.categories.values_list("slug", flat=True))
            new = sorted(c.slug for c in categories)
            if old != new:
                profile.categories.set(categories)
                changes["categories"] = [old, new]
        if changes:
            publish(
                Event(
                    type=AuditEventType.CREATOR_PROFILE_UPDATED,
                    actor=actor,
                    acting_as=ActingAs.CREATOR,
                    on_behalf_of=profile,
                    target=profile,
                    changes=changes,
                )
            )
    return profile


def _set_other_handles(profile, handles: dict) -> dict:
    """Make each given handle her only one on its platform ("" removes it); {field: [old, new]}
    for the audit. Runs inside the caller's transaction, with the profile locked."""
    changes = {}
    for platform, handle in handles.items():
        field = OTHER_HANDLE_FIELDS[Platform(platform)]
        handle = normalize_handle(handle)
        current = CreatorHandle.objects.filter(creator=profile, platform=platform).first()
        old = current.handle if current is not None else None  # one per platform at most
        if old == (handle or None):
            continue
        if handle:
            taken = CreatorHandle.objects.filter(platform=platform, handle=handle)
            if taken.exclude(creator=profile).exists():
                raise ActionError(_handle_taken_message(platform), field=field)
        CreatorHandle.objects.filter(creator=profile, platform=platform).delete()
        if handle:
            try:
                with transaction.atomic():
                    CreatorHandle.objects.create(creator=profile, platform=platform, handle=handle)
            except IntegrityError:  # taken by another profile since the check above
                raise ActionError(_handle_taken_message(platform), field=field) from None
        changes[field] = [old, handle or None]
    return changes


def set_rate(creator, deliverable: str, amount, currency: str, *, actor, role=None) -> Rate | None:
    """Set (or with amount None, remove) one rate-card line; keeps the history and audits it.
    The caller checked `manage_rates` (agency) or ownership (creator); actor None = operator."""
    if deliverable not in Deliverable.values:
        raise ActionError(_("Choose one of the deliverables offered."), field="deliverable")
    if amount is not None and amount < 0:
        raise ActionError(_("A rate cannot be negative."), field="amount")
    currency = (currency or "").upper()
    if amount is not None and len(currency) != 3:
        raise ActionError(_("Choose a currency."), field="currency")
    with transaction.atomic():
        rate = Rate.objects.select_for_update().filter(creator=creator, deliverable=deliverable)
        rate = rate.first()
        old = (rate.amount, rate.currency) if rate else (None, "")
        if old == (amount, currency if amount is not None else ""):
            return rate
        if amount is None:
            if rate:
                rate.delete()
            rate = None
        elif rate is None:
            rate = Rate.objects.create(
                creator=creator, deliverable=deliverable, amount=amount, currency=currency
            )
        else:
            rate.amount, rate.currency, rate.updated_at = amount, currency, timezone.now()
            rate.save(update_fields=["amount", "currency", "updated_at"])
        name = (actor.name or actor.email) if actor else "operator"
        RateChange.objects.create(
            creator=creator,
            deliverable=deliverable,
            old_amount=old[0],
            old_currency=old[1],
            new_amount=amount,
            currency=currency or old[1],
            changed_by=actor,
            changed_by_name=name,
        )
        on_agency = role is not None and role.kind == RoleKind.AGENCY
        publish(
            Event(
                type=AuditEventType.RATE_CHANGED,
                actor=actor,
                acting_as=(
                    ActingAs.AGENCY
                    if on_agency
                    else ActingAs.CREATOR
                    if actor
                    else ActingAs.OPERATOR
                ),
                agency=role.agency if on_agency else None,
                on_behalf_of=creator,
                target=creator,
                target_label=f"{creator.at_handle} {Deliverable(deliverable).label}",
                changes={
                    deliverable: [
                        f"{old[0]} {old[1]}" if old[0] is not None else None,
                        f"{amount} {currency}" if amount is not None else None,
                    ]
                },
            )
        )
        from creators.rollup import refresh_metrics

        refresh_metrics(creator)
    return rate


KIT_FIELDS = ["is_on", "show_bio", "show_categories", "show_audience", "metrics"]


def update_media_kit(creator, *, actor, role, collaborations=None, **fields):
    """Turn her media kit on or off and choose what it shows; audits what changed (each part,
    and the brands named). Locks the kit. The caller checked that `role` is the creator or an
    agency member who may manage her rates, and that `collaborations` are brands she worked
    with that agreed to be shown."""
    from creators.models import KitMetric, MediaKit

    unknown = set(fields) - set(KIT_FIELDS)
    if unknown:
        raise ValueError(f"not media-kit fields: {sorted(unknown)}")
    if "metrics" in fields:
        if set(fields["metrics"]) - set(KitMetric.values):
            raise ActionError(_("Choose among the figures offered."), field="metrics")
        fields["metrics"] = [m for m in KitMetric.values if m in fields["metrics"]]
    with transaction.atomic():
        MediaKit.objects.get_or_create(creator=creator)
        kit = MediaKit.objects.select_for_update().get(creator=creator)
        changes = {
            f"media_kit.{name}": [getattr(kit, name), value]
            for name, value in fields.items()
            if getattr(kit, name) != value
        }
        for name, value in fields.items():
            setattr(kit, name, value)
        if collaborations is not None:
            before = sorted(b.name for b in kit.collaborations.all())
            after = sorted(b.name for b in collaborations)
            if before != after:
                changes["media_kit.collaborations"] = [before, after]
                kit.collaborations.set(collaborations)
        if not changes:
            return kit
        kit.updated_at = timezone.now()
        kit.save()
        on_agency = role.kind == RoleKind.AGENCY
        publish(
            Event(
                type=AuditEventType.CREATOR_PROFILE_UPDATED,
                actor=actor,
                acting_as=ActingAs.AGENCY if on_agency else ActingAs.CREATOR,
                agency=role.agency if on_agency else None,
                on_behalf_of=creator,
                target=creator,
                target_label=_("Media kit of %(handle)s") % {"handle": creator.at_handle},
                changes=changes,
            )
        )
    return kit
