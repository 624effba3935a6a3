from django import template
from django.utils.translation import gettext_lazy as _

from access.change_labels import readable

register = template.Library()


@register.filter
def readable_changes(event) -> list[tuple[str, str]]:
    """The event's changes with translated field and value labels (access.change_labels)."""
    return readable(event)


# Names written for no person: the periodic tasks ("system") and the command line ("operator").
NO_PERSON = {"system": _("talentdesk (automatic)"), "operator": _("the operator (command line)")}


@register.filter
def actor_label(name: str) -> str:
    """Who did it, as the reader's language says it when no person did."""
    return str(NO_PERSON.get(name, name))
