from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag
def sort_header(label, key, current, query, css=""):
    """A sortable column header: a link (with its HTMX twin) that toggles the direction."""
    descending = current == f"-{key}"
    ascending = current == key
    target = key if descending else f"-{key}" if ascending else key
    url = f"?{query}&sort={target}" if query else f"?sort={target}"
    aria = "descending" if descending else "ascending" if ascending else "none"
    arrow = " ↓" if descending else " ↑" if ascending else ""
    return format_html(
        '<th scope="col" class="{}" aria-sort="{}"><a href="{}" data-hx-get="{}" '
        'data-hx-target="#roster-table" data-hx-swap="outerHTML" data-hx-push-url="true" '
        'title="{}">{}{}</a></th>',
        css,
        aria,
        url,
        url,
        _("Sort by this column"),
        label,
        arrow,
    )
