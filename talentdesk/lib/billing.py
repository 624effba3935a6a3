"""The legal name, address and VAT number an invoice prints for each party: fields shared by
agencies, brands and creator profiles (abstract: each keeps them on its own row)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class BillingDetails(models.Model):
    legal_name = models.CharField(
        _("legal name"), max_length=200, blank=True, help_text=_("As printed on invoices.")
    )
    billing_address = models.TextField(_("billing address"), max_length=1000, blank=True)
    vat_number = models.CharField(_("VAT number"), max_length=40, blank=True)

    class Meta:
        abstract = True

    def billing_name(self) -> str:
        """The legal name, or the name shown in the app when none was given."""
        return self.legal_name or str(self)
