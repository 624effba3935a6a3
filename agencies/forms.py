from django import forms
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency


class AgencyForm(forms.ModelForm):
    class Meta:
        model = Agency
        fields = ["name", "country", "website"]
        help_texts = {"country": _("Two-letter country code, for example FR or US.")}

    def clean_country(self):
        return self.cleaned_data["country"].upper()
