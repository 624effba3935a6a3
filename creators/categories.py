"""The one shipped category list (SPEC §9): creators, brands, campaigns and exclusivity use it.

Slugs are stored; labels are translated at display time.
"""

from django.utils.translation import gettext_lazy as _

CATEGORIES = {
    "beauty": _("Beauty"),
    "fashion": _("Fashion"),
    "fitness": _("Fitness"),
    "food": _("Food & drink"),
    "travel": _("Travel"),
    "gaming": _("Gaming"),
    "tech": _("Tech"),
    "comedy": _("Comedy"),
    "music": _("Music"),
    "dance": _("Dance"),
    "education": _("Education"),
    "lifestyle": _("Lifestyle"),
    "family": _("Family & parenting"),
    "pets": _("Pets"),
    "sports": _("Sports"),
    "mobility": _("Cars & mobility"),
    "finance": _("Finance"),
    "home": _("Home & garden"),
    "art": _("Art & design"),
    "entertainment": _("Entertainment"),
}
