from django import forms
from django.utils.translation import gettext_lazy as _

from brands.models import Brand


class BrandForm(forms.ModelForm):
    class Meta:
        model = Brand
        fields = ["name", "category", "country", "website"]
        help_texts = {"country": _("Two-letter country code, for example FR or US.")}

    def clean_country(self):
        return self.cleaned_data["country"].upper()
