"""How the activity page names the money's audited changes (access.change_labels)."""

from django.utils.translation import gettext_lazy as _

from access.change_labels import register
from money.transitions import InvoiceStatus, MilestoneStatus

register(
    "money.milestone", {"due_on": _("Due on"), "amount": _("Amount")}, {"status": MilestoneStatus}
)
register(
    "money.invoice",
    {
        "total": _("Total"),
        "commission": _("Commission"),
        "creator_net": _("Creator's net"),
        "paid_on": _("Paid on"),
    },
    {"status": InvoiceStatus},
)
