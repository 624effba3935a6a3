"""Profile, language, invitations and the team page. Sign-in, sign-up, password reset, e-mail
change, second factor and sessions are allauth's (accounts/allauth_urls.py)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from access import audit
from access.decorators import login_required, public, role_required
from access.models import SecurityEventKind
from access.roles import RoleKind
from accounts import actions
from accounts.forms import InvitedSignUpForm, InviteForm, ProfileForm
from accounts.models import DataExport, Invitation
from agencies.models import AgencyRole
from brands.models import BrandRole
from talentdesk.lib.errors import ActionError, refuse_if_not_allowed


@login_required
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        actions.update_profile(request.user, actor=request.user, **form.cleaned_data)
        messages.success(request, _("Your profile was saved."))
        return redirect("accounts:profile")
    latest_export = DataExport.objects.filter(user=request.user).first()  # "My data" section
    context = {"form": form, "latest_export": latest_export}
    return render(request, "accounts/profile.html", context)


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
            login_url = reverse("account_login") + "?next=" + request.path
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
            auth_login(request, user, backend="allauth.account.auth_backends.AuthenticationBackend")
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


def _organisation(role):
    return role.agency or role.brand


def _membership_or_404(role, membership_id):
    model, kind, _roles = actions._membership_model(_organisation(role))
    return get_object_or_404(
        model.objects.select_related("user"), pk=membership_id, **{kind: _organisation(role)}
    )


@role_required("agency", "brand")
def team(request):
    """The members of the active agency or brand; owners and admins also invite here, change a
    member's role, remove a member and send again or revoke an invitation."""
    role = request.role
    organisation = _organisation(role)
    kind = role.kind
    members = list(organisation.memberships.select_related("user").order_by("role", "user__name"))
    roles = actions.invitable_roles(organisation)
    default = AgencyRole.MANAGER if kind == RoleKind.AGENCY else BrandRole.MEMBER
    form = InviteForm(request.POST or None, roles=roles, initial={"role": default})
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
    pending = (
        list(
            Invitation.objects.filter(**{kind: organisation}, accepted_at__isnull=True)
            .select_related("invited_by")
            .order_by("email")
        )
        if role.is_admin
        else []
    )
    _model, _kind, all_roles = actions._membership_model(organisation)
    context = {
        "organisation": organisation,
        "members": members,
        "form": form,
        "pending": pending,
        "role_choices": all_roles.choices,
        "owners": sum(1 for m in members if m.role == "owner"),
    }
    return render(request, "accounts/team.html", context)


@role_required("agency", "brand", admin=True)
@require_POST
def member_role(request, membership_id):
    """Give a member another role (owners and admins; only an owner touches owners)."""
    membership = _membership_or_404(request.role, membership_id)
    try:
        membership = actions.change_member_role(
            membership,
            actor=request.user,
            by=request.role.membership,
            role=request.POST.get("role", ""),
        )
    except ActionError as error:
        refuse_if_not_allowed(error)
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("%(name)s is now %(role)s.")
            % {"name": membership.user, "role": membership.get_role_display()},
        )
    return redirect("accounts:team")


@role_required("agency", "brand", admin=True)
def member_remove(request, membership_id):
    """Confirm, then take a member off the team."""
    membership = _membership_or_404(request.role, membership_id)
    if request.method == "POST":
        try:
            actions.remove_member(membership, actor=request.user, by=request.role.membership)
        except ActionError as error:
            refuse_if_not_allowed(error)
            messages.error(request, error.message)
            return redirect("accounts:team")
        messages.success(
            request,
            _("%(name)s was removed from %(organisation)s.")
            % {"name": membership.user, "organisation": _organisation(request.role)},
        )
        if membership.user_id == request.user.pk:
            request.session.pop("active_role", None)
            return redirect("home")
        return redirect("accounts:team")
    return render(
        request,
        "accounts/member_remove.html",
        {"membership": membership, "organisation": _organisation(request.role)},
    )


@role_required("agency", "brand", admin=True)
@require_POST
def invitation_revoke(request, public_id):
    """Withdraw an invitation that has not been used: its link says it was cancelled."""
    role = request.role
    invitation = get_object_or_404(
        Invitation, public_id=public_id, **{role.kind: _organisation(role)}
    )
    try:
        actions.revoke_invitation(invitation, actor=request.user)
    except ActionError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("The invitation to %(email)s was revoked.") % {"email": invitation.email}
        )
    return redirect("accounts:team")
