from django import forms
from django.utils.translation import gettext_lazy as _

from campaigns.forms import TermsForm


class ContactForm(forms.Form):
    company = forms.CharField(label=_("Company"), max_length=120)
    name = forms.CharField(label=_("Contact name"), max_length=120)
    email = forms.EmailField(label=_("E-mail"))


class EvidenceForm(forms.Form):
    """When the brand's e-mail came, and the e-mail itself."""

    received_on = forms.DateField(
        label=_("E-mail received on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    evidence = forms.FileField(
        label=_("The brand's e-mail"),
        help_text=_("A saved message (.eml), a PDF or a screenshot."),
    )


class RecordDealForm(TermsForm):
    """A deal e-mailed by a brand contact: whose, for which creator, and its first terms."""

    contact = forms.ChoiceField(label=_("Brand contact"))
    creator = forms.CharField(label=_("Creator's handle"), max_length=64)
    campaign_name = forms.CharField(label=_("Deal name"), max_length=120)
    received_on = EvidenceForm.base_fields["received_on"]
    evidence = forms.FileField(
        label=_("The brand's e-mail"),
        required=False,
        help_text=_("Optional: a saved message (.eml), a PDF or a screenshot."),
    )
    field_order = ["contact", "creator", "campaign_name", "received_on", "evidence"]

    def __init__(self, *args, contacts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact"].choices = [
            (str(c.public_id), f"{c.company} — {c.name}") for c in contacts
        ]


class RecordMoveForm(EvidenceForm):
    verb = forms.CharField(widget=forms.HiddenInput)
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Reason"), required=False, max_length=2000)
    deliverable = forms.ChoiceField(label=_("Deliverable"), required=False)
    invoice = forms.ChoiceField(label=_("Invoice"), required=False)
    body = forms.CharField(
        label=_("The brand's words"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class GuestLinkForm(forms.Form):
    days = forms.IntegerField(label=_("Valid for (days)"), min_value=1, max_value=90, initial=30)


class GuestStepForm(forms.Form):
    verb = forms.CharField(max_length=40)
    version = forms.IntegerField(required=False, min_value=1, max_value=1_000_000)
    reason = forms.CharField(required=False, max_length=2000)
    body = forms.CharField(required=False, max_length=5000)
    target = forms.UUIDField(required=False)  # the deliverable or invoice
