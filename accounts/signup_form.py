"""Kept apart from accounts/forms.py: allauth imports it while building its own forms."""

from django import forms
from django.utils.translation import gettext_lazy as _


class SignupDetailsForm(forms.Form):
    """What allauth's sign-up form asks besides the address and the password
    (ACCOUNT_SIGNUP_FORM_CLASS); AccountAdapter.save_user stores it."""

    name = forms.CharField(label=_("Full name"), max_length=150)

    field_order = ["name", "email", "password1"]

    def signup(self, request, user):
        """allauth calls this after saving the user; the adapter already set the name."""
