"""The REST API, /api/v1/: one NinjaAPI with its routers, auth, rate limit and error body.

Every operation reads through the apps' `get_<model>_for_user` helpers and the permission
decision (access.permissions), and writes through the apps' actions, exactly as the pages do,
so the API can never do what the UI forbids.
"""

from ninja import NinjaAPI

from access.decorators import ATTRIBUTE
from api.core import AUTH, CallerRateThrottle, install_error_handlers, signed_in_or_token
from api.routes import account, content, deals, earnings, imports, invoices, people

api = NinjaAPI(
    title="talentdesk API",
    version="1",
    description=(
        "Everything the talentdesk pages do, for agencies' and brands' own tools. "
        "Authenticate with `Authorization: Bearer <token>` (a personal access token) or the "
        "browser session. Errors answer `{code, message, fields}`; creating requests accept an "
        "`Idempotency-Key` header. See docs/api.md."
    ),
    auth=AUTH,
    throttle=[CallerRateThrottle()],
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
    docs_decorator=signed_in_or_token,
)
install_error_handlers(api)
api.add_router("", people.router)
api.add_router("", deals.router)
api.add_router("", content.router)
api.add_router("", account.router)
api.add_router("", imports.router)
api.add_router("", earnings.router)
api.add_router("", invoices.router)


def urls():
    """The API's URL patterns, each declaring its access rule for the view-walking test: every
    operation requires AUTH (tests/api/test_access_matrix.py walks them all)."""
    patterns, app_name, namespace = api.urls
    for pattern in patterns:
        setattr(pattern.callback, ATTRIBUTE, "api")
    return patterns, app_name, namespace
