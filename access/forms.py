from django import forms
from django.utils.translation import gettext_lazy as _

from access.models import AuditEventType
from access.scopes import EXPLANATIONS, Scope
from agencies.models import Agency

CURRENCIES = [("EUR", "EUR"), ("USD", "USD"), ("GBP", "GBP"), ("CHF", "CHF"), ("CAD", "CAD")]


class ScopeCheckboxes(forms.CheckboxSelectMultiple):
    """Each scope with its plain-words explanation under it (the consent page)."""

    option_template_name = "access/widgets/scope_option.html"

    def create_option(self, *args, **kwargs):
        option = super().create_option(*args, **kwargs)
        option["explanation"] = EXPLANATIONS[Scope(option["value"])]
        return option


class ScopesForm(forms.Form):
    scopes = forms.MultipleChoiceField(
        label=_("What may the agency do for you?"),
        choices=Scope.choices,
        widget=ScopeCheckboxes,
        required=False,
    )
    ceiling = forms.DecimalField(
        label=_("Approval ceiling"),
        required=False,
        min_value=1,
        max_digits=12,
        decimal_places=2,
        help_text=_("Optional. Offers above this amount need your own approval before acceptance."),
    )
    currency = forms.ChoiceField(label=_("Currency"), choices=CURRENCIES, initial="EUR")

    def choice(self) -> dict:
        """The creator's choice, as the representation actions take it."""
        return {key: self.cleaned_data[key] for key in ("scopes", "ceiling", "currency")}

    def clean(self):
        data = super().clean()
        if data.get("ceiling") is not None and "accept_offers" not in data.get("scopes", []):
            self.add_error(
                "ceiling", _("A ceiling only applies when the agency may accept offers.")
            )
        return data


class RequestAgencyForm(ScopesForm):
    agency = forms.ModelChoiceField(label=_("Agency"), queryset=Agency.objects.order_by("name"))
    message = forms.CharField(
        label=_("Message to the agency"), required=False, max_length=2000, widget=forms.Textarea
    )
    field_order = ["agency", "message", "scopes", "ceiling", "currency"]


class InviteCreatorForm(forms.Form):
    identifier = forms.CharField(
        label=_("Creator's TikTok handle or e-mail address"),
        max_length=254,
        help_text=_("For example @mayamoves or maya@example.com."),
    )
    message = forms.CharField(
        label=_("Message to the creator"), required=False, max_length=2000, widget=forms.Textarea
    )

    def clean_identifier(self):
        value = self.cleaned_data["identifier"].strip()
        if "\x00" in value or " " in value:
            raise forms.ValidationError(_("Enter one handle or one e-mail address."))
        return value


class AssignForm(forms.Form):
    lead_manager = forms.ModelChoiceField(label=_("Lead manager"), queryset=None)
    team = forms.ModelMultipleChoiceField(
        label=_("Team"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_manager"].queryset = members
        self.fields["team"].queryset = members


class ActivityFilterForm(forms.Form):
    creator = forms.CharField(label=_("Creator handle"), required=False, max_length=64)
    actor = forms.CharField(label=_("Done by"), required=False, max_length=150)
    type = forms.TypedChoiceField(
        label=_("What"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("Everything"))] + list(AuditEventType.choices),
    )
