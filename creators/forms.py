from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from creators.models import (
    Category,
    CreatorProfile,
    Deliverable,
    Duplicates,
    Gender,
    ImportKind,
    Platform,
    normalize_handle,
)
from creators.sources.csv_files import FEEDS, FIELDS
from talentdesk.lib.widgets import DatePicker

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
        fields = [
            "handle",
            "display_name",
            "country",
            "bio",
            "avatar_url",
            "is_listed",
            "rates_public",
        ]
        help_texts = {"country": _("Two-letter country code, for example FR or US.")}

    # Her handles elsewhere (the edit form only); the action refuses one on another profile.
    instagram_handle = forms.CharField(
        label=_("Instagram handle"),
        required=False,
        max_length=64,
        help_text=_("Optional. Without the @, as on Instagram. Leave empty to remove it."),
    )
    youtube_handle = forms.CharField(
        label=_("YouTube handle"),
        required=False,
        max_length=64,
        help_text=_("Optional. Without the @, as on YouTube. Leave empty to remove it."),
    )
    OTHER_HANDLES = {"instagram_handle": Platform.INSTAGRAM, "youtube_handle": Platform.YOUTUBE}
    field_order = ["handle", "display_name", "instagram_handle", "youtube_handle"]

    def __init__(self, *args, creating: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if creating:
            for name in self.OTHER_HANDLES:
                del self.fields[name]
        else:
            # The handle identifies the creator everywhere; it is not changed from this form.
            del self.fields["handle"]

    def clean_handle(self):
        handle = normalize_handle(self.cleaned_data["handle"])
        if not handle.replace(".", "").replace("_", "").isalnum():
            raise forms.ValidationError(
                _("A TikTok handle has only letters, digits, dots and underscores.")
            )
        return handle

    def clean_instagram_handle(self):
        handle = normalize_handle(self.cleaned_data["instagram_handle"])
        if handle and not handle.replace(".", "").replace("_", "").isalnum():
            raise forms.ValidationError(
                _("An Instagram handle has only letters, digits, dots and underscores.")
            )
        return handle

    def clean_youtube_handle(self):
        handle = normalize_handle(self.cleaned_data["youtube_handle"])
        # YouTube handles may also hold hyphens (youtube.com/@some-name).
        if handle and not handle.replace(".", "").replace("_", "").replace("-", "").isalnum():
            raise forms.ValidationError(
                _("A YouTube handle has only letters, digits, dots, hyphens and underscores.")
            )
        return handle

    def clean_country(self):
        return self.cleaned_data["country"].upper()

    def validate_unique(self):
        # Uniqueness of the handle is decided by the action, which may claim an unclaimed profile.
        pass


class RateForm(forms.Form):
    """One rate-card line. The price is read in the reader's language ("12,50" in French,
    "12.50" in English; neither is ever read as 1250), and an empty price is refused: taking a
    line off the card is the form's own "Remove this line" button (`removing`)."""

    CURRENCIES = ("EUR", "USD", "GBP", "CHF", "CAD", "AUD", "JPY")
    deliverable = forms.ChoiceField(label=_("Deliverable"), choices=Deliverable.choices)
    amount = forms.DecimalField(
        label=_("Price"),
        min_value=0,
        max_digits=12,
        decimal_places=2,
        required=False,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    currency = forms.ChoiceField(label=_("Currency"), choices=[(c, c) for c in CURRENCIES])

    def __init__(self, *args, removing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.removing = removing

    def clean(self):
        data = super().clean()
        if self.removing:
            data["amount"] = None
        elif data.get("amount") is None and "amount" not in self.errors:
            self.add_error(
                "amount",
                _("Give a price. To take this line off the rate card, use “Remove this line”."),
            )
        return data


GENDER_CHOICES = Gender.choices
AGE_CHOICES = [(a, a) for a in ("18-24", "25-34", "35-44", "45-54", "55+")]


class CountryCodesField(forms.CharField):
    """ "FR, be" → ["FR", "BE"]: ISO alpha-2 codes separated by commas."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 100)
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", _("ISO codes separated by commas, for example FR, BE."))
        super().__init__(**kwargs)

    def clean(self, value):
        text = super().clean(value)
        codes = [c.strip().upper() for c in text.split(",") if c.strip()]
        if any(len(c) != 2 or not c.isalpha() for c in codes):
            raise forms.ValidationError(_("Use two-letter country codes, for example FR."))
        return codes


class BrandFitForm(forms.Form):
    countries = CountryCodesField(label=_("Countries"))
    genders = forms.MultipleChoiceField(
        label=_("Genders"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=GENDER_CHOICES,
    )
    ages = forms.MultipleChoiceField(
        label=_("Ages"), required=False, widget=forms.CheckboxSelectMultiple, choices=AGE_CHOICES
    )


class ImportSettings(forms.Form):
    """What the user decides about a file beyond its rows (SPEC §9 Imports)."""

    duplicates = forms.ChoiceField(
        label=_("A handle or video id repeated in the file"),
        choices=Duplicates.choices,
        initial=Duplicates.REFUSE,
        required=False,  # not given: refuse (the safe default)
        widget=forms.RadioSelect,
    )
    snapshot_day = forms.DateField(
        label=_("Date of the file's figures (followers, likes)"),
        required=False,
        widget=DatePicker(),
        help_text=_(
            "When the file has no date column: the day it was made. Leave empty for today."
        ),
    )

    def clean_duplicates(self):
        return self.cleaned_data["duplicates"] or Duplicates.REFUSE


class ImportForm(ImportSettings):
    kind = forms.ChoiceField(label=_("What the file holds"), choices=ImportKind.choices)
    platform = forms.ChoiceField(
        label=_("Platform of the file's handles and figures"),
        choices=Platform.choices,
        initial=Platform.TIKTOK,
        required=False,  # not given: TikTok
        help_text=_(
            "Each platform's figures are kept apart: an Instagram file never changes "
            "TikTok followers."
        ),
    )
    file = forms.FileField(label=_("File"), help_text=_("CSV or JSON, UTF-8, up to 50 MB."))
    handle = forms.CharField(
        label=_("Creator handle (for payloads that do not name one)"),
        required=False,
        max_length=64,
    )
    field_order = ["kind", "platform", "file", "handle", "duplicates", "snapshot_day"]

    def clean_platform(self):
        return self.cleaned_data["platform"] or Platform.TIKTOK

    def clean(self):
        data = super().clean()
        if data.get("kind") == ImportKind.TIKTOK and data.get("platform") != Platform.TIKTOK:
            self.add_error("platform", _("A TikTok API payload holds TikTok figures."))
        return data

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.IMPORT_MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 50 MB."))
        try:
            text = upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise forms.ValidationError(_("The file is not UTF-8 text.")) from None
        if "\x00" in text:
            raise forms.ValidationError(_("The file contains NUL bytes: is it really text?"))
        return text


class MappingForm(ImportSettings):
    """The preview's column mapping: for each field, the column of this file it is read from
    (or none), pre-filled with what the import found by itself."""

    def __init__(self, *args, kind: str, columns: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("— not read —"))] + [
            (f"#{c['position']}", f"#{c['position']} {c['column']}") for c in columns
        ]
        found = {c["field"]: f"#{c['position']}" for c in columns if c["field"]}
        for name in FIELDS[kind]:
            self.fields[f"map_{name}"] = forms.ChoiceField(
                label=str(FEEDS[name]),
                choices=choices,
                required=False,
                initial=found.get(name, ""),
            )
        self.order_fields([f"map_{name}" for name in FIELDS[kind]])

    def mapped_fields(self):
        return [self[name] for name in self.fields if name.startswith("map_")]

    def setting_fields(self):
        return [self["duplicates"], self["snapshot_day"]]

    def mapping(self) -> dict[str, str]:
        """field → "#N" for every field given a column; "" (not read) for the others."""
        return {
            name.removeprefix("map_"): value
            for name, value in self.cleaned_data.items()
            if name.startswith("map_")
        }
