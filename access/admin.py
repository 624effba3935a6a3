from django.contrib import admin

from access.admin_audit import AuditedAdmin, ReadOnlyAdmin
from access.models import AuditEvent, Representation, SecurityEvent


@admin.register(Representation)
class RepresentationAdmin(AuditedAdmin):
    list_display = ["creator", "agency", "status", "lead_manager", "started_at", "ended_at"]
    list_filter = ["status", "agency"]
    search_fields = ["creator__handle", "agency__name"]
    raw_id_fields = ["creator", "agency", "lead_manager", "proposed_by_user", "ended_by"]
    filter_horizontal = ["team"]
    # The status and the grant change only through the representation workflow and the
    # creator's own choices (access.actions): support can read them here, not rewrite them.
    readonly_fields = [
        "status",
        "end_reason",
        "started_at",
        "ended_at",
        "ended_by",
        "scopes",
        "accept_ceiling",
        "accept_ceiling_currency",
    ]


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "event_type", "actor_name", "acting_as", "target_label", "chain"]
    list_filter = ["event_type", "acting_as"]
    search_fields = ["actor_name", "target_label"]


@admin.register(SecurityEvent)
class SecurityEventAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "kind", "email", "user", "ip", "path"]
    list_filter = ["kind"]
    search_fields = ["email"]
