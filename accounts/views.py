"""Sign-in, sign-up, profile, password reset, language, invitations and the team page.

Django's auth views do the work; these wrappers declare access, point them at our templates and
forms, and log sign-ins and failures to the security-event log.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView

from access import audit
from access.decorators import login_required, public, role_required
from access.models import SecurityEventKind
from accounts import actions, throttle
from accounts.forms import (
    EmailAuthenticationForm,
    EmailPasswordResetForm,
    InvitedSignUpForm,
    InviteForm,
    ProfileForm,
    SignUpForm,
)
from accounts.models import Invitation
from talentdesk.lib.client_ip import client_ip
from talentdesk.lib.errors import ActionError


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = EmailAuthenticationForm
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        email = request.POST.get("username", "")
        if throttle.is_locked(email, client_ip(request)):
            audit.security_event(SecurityEventKind.LOGIN_THROTTLED, email=email, request=request)
            form = self.get_form()
            form.errors.clear()
            form.add_error(
                None,
                _(
                    "Too many failed attempts. Try again in a few minutes, "
                    "or reset your password to sign in now."
                ),
            )
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        response = super().form_valid(form)
        audit.security_event(SecurityEventKind.LOGIN, user=form.get_user(), request=self.request)
        return response

    def form_invalid(self, form):
        email = self.request.POST.get("username", "")
        throttle.record_failure(email, client_ip(self.request))
        audit.security_event(SecurityEventKind.LOGIN_FAILED, email=email, request=self.request)
        return super().form_invalid(form)


login = public(LoginView.as_view())


@public
@require_POST
def logout(request):
    if request.user.is_authenticated:
        audit.security_event(SecurityEventKind.LOGOUT, user=request.user, request=request)
    return auth_views.LogoutView.as_view()(request)


password_reset = public(
    auth_views.PasswordResetView.as_view(
        form_class=EmailPasswordResetForm,
        template_name="accounts/password_reset.html",
        email_template_name="emails/password_reset.txt",
        html_email_template_name="emails/password_reset.html",
        subject_template_name="emails/password_reset_subject.txt",
        success_url=reverse_lazy("accounts:password-reset-sent"),
    )
)
password_reset_sent = public(
    auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_sent.html")
)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password-reset-done")

    def form_valid(self, form):
        throttle.clear(self.user.email)  # a reset is the documented way out of a lock
        return super().form_valid(form)


password_reset_confirm = public(PasswordResetConfirmView.as_view())
password_reset_done = public(
    auth_views.PasswordResetCompleteView.as_view(template_name="accounts/password_reset_done.html")
)
password_change = login_required(
    auth_views.PasswordChangeView.as_view(
        template_name="accounts/password_change.html", success_url=reverse_lazy("accounts:profile")
    )
)


@public
def signup(request):
    if request.user.is_authenticated:
        return redirect("home")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        actions.request_sign_up(
            name=form.cleaned_data["name"],
            email=form.cleaned_data["email"],
            language=request.LANGUAGE_CODE,
            base_url=request.build_absolute_uri("/")[:-1],
        )
        return redirect("accounts:signup-sent")
    return render(request, "accounts/signup.html", {"form": form})


signup_sent = public(TemplateView.as_view(template_name="accounts/signup_sent.html"))


class ActivateView(auth_views.PasswordResetConfirmView):
    """The link from the welcome e-mail: choose a password, then you are signed in."""

    template_name = "accounts/activate.html"
    post_reset_login = True
    post_reset_login_backend = "django.contrib.auth.backends.ModelBackend"
    success_url = reverse_lazy("home")

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("Welcome to talentdesk. Your account is ready."))
        return response


activate = public(ActivateView.as_view())


@login_required
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        actions.update_profile(request.user, actor=request.user, **form.cleaned_data)
        messages.success(request, _("Your profile was saved."))
        return redirect("accounts:profile")
    return render(request, "accounts/profile.html", {"form": form})


@public
@require_POST
def switch_language(request):
    """Switch the interface language; a signed-in user keeps the choice in their profile."""
    language = request.POST.get("language", "")
    next_url = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    if language not in dict(settings.LANGUAGES):
        return response
    if request.user.is_authenticated and request.user.language != language:
        actions.update_profile(request.user, actor=request.user, language=language)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=365 * 24 * 3600,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )
    return response


@public
def invitation(request, token):
    """An invitation link: sign up with the invited address, or sign in and accept."""
    try:
        invite = actions.invitation_from_token(token)
    except ActionError as error:
        if request.method == "POST":  # a GET stays read-only; a submitted bad link is logged
            audit.security_event(SecurityEventKind.INVITATION_INVALID, request=request)
        return render(request, "accounts/invitation_invalid.html", {"error": error}, status=400)
    user = request.user
    if not user.is_authenticated:
        if actions.account_exists(invite.email):
            login_url = reverse("accounts:login") + "?next=" + request.path
            return render(
                request, "accounts/invitation.html", {"invite": invite, "login_url": login_url}
            )
        form = InvitedSignUpForm(request.POST or None, email=invite.email)
        if request.method == "POST" and form.is_valid():
            user = actions.sign_up(
                name=form.cleaned_data["name"],
                email=invite.email,
                password=form.cleaned_data["password"],
                language=request.LANGUAGE_CODE,
            )
            auth_login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            return _accept(request, invite, user)
        return render(request, "accounts/invitation.html", {"invite": invite, "form": form})
    if request.method == "POST":
        return _accept(request, invite, user)
    return render(request, "accounts/invitation.html", {"invite": invite})


def _accept(request, invite: Invitation, user):
    try:
        membership = actions.accept_invitation(invite, user=user)
    except ActionError as error:
        return render(
            request, "accounts/invitation.html", {"invite": invite, "error": error}, status=400
        )
    request.session["active_role"] = (
        f"agency:{invite.agency.slug}" if invite.agency_id else f"brand:{invite.brand.slug}"
    )
    messages.success(
        request,
        _("You joined %(organisation)s as %(role)s.")
        % {"organisation": invite.organisation, "role": membership.get_role_display()},
    )
    return redirect("home")


@role_required("agency", "brand")
def team(request):
    """The members of the active agency or brand; owners and admins also invite here."""
    role = request.role
    organisation = role.agency or role.brand
    kind = role.kind
    members = organisation.memberships.select_related("user").order_by("role", "user__name")
    roles = actions.invitable_roles(organisation)
    form = InviteForm(request.POST or None, roles=roles)
    if request.method == "POST":
        if not role.is_admin:
            raise PermissionDenied
        if form.is_valid():
            try:
                actions.invite_member(
                    organisation,
                    actor=request.user,
                    email=form.cleaned_data["email"],
                    role=form.cleaned_data["role"],
                    base_url=request.build_absolute_uri("/")[:-1],
                )
            except ActionError as error:
                form.add_error(error.field, error.message)
            else:
                messages.success(
                    request,
                    _("Invitation sent to %(email)s.") % {"email": form.cleaned_data["email"]},
                )
                return redirect("accounts:team")
    pending = Invitation.objects.filter(
        **{kind: organisation}, accepted_at__isnull=True
    ).select_related("invited_by")
    context = {
        "organisation": organisation,
        "members": members,
        "form": form,
        "pending": [i for i in pending if not i.is_expired],
    }
    return render(request, "accounts/team.html", context)
