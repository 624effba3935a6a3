from allauth.account.forms import LoginForm as AllauthLoginForm
from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from accounts.models import User, normalize_email


class LoginForm(AllauthLoginForm):
    """allauth's sign-in form, labelled as our pages always were."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["login"].label = _("E-mail address")
        self.fields["login"].widget.attrs.update({"autofocus": True, "autocomplete": "email"})
        self.fields["login"].widget.attrs.pop("placeholder", None)
        self.fields["password"].widget.attrs.pop("placeholder", None)


class InvitedSignUpForm(forms.Form):
    """Sign-up from an invitation link: the link proves the address, so the password is set here."""

    name = forms.CharField(label=_("Full name"), max_length=150)
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )

    def __init__(self, *args, email, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self):
        data = super().clean()
        password = data.get("password")
        if password:
            candidate = User(email=self.email, name=data.get("name", ""))
            try:
                password_validation.validate_password(password, candidate)
            except forms.ValidationError as error:
                self.add_error("password", error)
        return data


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["name", "language", "time_zone", "email_notifications"]


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    role = forms.ChoiceField(label=_("Role"))

    def __init__(self, *args, roles, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = roles

    def clean_email(self):
        return normalize_email(self.cleaned_data["email"])
