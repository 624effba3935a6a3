from django import template

from creators.categories import CATEGORIES

register = template.Library()


@register.filter
def category_label(slug: str) -> str:
    """A category's name in the reader's language; "—" for none."""
    return str(CATEGORIES.get(slug, slug)) if slug else "—"
