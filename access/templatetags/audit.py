from django import template

from access.change_labels import readable

register = template.Library()


@register.filter
def readable_changes(event) -> list[tuple[str, str]]:
    """The event's changes with translated field and value labels (access.change_labels)."""
    return readable(event)
