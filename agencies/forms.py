from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from agencies.models import Agency
from creators.models import Category


class AgencyForm(forms.ModelForm):
    class Meta:
        model = Agency
        fields = ["name", "country", "website"]
        help_texts = {"country": _("Two-letter country code, for example FR or US.")}

    def clean_country(self):
        return self.cleaned_data["country"].upper()


class RosterFilterForm(forms.Form):
    SORTS = {
        "-followers": "-creator__followers",
        "followers": "creator__followers",
        "handle": "creator__handle",
        "-handle": "-creator__handle",
        "name": "creator__display_name",
        "-name": "-creator__display_name",
        "since": "started_at",
        "-since": "-started_at",
        "lead": "lead_manager__name",
        "-lead": "-lead_manager__name",
        "median": "creator__metrics__median_views",
        "-median": "-creator__metrics__median_views",
        "engagement": "creator__metrics__engagement_rate",
        "-engagement": "-creator__metrics__engagement_rate",
        "growth": "creator__metrics__follower_growth_rate",
        "-growth": "-creator__metrics__follower_growth_rate",
        "rate": "creator__metrics__rate_from",
        "-rate": "-creator__metrics__rate_from",
    }
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    category = forms.ModelChoiceField(
        label=_("Category"),
        queryset=Category.objects.all(),
        required=False,
        empty_label=_("All categories"),
    )
    country = forms.CharField(label=_("Country"), required=False, max_length=2)
    manager = forms.ModelChoiceField(
        label=_("Lead manager"), queryset=None, required=False, empty_label=_("Anyone")
    )
    min_followers = forms.IntegerField(
        label=_("Followers at least"), required=False, min_value=0, max_value=10**10
    )
    sort = forms.ChoiceField(required=False, choices=[(key, key) for key in SORTS])

    def __init__(self, *args, agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["manager"].queryset = User.objects.filter(
            agency_memberships__agency=agency
        ).order_by("name")

    def clean_country(self):
        return self.cleaned_data["country"].upper()

    def clean_q(self):
        return self.cleaned_data["q"].replace("\x00", "").strip()


class ContractClausesForm(forms.Form):
    """The clauses an agency's contracts print, in English and French (prefilled with what the
    contracts print now: the agency's wording or the default)."""

    kill_fee_pct = forms.DecimalField(
        label=_("Kill fee (% of the price)"),
        min_value=0,
        max_value=100,
        decimal_places=2,
        help_text=_("Owed to the creator when the brand cancels after signature."),
    )
    cancellation_en = forms.CharField(
        label=_("Cancellation (English)"), max_length=3000, widget=forms.Textarea(attrs={"rows": 7})
    )
    cancellation_fr = forms.CharField(
        label=_("Cancellation (French)"), max_length=3000, widget=forms.Textarea(attrs={"rows": 7})
    )
    governing_law_en = forms.CharField(
        label=_("Governing law (English)"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 7}),
    )
    governing_law_fr = forms.CharField(
        label=_("Governing law (French)"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 7}),
    )
    disclosure_en = forms.CharField(
        label=_("Disclosure obligations (English)"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 7}),
    )
    disclosure_fr = forms.CharField(
        label=_("Disclosure obligations (French)"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 7}),
    )
