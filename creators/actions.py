"""Business verbs on creator profiles."""

from django.db import transaction
from django.utils.translation import gettext as _

from access import audit
from access.models import ActingAs, AuditEventType
from creators.models import CreatorProfile, normalize_handle
from talentdesk.lib.errors import ActionError

PROFILE_FIELDS = ["display_name", "country", "languages", "bio", "avatar_url", "is_listed"]


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
        audit.record(
            AuditEventType.CREATOR_PROFILE_CREATED,
            actor=actor,
            acting_as=ActingAs.CREATOR,
            on_behalf_of=profile,
            target=profile,
            changes={"handle": [None, handle]},
        )
    return profile


def update_creator_profile(profile, *, actor, categories=None, **fields) -> CreatorProfile:
    """Change a profile's public fields; the caller checked that `actor` owns it."""
    with transaction.atomic():
        profile = CreatorProfile.objects.select_for_update().get(pk=profile.pk)
        before = {name: getattr(profile, name) for name in fields}
        for name, value in fields.items():
            setattr(profile, name, value)
        profile.save()
        changes = audit.diff(profile, fields, before)
        if categories is not None:
            old = sorted(profile.categories.values_list("slug", flat=True))
            new = sorted(c.slug for c in categories)
            if old != new:
                profile.categories.set(categories)
                changes["categories"] = [old, new]
        if changes:
            audit.record(
                AuditEventType.CREATOR_PROFILE_UPDATED,
                actor=actor,
                acting_as=ActingAs.CREATOR,
                on_behalf_of=profile,
                target=profile,
                changes=changes,
            )
    return profile
