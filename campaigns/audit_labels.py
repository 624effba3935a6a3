"""How the activity page names the offer's audited changes (access.change_labels)."""

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from access.change_labels import register
from campaigns.terms import LABELS
from campaigns.transitions import OfferStatus

register(
    "campaigns.offer",
    {
        "signed_by": _("Signed by"),
        "sha256": _("Document hash (SHA-256)"),
        "renews": _("Renews"),
        **LABELS,
    },
    {"status": OfferStatus, "status_before_approval": OfferStatus},
)
# A counter's changes are written under the terms' English labels ("Price", "Revision rounds"):
# each is read back in the reader's language.
with translation.override("en"):
    register("campaigns.offer", {str(label): label for label in LABELS.values()})
register("campaigns.campaign", {"budget": _("Budget")})
