"""How the activity page names the representation's audited changes (access.change_labels)."""

from django.utils.translation import gettext_lazy as _

from access.change_labels import register
from access.models import EndReason, InvoiceIssuer, RepresentationStatus
from access.scopes import Scope

register(
    "access.representation",
    {
        "scopes": _("Permissions"),
        "end_reason": _("How it ended"),
        "team": _("Team"),
        "commission_pct": _("Commission"),
        "commission_split_with": _("Commission shared with"),
        "commission_split_pct": _("Share of the commission"),
        "invoice_issuer": _("Invoices issued by"),
        "accept_ceiling": _("Approval ceiling"),
    },
    {
        "status": RepresentationStatus,
        "end_reason": EndReason,
        "scopes": Scope,
        "invoice_issuer": InvoiceIssuer,
    },
)
