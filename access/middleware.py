from django.utils.functional import SimpleLazyObject

from access import audit
from access.hats import roles_for
from access.models import SecurityEventKind
from access.roles import active_role


class ActiveRoleMiddleware:
    """Puts `request.roles` (every hat) and `request.role` (the active one) on the request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.roles = SimpleLazyObject(lambda: roles_for(request.user))
        request.role = SimpleLazyObject(lambda: active_role(request))
        return self.get_response(request)


class RefusalLogMiddleware:
    """Every refused write by a signed-in user (403, or 404 for what is out of their reach)
    goes to the security-event log: with the path and the user, never the target's name, and
    never into a tenant's audit chain (SPEC §9 Audit)."""

    WRITES = {"POST", "PUT", "PATCH", "DELETE"}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        refused = response.status_code in (403, 404) and request.method in self.WRITES
        if refused and request.user.is_authenticated:
            audit.security_event(
                SecurityEventKind.ACCESS_DENIED, user=request.user, request=request
            )
        return response
