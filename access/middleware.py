from django.utils.functional import SimpleLazyObject

from access.roles import active_role, roles_for


class ActiveRoleMiddleware:
    """Puts `request.roles` (every hat) and `request.role` (the active one) on the request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.roles = SimpleLazyObject(lambda: roles_for(request.user))
        request.role = SimpleLazyObject(lambda: active_role(request))
        return self.get_response(request)
