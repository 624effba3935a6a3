"""Readable audit changes (issue 18): each app names the fields its events change, and the
choices their values come from, so the activity page reads "Status: Awaiting the creator's
approval → Accepted: contract to sign" instead of internal codes.

The audit log (the trust core) knows no domain model: each app registers its own labels from its
AppConfig.ready, for the `target_type` its events carry (e.g. "campaigns.offer"). A field or value
nobody registered is shown as it was written.
"""

from django.utils.translation import gettext_lazy as _

# Fields many targets share, labelled once.
COMMON = {
    "status": _("Status"),
    "name": _("Name"),
    "handle": _("Handle"),
    "price": _("Price"),
    "reason": _("Reason"),
    "message": _("Message"),
    "amount": _("Amount"),
    "number": _("Number"),
    "version": _("Version"),
}
_FIELDS: dict[str, dict[str, object]] = {}
_VALUES: dict[tuple[str, str], dict[str, object]] = {}


def register(target_type: str, fields: dict, values: dict | None = None) -> None:
    """`fields`: field → label; `values`: field → a TextChoices class (or a dict value → label)
    whose labels its old and new values take."""
    _FIELDS.setdefault(target_type, {}).update(fields)
    for field, choices in (values or {}).items():
        labels = dict(choices.choices) if hasattr(choices, "choices") else dict(choices)
        _VALUES.setdefault((target_type, field), {}).update(labels)


def field_label(target_type: str, field: str) -> str:
    label = _FIELDS.get(target_type, {}).get(field) or COMMON.get(field)
    return str(label) if label else field


def value_label(target_type: str, field: str, value) -> str:
    if value in (None, "", []):
        return "—"
    labels = _VALUES.get((target_type, field), {})
    if isinstance(value, list):
        return ", ".join(str(labels.get(v, v)) for v in value)
    return str(labels.get(value, value)) if isinstance(value, str) else str(value)


def readable(event) -> list[tuple[str, str]]:
    """The event's changes as (field label, "old → new") pairs, in the reader's language; a
    change that is not a pair (a note) is shown as it is."""
    rows = []
    for field, change in (event.changes or {}).items():
        label = field_label(event.target_type, field)
        if isinstance(change, list) and len(change) == 2:
            old, new = (value_label(event.target_type, field, v) for v in change)
            rows.append((label, f"{old} → {new}"))
        else:
            rows.append((label, value_label(event.target_type, field, change)))
    return rows
