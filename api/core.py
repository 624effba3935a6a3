"""What every API operation shares: authentication (bearer token or session with CSRF), the
error body, rate limits in the shared cache, and page-number pagination with stable order."""

import logging
from functools import wraps
from math import ceil

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _
from ninja import Field, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import HttpBearer, SessionAuth
from ninja.throttling import SimpleRateThrottle

from api import tokens
from talentdesk.lib.errors import ActionError

log = logging.getLogger("talentdesk.api")
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


# --- Authentication ------------------------------------------------------------------------
class TokenAuth(HttpBearer):
    """`Authorization: Bearer td_…`: the token's user, acting as the one hat it is limited to."""

    openapi_description = "A personal access token made on the API tokens page or with "
    "`talentdesk token create`."

    def authenticate(self, request, token):
        found = tokens.authenticate(token)
        if found is None:
            return None
        api_token, role = found
        if request.method not in SAFE_METHODS and api_token.scope != "write":
            raise PermissionDenied("read-only token")
        request.user, request.role, request.api_token = api_token.user, role, api_token
        return api_token


class BrowserSession(SessionAuth):
    """The signed-in browser session (CSRF token required on writes), acting as the active hat."""

    def authenticate(self, request, key):
        user = super().authenticate(request, key)
        if user is not None:
            request.api_token = None
        return user


AUTH = [TokenAuth(), BrowserSession()]


def signed_in_or_token(view):
    """The OpenAPI document and the interactive docs: for signed-in users and token holders."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        auth = request.headers.get("Authorization", "")
        if request.user.is_authenticated or (
            auth.lower().startswith("bearer ") and tokens.authenticate(auth[7:].strip())
        ):
            return view(request, *args, **kwargs)
        return redirect_to_login(request.get_full_path())

    return wrapper


def principal(request) -> str:
    token = getattr(request, "api_token", None)
    if token is not None:
        return f"token:{token.pk}"
    return f"user:{request.user.pk}"


# --- Rate limits ------------------------------------------------------------------------------
class CallerRateThrottle(SimpleRateThrottle):
    """API_RATE_LIMIT requests per caller (token, or user for the session), counted in the
    shared cache (database or Redis) so every app process sees the same figure."""

    scope = "api"
    cache_format = "api-rate:%(ident)s"

    def __init__(self):
        super().__init__(rate=settings.API_RATE_LIMIT)

    def allow_request(self, request):
        self.rate = settings.API_RATE_LIMIT  # read each time: settings can change in tests
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request)

    def get_cache_key(self, request):
        if not getattr(request, "auth", None):
            return None
        return self.cache_format % {"ident": principal(request)}

    def wait(self):
        # Until the oldest counted request leaves the window: the honest Retry-After.
        if not self.history:
            return self.duration
        return max(1, ceil(self.duration - (self.now - self.history[-1])))


# --- Errors -----------------------------------------------------------------------------------
class ErrorOut(Schema):
    code: str = Field(..., examples=["not_found"])
    message: str
    fields: dict[str, list[str]] = Field(default_factory=dict)


# 413 and 414 come from the upload limit and the HTTP server in front (too long a URL).
ERROR_CODES = (400, 401, 403, 404, 409, 413, 414, 422, 429)


def responses(status: int, schema) -> dict:
    """The documented responses of an operation: its success and every error it may answer."""
    return {status: schema, **dict.fromkeys(ERROR_CODES, ErrorOut)}


HTTP_CODES = {
    400: "bad_request",
    401: "unauthenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    422: "invalid",
    429: "rate_limited",
}
MESSAGES = {
    400: "The request could not be read.",
    401: "Send a valid token: Authorization: Bearer <token>, or sign in.",
    403: "You are not allowed to do this.",
    404: "Not found.",
    429: "Too many requests: wait as Retry-After says.",
}


def error(api, request, status: int, code: str, message: str, fields=None):
    body = {"code": code, "message": str(message), "fields": fields or {}}
    return api.create_response(request, body, status=status)


LOCATIONS = ("body", "query", "path", "header", "form", "file")


def _field_name(loc) -> str:
    # The location comes first: only there is "file" or "body" not a field's own name.
    parts = [str(p) for p in loc]
    if parts and parts[0] in LOCATIONS:
        parts = parts[1:]
    parts = [p for p in parts if p not in LOCATIONS[:-1] and p not in ("payload", "data")]
    return ".".join(parts) or "__all__"


def install_error_handlers(api):
    @api.exception_handler(ValidationError)
    def on_validation(request, exc):
        if getattr(request, "upload_too_large", False):
            # The upload was stopped while streaming (talentdesk.lib.uploads): its file is
            # missing, which is not what the caller needs to hear.
            message = _("The file is larger than the upload limit.")
            return error(api, request, 413, "too_large", message, {"file": [message]})
        fields = {}
        for item in exc.errors:
            fields.setdefault(_field_name(item.get("loc", ())), []).append(str(item.get("msg")))
        return error(api, request, 422, "invalid", "Some fields are not valid.", fields)

    @api.exception_handler(AuthenticationError)
    def on_auth(request, exc):
        return error(api, request, 401, "unauthenticated", MESSAGES[401])

    @api.exception_handler(HttpError)
    def on_http(request, exc):
        status = exc.status_code
        message = MESSAGES.get(status) or str(exc)
        return error(api, request, status, HTTP_CODES.get(status, "error"), message)

    @api.exception_handler(Http404)
    def on_404(request, exc):
        return error(api, request, 404, "not_found", MESSAGES[404])  # same body, exists or not

    @api.exception_handler(PermissionDenied)
    def on_403(request, exc):
        message = str(exc) or MESSAGES[403]  # the permission decision's reason, when it gave one
        if str(exc) == "read-only token":
            message = "This token is read-only: make a write token to change things."
        return error(api, request, 403, "forbidden", message)

    @api.exception_handler(ActionError)
    def on_action(request, exc):
        fields = {exc.field: [str(exc.message)]} if exc.field else {}
        status = {"not_allowed": 403, "invalid": 422, "too_large": 413, "storage_full": 507}.get(
            exc.code, 409
        )
        return error(api, request, status, exc.code, exc.message, fields)

    @api.exception_handler(MultiPartParserError)
    def on_bad_multipart(request, exc):
        return error(api, request, 400, "bad_request", MESSAGES[400])

    @api.exception_handler(Exception)
    def on_crash(request, exc):
        log.exception("API error on %s %s", request.method, request.path)
        return error(api, request, 500, "server_error", "Something went wrong on our side.")


# --- Pagination -------------------------------------------------------------------------------
MAX_PAGE = 10_000


class Page[T](Schema):
    count: int
    page: int
    page_size: int
    next: str | None
    previous: str | None
    results: list[T]


class PageQuery(Schema):
    page: int = Field(1, ge=1, le=MAX_PAGE)
    page_size: int = Field(50, ge=1, le=100)


def paginate(request, qs, query: PageQuery, convert=None) -> dict:
    """One page of an ordered queryset (the caller orders it, ending with a unique key)."""
    count = qs.count()
    start = (query.page - 1) * query.page_size
    rows = list(qs[start : start + query.page_size])
    if convert is not None:
        rows = convert(rows)

    def link(page):
        params = request.GET.copy()
        params["page"] = page
        return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")

    return {
        "count": count,
        "page": query.page,
        "page_size": query.page_size,
        "next": link(query.page + 1) if start + query.page_size < count else None,
        "previous": link(query.page - 1) if query.page > 1 else None,
        "results": rows,
    }
