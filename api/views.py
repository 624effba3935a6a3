"""Pages for personal access tokens and webhook endpoints (the API itself is api/main.py)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from access.decorators import login_required, role_required
from accounts.decorators import second_factor_again
from api import actions, webhooks
from api.forms import TokenForm, WebhookForm
from api.models import ApiToken, WebhookDelivery
from talentdesk.lib.errors import ActionError

NEW_TOKEN = "api-new-token"  # session keys holding what is shown once after the redirect
NEW_ENDPOINT = "api-new-endpoint"


@login_required
@second_factor_again
def token_list(request):
    """Your tokens (prefix, scope, hat, expiry, last use) and the form to make one. A new
    token's value rides the session to the page after the redirect and is dropped there: shown
    once, and reloading the page cannot make a second token."""
    form = TokenForm(request.POST or None, roles=request.roles)
    if request.method == "POST" and form.is_valid():
        try:
            token, raw = actions.create_token(request.user, **form.cleaned_data)
        except ActionError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            request.session[NEW_TOKEN] = [str(token.public_id), raw]
            return redirect("integrations:tokens")
    created = None
    if request.method == "GET" and NEW_TOKEN in request.session:
        public_id, raw = request.session.pop(NEW_TOKEN)
        token = ApiToken.objects.filter(user=request.user, public_id=public_id).first()
        created = {"token": token, "raw": raw} if token else None
    rows = ApiToken.objects.filter(user=request.user)
    page = Paginator(rows, 25).get_page(request.GET.get("page"))
    return render(request, "api/tokens.html", {"form": form, "page": page, "created": created})


@login_required
@require_POST
def token_revoke(request, public_id):
    token = ApiToken.objects.filter(user=request.user, public_id=public_id).first()
    if token is None:
        raise Http404
    actions.revoke_token(token, actor=request.user)
    messages.success(
        request,
        _("Token %(prefix)s… is revoked: it stops working at once.") % {"prefix": token.prefix},
    )
    return redirect("integrations:tokens")


@role_required("agency", "brand", admin=True)
def webhook_list(request):
    """The organisation's endpoints; a new endpoint's signing secret is shown once."""
    form = WebhookForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            endpoint = actions.create_endpoint(
                request.role, actor=request.user, **form.cleaned_data
            )
        except ActionError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            request.session[NEW_ENDPOINT] = str(endpoint.public_id)
            return redirect("integrations:webhooks")
    created = None
    if request.method == "GET" and NEW_ENDPOINT in request.session:
        public_id = request.session.pop(NEW_ENDPOINT)
        created = webhooks.endpoints_of(request.role).filter(public_id=public_id).first()
    endpoints = webhooks.endpoints_of(request.role)
    return render(
        request, "api/webhooks.html", {"form": form, "endpoints": endpoints, "created": created}
    )


def _endpoint(request, public_id):
    endpoint = webhooks.endpoints_of(request.role).filter(public_id=public_id).first()
    if endpoint is None:
        raise Http404
    return endpoint


@role_required("agency", "brand", admin=True)
def webhook_detail(request, public_id):
    """One endpoint's delivery log, newest first, with a re-send button on each delivery."""
    endpoint = _endpoint(request, public_id)
    rows = WebhookDelivery.objects.filter(endpoint=endpoint).order_by("-created_at", "-id")
    page = Paginator(rows, 30).get_page(request.GET.get("page"))
    return render(request, "api/webhook.html", {"endpoint": endpoint, "page": page})


@role_required("agency", "brand", admin=True)
@require_POST
def webhook_delete(request, public_id):
    endpoint = _endpoint(request, public_id)
    actions.delete_endpoint(endpoint, role=request.role, actor=request.user)
    messages.success(request, _("The endpoint was removed."))
    return redirect("integrations:webhooks")


@role_required("agency", "brand", admin=True)
@require_POST
def webhook_resend(request, public_id, delivery_id):
    endpoint = _endpoint(request, public_id)
    delivery = WebhookDelivery.objects.filter(endpoint=endpoint, public_id=delivery_id).first()
    if delivery is None:
        raise Http404
    actions.resend_delivery(delivery, role=request.role, actor=request.user)
    messages.success(request, _("Sent again: the new attempt is at the top of the log."))
    return redirect("integrations:webhook", public_id=endpoint.public_id)
