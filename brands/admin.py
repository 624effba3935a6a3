from django.contrib import admin

from access.admin_audit import AuditedAdmin
from brands.models import Brand, BrandMembership


class MembershipInline(admin.TabularInline):
    model = BrandMembership
    raw_id_fields = ["user"]
    extra = 0


@admin.register(Brand)
class BrandAdmin(AuditedAdmin):
    list_display = ["name", "slug", "category", "country", "created_at"]
    search_fields = ["name", "slug"]
    readonly_fields = ["created_at"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline]
