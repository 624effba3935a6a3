from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.utils.translation import gettext_lazy as _

from accounts.models import User, normalize_email


class EmailAuthenticationForm(AuthenticationForm):
    """Django's login form, labelled for e-mail addresses and tolerant of their spelling."""

    username = forms.EmailField(
        label=_("E-mail address"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )
    error_messages = {
        "invalid_login": _("That e-mail address and password do not match an account."),
        "inactive": _("This account has been closed."),
    }

    def clean_username(self):
        return normalize_email(self.cleaned_data["username"])


class EmailPasswordResetForm(PasswordResetForm):
    def clean_email(self):
        return normalize_email(self.cleaned_data["email"])

    def get_users(self, email):
        """Also users who signed up but never chose a password: the link lets them choose one."""
        return User.objects.filter(email=normalize_email(email), is_active=True)


class SignUpForm(forms.Form):
    """Public sign-up asks only who you are: the password is chosen from the e-mailed link, so the
    answer is the same whether the address has an account or not."""

    name = forms.CharField(label=_("Full name"), max_length=150)
    email = forms.EmailField(
        label=_("E-mail address"), widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )

    def clean_email(self):
        return normalize_email(self.cleaned_data["email"])


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
