import re

from django import forms
from django.utils.translation import gettext_lazy as _

from deliverables.actions import MAX_VIEWS
from deliverables.transitions import FeedbackKind


class DraftForm(forms.Form):
    file = forms.FileField(label=_("Video or image"), required=False)
    link = forms.URLField(label=_("Or a link"), required=False, assume_scheme="https")
    caption = forms.CharField(
        label=_("Caption"),
        required=False,
        max_length=2200,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    notes = forms.CharField(
        label=_("Notes for the brand"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class FeedbackForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Your review"), choices=FeedbackKind.choices, initial=FeedbackKind.COMMENT
    )
    at = forms.CharField(label=_("At (m:ss, optional)"), required=False, max_length=8)
    body = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean_at(self):
        value = self.cleaned_data["at"].strip()
        if not value:
            return None
        match = re.fullmatch(r"(\d{1,3}):([0-5]\d)", value)
        if not match:
            raise forms.ValidationError(_("Write the time as minutes:seconds, like 0:12."))
        return int(match[1]) * 60 + int(match[2])

    def clean(self):
        data = super().clean()
        needs_body = data.get("kind") in (FeedbackKind.COMMENT, FeedbackKind.CHANGES)
        if needs_body and not data.get("body"):
            self.add_error("body", _("Say what to change or comment on."))
        return data


class PostedForm(forms.Form):
    url = forms.URLField(label=_("TikTok video address"), max_length=300, assume_scheme="https")
    first_views = forms.IntegerField(
        label=_("Views so far (optional)"), required=False, min_value=0, max_value=MAX_VIEWS
    )
    caption = forms.CharField(
        label=_("Caption as posted"),
        required=False,
        max_length=2200,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Checked for the brief's hashtags and mentions and an ad disclosure until the "
            "video is imported."
        ),
    )
