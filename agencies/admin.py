from django.contrib import admin

from access.admin_audit import AuditedAdmin
from agencies.models import Agency, AgencyMembership


class MembershipInline(admin.TabularInline):
    model = AgencyMembership
    raw_id_fields = ["user"]
    extra = 0


@admin.register(Agency)
class AgencyAdmin(AuditedAdmin):
    list_display = ["name", "slug", "country", "created_at"]
    search_fields = ["name", "slug"]
    readonly_fields = ["created_at"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline]
