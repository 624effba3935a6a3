"""How the activity page names the changes of brand contacts and off-platform deals."""

from django.utils.translation import gettext_lazy as _

from access.change_labels import register

DEAL = {
    "move": _("Brand's answer"),
    "received_on": _("E-mail received on"),
    "for": _("For"),
    "evidence": _("E-mail attached"),
    "contact": _("Brand contact"),
    "to": _("Sent to"),
    "expires": _("Valid until"),
    "page": _("Page"),
    "method": _("Request"),
    "brand": _("Brand"),
    "deals": _("Deals"),
}
register("campaigns.offer", DEAL)
register(
    "contacts.brandcontact",
    {"company": _("Company"), "name": _("Contact name"), "email": _("E-mail"), **DEAL},
)
