from django import forms
from django.utils.translation import gettext_lazy as _

from creators.models import Category, CreatorProfile, normalize_handle

LANGUAGE_CHOICES = [
    ("en", _("English")),
    ("fr", _("French")),
    ("es", _("Spanish")),
    ("de", _("German")),
    ("it", _("Italian")),
    ("pt", _("Portuguese")),
    ("nl", _("Dutch")),
    ("ar", _("Arabic")),
]


class CreatorProfileForm(forms.ModelForm):
    categories = forms.ModelMultipleChoiceField(
        label=_("Categories"),
        queryset=Category.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages you create in"),
        choices=LANGUAGE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = CreatorProfile
        fields = ["handle", "display_name", "country", "bio", "avatar_url", "is_listed"]
        help_texts = {"country": _("Two-letter country code, for example FR or US.")}

    def __init__(self, *args, creating: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not creating:
            # The handle identifies the creator everywhere; it is not changed from this form.
            del self.fields["handle"]

    def clean_handle(self):
        handle = normalize_handle(self.cleaned_data["handle"])
        if not handle.replace(".", "").replace("_", "").isalnum():
            raise forms.ValidationError(
                _("A TikTok handle has only letters, digits, dots and underscores.")
            )
        return handle

    def clean_country(self):
        return self.cleaned_data["country"].upper()

    def validate_unique(self):
        # Uniqueness of the handle is decided by the action, which may claim an unclaimed profile.
        pass
