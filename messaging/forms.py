from django import forms
from django.utils.translation import gettext_lazy as _

from messaging import preferences


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Message"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
    attachment = forms.FileField(
        label=_("Attachment (optional)"),
        required=False,
        help_text=_("A video or an image, checked like drafts."),
    )


class PreferencesForm(forms.Form):
    """One field per kind of notification; its values are the channels kept on."""

    def __init__(self, *args, initial_choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        channels = list(preferences.CHANNELS.items())
        for kind, (label, _events) in preferences.KINDS.items():
            initial = sorted((initial_choices or {}).get(kind, preferences.CHANNELS))
            self.fields[kind] = forms.MultipleChoiceField(
                label=label,
                choices=channels,
                required=False,
                initial=initial,
                widget=forms.CheckboxSelectMultiple,
            )

    def rows(self):
        """(kind, label, bound field) per kind, for the table."""
        return [(kind, label, self[kind]) for kind, (label, _events) in preferences.KINDS.items()]

    def choices(self) -> dict[str, set[str]]:
        return {kind: set(self.cleaned_data.get(kind) or []) for kind in preferences.KINDS}
