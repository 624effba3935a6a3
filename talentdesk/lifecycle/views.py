""" "Download my data" and "Close my account" (docs/accounts.md). Each view is the user's own:
nobody else's export or account is reachable from here."""

from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from access.decorators import login_required
from accounts.models import DataExport, DataExportStatus
from talentdesk.lib.errors import ActionError
from talentdesk.lifecycle import closure, exports


def get_export_for_user(user, public_id) -> DataExport:
    """The user's own export, else 404 (another user's export does not exist for them)."""
    export = DataExport.objects.filter(public_id=public_id, user=user).first()
    if export is None:
        raise Http404
    return export


def latest_export(user) -> DataExport | None:
    """What the account page says about the last copy asked for."""
    return DataExport.objects.filter(user=user).first()


@login_required
@require_POST
def export_request(request):
    try:
        exports.request_data_export(
            request.user, actor=request.user, base_url=request.build_absolute_uri("/")[:-1]
        )
    except ActionError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("We are preparing a copy of your data. We will e-mail you a link when it is ready."),
        )
    return redirect("accounts:profile")


@login_required
def export_download(request, public_id):
    export = get_export_for_user(request.user, public_id)
    if export.status != DataExportStatus.READY or not export.file or export.is_expired:
        if export.file and export.is_expired:
            export.file.delete(save=True)  # an expired copy is not kept
        return render(request, "accounts/data_export_gone.html", {"export": export}, status=410)
    name = f"talentdesk-data-{export.created_at:%Y-%m-%d}.zip"
    return FileResponse(
        export.file.open("rb"), as_attachment=True, filename=name, content_type="application/zip"
    )


class CloseAccountForm(forms.Form):
    password = forms.CharField(
        label=gettext_lazy("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    confirm = forms.BooleanField(
        label=gettext_lazy("I understand that closing my account cannot be undone."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("That is not your password."))
        return password


@login_required
def close(request):
    """The confirmation step: what closing does, then the password and an explicit yes."""
    blockers = closure.closure_blockers(request.user)
    form = CloseAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and not blockers and form.is_valid():
        try:
            closure.close_account(request.user, actor=request.user)
        except ActionError as error:
            form.add_error(None, error.message)
        else:
            logout(request)
            return render(request, "accounts/closed.html")
    context = {"form": form, "blockers": blockers, "latest_export": latest_export(request.user)}
    return render(request, "accounts/close.html", context, status=409 if blockers else 200)
