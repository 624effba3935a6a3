"""The badge next to a creator's handle, wherever a page shows it:
`{% load handles %}{{ creator.at_handle }} {{ creator|verified_badge }}` adds "✓ verified" when she
proved the handle with TikTok; `creator|verified_badge:"unverified"` also marks an unverified
one "not verified" (the agency's roster and creator pages, her own pages)."""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def verified_badge(creator, show_unverified: str = ""):
    """ "✓ verified", "not verified" when asked, or nothing."""
    if creator is None:
        return ""
    if creator.handle_verified_at is not None:
        return format_html(
            '<span class="badge badge--ok handle-verified" title="{}">✓ {}</span>',
            _("The creator proved with TikTok that this handle is theirs."),
            _("verified"),
        )
    if show_unverified:
        return format_html(
            '<span class="badge badge--warn handle-unverified" title="{}">{}</span>',
            _("Not proved with TikTok: brands do not find this profile."),
            _("not verified"),
        )
    return ""
