"""How the results pages write their figures: counts, CPV's small amounts, sources, timings."""

from django import template
from django.utils.translation import gettext_lazy as _

from results.queries import Source, Timing
from talentdesk.lib.numbers import localized

register = template.Library()

SOURCES = {
    Source.IMPORTED: _("imported"),
    Source.CONNECTOR: _("from a connector"),
    Source.ENTERED: _("entered"),
}
TIMINGS = {
    Timing.ON_TIME: _("on time"),
    Timing.LATE: _("late"),
    Timing.POSTED: _("posted (time not recorded)"),
    Timing.OVERDUE: _("not posted, overdue"),
    Timing.TO_COME: _("not posted yet"),
}


@register.filter
def count(value):
    """12400 → "12,400" (« 12 400 »); unknown → "—"."""
    return "—" if value is None else localized(value, 0)


@register.filter
def per_view(value, currency: str = ""):
    """A cost per view, to the ten-thousandth: "0.0125 EUR"."""
    return "—" if value is None else f"{localized(value, 4)} {currency}".strip()


@register.filter
def source_label(value):
    return SOURCES.get(value, "—")


@register.filter
def timing_label(value):
    return TIMINGS.get(value, "")
