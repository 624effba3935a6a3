from django import template

register = template.Library()


@register.filter
def change_text(change) -> str:
    """[old, new] → "old → new"; anything else (a note) as it is."""
    if isinstance(change, list) and len(change) == 2:
        old, new = ("—" if v in (None, "", []) else _plain(v) for v in change)
        return f"{old} → {new}"
    return _plain(change)


def _plain(value) -> str:
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)
