from decimal import Decimal

from django import template
from django.utils.translation import gettext, gettext_lazy
from django.utils.translation import gettext as _

from talentdesk.lib.numbers import localized

register = template.Library()


@register.filter
def percent(value, places: int = 1):
    """A fraction as a percentage in the active language (0.0532 → 5.3 %), or "not available"."""
    if value is None or value == "":
        return _("not available from this source")
    return f"{localized(Decimal(value) * 100, places)} %"


@register.filter
def or_na(value):
    return _("not available from this source") if value is None else value


SUMMARY_LABELS = {
    "creators_created": gettext_lazy("creators created"),
    "creators_updated": gettext_lazy("creators updated"),
    "videos_created": gettext_lazy("videos created"),
    "videos_updated": gettext_lazy("videos updated"),
    "snapshots": gettext_lazy("daily statistics"),
    "audiences": gettext_lazy("audience snapshots"),
    "rates": gettext_lazy("rates"),
    "source_metrics": gettext_lazy("figures supplied by the source"),
    "handles_added": gettext_lazy("handles added"),
    "instagram_handle": gettext_lazy("Instagram handle"),
    "youtube_handle": gettext_lazy("YouTube handle"),
}


@register.filter
def summary_label(key: str) -> str:
    return str(SUMMARY_LABELS.get(key, key))


@register.filter
def deliverable_label(value: str) -> str:
    """A deliverable type as the reader's language names it (video → Vidéo)."""
    from creators.models import Deliverable

    try:
        return str(Deliverable(value).label)
    except ValueError:
        return value


@register.filter
def import_counts(summary) -> list[tuple[str, int]]:
    """A finished import's counts (its per-creator list and bookkeeping left out)."""
    return [(k, v) for k, v in (summary or {}).items() if isinstance(v, int)]


@register.filter
def change_lines(changes: dict) -> list[str]:
    """What an import changed for one creator, as short readable lines (her audit row's
    changes: {"followers": [old, new], "snapshots": {day: {field: [old, new]}}, counts})."""
    lines = []
    for key, value in (changes or {}).items():
        if key == "created":
            lines.append(str(gettext_lazy("creator created")))
        elif key == "snapshots":
            for day, fields in value.items():
                for field, (old, new) in fields.items():
                    lines.append(labelled(f"{day} · {field}", f"{_shown(old)} → {_shown(new)}"))
        elif isinstance(value, list) and len(value) == 2:
            lines.append(labelled(summary_label(key), f"{_shown(value[0])} → {_shown(value[1])}"))
        elif isinstance(value, int):
            lines.append(labelled(summary_label(key), value))
    return lines


@register.simple_tag
def labelled(label, value) -> str:
    """ "label: value" as the reader's language writes it (French puts a space before the colon)."""
    return gettext("%(label)s: %(value)s") % {"label": label, "value": value}


def _shown(value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, list):
        return ", ".join(map(str, value)) or "—"
    return str(value)
