"""The permissions a creator grants an agency, each explained in plain words on the consent page."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Scope(models.TextChoices):
    VIEW_INSIGHTS = "view_insights", _("View insights")
    MANAGE_RATES = "manage_rates", _("Manage rates")
    NEGOTIATE = "negotiate", _("Negotiate offers")
    ACCEPT_OFFERS = "accept_offers", _("Accept offers")
    MESSAGE_BRANDS = "message_brands", _("Message brands")
    MANAGE_CONTENT = "manage_content", _("Manage content")
    VIEW_EARNINGS = "view_earnings", _("View earnings")


EXPLANATIONS = {
    Scope.VIEW_INSIGHTS: _(
        "See your statistics, audience and video performance, to price and pitch you."
    ),
    Scope.MANAGE_RATES: _("Change your rate card. Every change is kept in your rate history."),
    Scope.NEGOTIATE: _("Review brand offers, propose changes and decline offers for you."),
    Scope.ACCEPT_OFFERS: _(
        "Accept offers and sign contracts for you. Above the ceiling you set, you approve first."
    ),
    Scope.MESSAGE_BRANDS: _("Write to brands in the message thread of each of your offers."),
    Scope.MANAGE_CONTENT: _("Submit drafts and answer brands' feedback on your content."),
    Scope.VIEW_EARNINGS: _("See your invoices, payments and earnings."),
}

ALL_SCOPES = [scope.value for scope in Scope]
