"""allauth's TikTok provider, used for one thing: a signed-in creator proves she owns her TikTok
handle ("Verify with TikTok", the connect flow). Nobody signs in or up with TikTok here, and
allauth keeps no social account or token: what TikTok confirmed goes through
`creators.actions.verify_handle`, and the creator lands back on the verification page."""

import logging

from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.models import SocialApp
from allauth.socialaccount.providers.base import AuthError, AuthProcess
from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from access import audit
from access.models import SecurityEventKind
from creators import actions
from creators.models import CreatorProfile
from talentdesk.lib.errors import ActionError

PROVIDER = "tiktok"
logger = logging.getLogger(__name__)


def tiktok_configured(request=None) -> bool:
    """Whether this installation has a TikTok app (TIKTOK_CLIENT_KEY and _SECRET)."""
    return bool(DefaultSocialAccountAdapter().list_apps(request, provider=PROVIDER))


def _back(request, level, message):
    messages.add_message(request, level, message)
    return ImmediateHttpResponse(redirect("creators:handle-verify"))


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def is_open_for_signup(self, request, sociallogin) -> bool:
        return False  # accounts are made with an e-mail address (docs/accounts.md)

    def get_app(self, request, provider, client_id=None):
        """No TikTok app configured: the verification page says so (instead of a 500)."""
        try:
            return super().get_app(request, provider, client_id=client_id)
        except SocialApp.DoesNotExist:
            if request is None or provider != PROVIDER:
                raise
            message = _("Verification with TikTok is not set up here.")
            raise _back(request, messages.ERROR, message) from None

    def pre_social_login(self, request, sociallogin) -> None:
        """TikTok answered for an account: verify the signed-in creator's handle with it, then
        stop (allauth stores nothing)."""
        if sociallogin.account.provider != PROVIDER:
            return
        user = request.user
        if sociallogin.state.get("process") != AuthProcess.CONNECT or not user.is_authenticated:
            raise _back(request, messages.ERROR, _("TikTok only verifies a handle here."))
        profile = CreatorProfile.objects.filter(user=user).first()
        if profile is None:
            messages.error(request, _("Set up your creator profile first."))
            raise ImmediateHttpResponse(redirect("creators:profile-create"))
        account = sociallogin.account
        try:
            profile = actions.verify_handle(
                profile,
                actor=user,
                handle=account.extra_data.get("username") or "",
                account_id=account.uid,
            )
        except ActionError as error:
            raise _back(request, messages.ERROR, error.message) from None
        raise _back(
            request,
            messages.SUCCESS,
            _("TikTok confirmed that %(handle)s is yours: your handle is verified.")
            % {"handle": profile.at_handle},
        )

    def on_authentication_error(
        self, request, provider, error=None, exception=None, extra_context=None
    ) -> None:
        """TikTok refused, failed or was cancelled: back to the page with a plain sentence; the
        security-event log records the attempt, the server log TikTok's reason."""
        if getattr(provider, "id", None) != PROVIDER:
            return
        audit.security_event(
            SecurityEventKind.HANDLE_VERIFY_FAILED, user=request.user, request=request
        )
        logger.warning("TikTok verification failed: %s %r", error, exception)
        if error == AuthError.CANCELLED:
            raise _back(request, messages.INFO, _("Verification cancelled: nothing changed."))
        raise _back(
            request,
            messages.ERROR,
            _("TikTok did not confirm the account, so nothing was verified. Try again later."),
        )
