"""A ModelAdmin base that writes the business audit log for every platform-admin change."""

from django.contrib import admin
from django.db import transaction

from access import audit
from access.events import Event
from access.models import ActingAs, AuditEventType
from talentdesk.lib.events import publish


def creator_of(obj):
    """The creator an admin change concerns, so it is in her "Activity on my behalf"."""
    if obj._meta.label_lower == "creators.creatorprofile":
        return obj
    return getattr(obj, "creator", None)


class AuditedAdmin(admin.ModelAdmin):
    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            changes = {
                name: [
                    audit.jsonable(form.initial.get(name)),
                    audit.jsonable(form.cleaned_data.get(name)),
                ]
                for name in form.changed_data
                if "password" not in name
            }
            self._record(request, obj, {"action": "change" if change else "add", **changes})

    def delete_model(self, request, obj):
        with transaction.atomic():
            self._record(request, obj, {"action": "delete"})
            super().delete_model(request, obj)

    def _record(self, request, obj, changes):
        publish(
            Event(
                type=AuditEventType.ADMIN_CHANGE,
                actor=request.user,
                acting_as=ActingAs.ADMIN,
                target=obj,
                on_behalf_of=creator_of(obj),
                changes=changes,
            )
        )


class ReadOnlyAdmin(admin.ModelAdmin):
    """For logs: platform admins read them, nobody edits them from here."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
