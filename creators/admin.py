from django.contrib import admin

from access.admin_audit import AuditedAdmin
from creators.models import CreatorHandle, CreatorProfile


class HandleInline(admin.TabularInline):
    model = CreatorHandle
    extra = 0


@admin.register(CreatorProfile)
class CreatorProfileAdmin(AuditedAdmin):
    list_display = ["handle", "display_name", "country", "followers", "is_listed", "user"]
    list_filter = ["is_listed", "country", "categories"]
    search_fields = ["handle", "display_name"]
    readonly_fields = ["created_at"]
    raw_id_fields = ["user"]
    inlines = [HandleInline]
