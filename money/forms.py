"""Forms of the money pages. Amounts and percentages are read in the reader's language
(`localize=True`: « 1 250,50 » in French, "1,250.50" in English) and handed to money.actions
as Decimal; the actions keep the business rules (at most the balance, 0-100 %, …)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from access.models import InvoiceIssuer
from talentdesk.lib.widgets import DatePicker


def _percent_field(label, *, required=False, help_text=""):
    return forms.DecimalField(
        label=label,
        required=required,
        min_value=0,
        max_value=100,
        decimal_places=2,
        localize=True,
        help_text=help_text,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 6}),
    )


class DraftInvoiceForm(forms.Form):
    """Which due milestones go on the new invoice, and its VAT rate."""

    milestones = forms.MultipleChoiceField(
        label=_("Milestones to invoice"), widget=forms.CheckboxSelectMultiple, required=False
    )
    vat_rate = _percent_field(
        _("VAT rate (%)"), help_text=_("Leave empty when no VAT applies (e.g. reverse charge).")
    )
    note = forms.CharField(
        label=_("Note on the invoice"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Printed on the invoice: payment details, a reverse-charge mention…"),
    )

    def __init__(self, *args, milestones=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.milestones = {str(m.public_id): m for m in milestones}
        self.fields["milestones"].choices = [
            (key, milestone_label(m)) for key, m in self.milestones.items()
        ]
        self.fields["milestones"].initial = list(self.milestones)

    def chosen(self) -> list:
        return [self.milestones[key] for key in self.cleaned_data["milestones"]]


def milestone_label(milestone) -> str:
    from money.templatetags.invoices import amount, pct

    return (
        f"{milestone.get_trigger_display()} ({pct(milestone.percent)}): "
        f"{amount(milestone.amount, milestone.currency)}"
    )


class VoidForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=2000)


class PaymentForm(forms.Form):
    """Money received, recorded by the issuer side: at most the balance."""

    amount = forms.DecimalField(
        label=_("Amount received"),
        localize=True,
        max_digits=14,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    paid_on = forms.DateField(label=_("Received on"), widget=DatePicker())
    reference = forms.CharField(
        label=_("Reference"),
        max_length=120,
        required=False,
        help_text=_("The bank transfer's reference, for instance."),
    )


class DealCommissionForm(forms.Form):
    commission_pct = _percent_field(
        _("Commission for this deal (%)"),
        help_text=_("Leave empty for the creator's usual commission."),
    )


class CommissionForm(forms.Form):
    """A creator's commission at the agency, and who invoices her deals."""

    commission_pct = _percent_field(_("Commission (%)"))
    commission_split_with = forms.CharField(
        label=_("Commission shared with"),
        max_length=200,
        required=False,
        help_text=_("A co-agency or a referrer who gets a share of the commission."),
    )
    commission_split_pct = _percent_field(_("Their share of the commission (%)"))
    invoice_issuer = forms.ChoiceField(
        label=_("Invoices issued by"), choices=InvoiceIssuer.choices, widget=forms.RadioSelect
    )

    def __init__(self, *args, default_pct=None, **kwargs):
        super().__init__(*args, **kwargs)
        if default_pct is not None:
            from money.templatetags.invoices import pct

            self.fields["commission_pct"].help_text = _(
                "Leave empty for the agency's default (%(default)s)."
            ) % {"default": pct(default_pct)}


class BillingForm(forms.Form):
    """The details an invoice prints for one party."""

    legal_name = forms.CharField(
        label=_("Legal name"),
        max_length=200,
        required=False,
        help_text=_("As printed on invoices; the name shown in the app when empty."),
    )
    billing_address = forms.CharField(
        label=_("Billing address"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    vat_number = forms.CharField(label=_("VAT number"), max_length=40, required=False)


class AgencyBillingForm(BillingForm):
    invoice_prefix = forms.CharField(
        label=_("Invoice number prefix"),
        max_length=8,
        required=False,
        help_text=_("Invoices are numbered PREFIX-YEAR-0001, without gaps."),
    )
    default_commission_pct = _percent_field(
        _("Default commission (%)"),
        required=True,
        help_text=_("For creators and deals without their own; deals already signed keep theirs."),
    )
