from django import forms
from django.utils.translation import gettext_lazy as _


class MessageForm(forms.Form):
    body = forms.CharField(label=_("Message"), max_length=5000,
                           widget=forms.Textarea(attrs={"rows": 3}))  # fmt: skip
    attachment = forms.FileField(
        label=_("Attachment (optional)"), required=False,
        help_text=_("A video or an image, checked like drafts."),
    )  # fmt: skip
