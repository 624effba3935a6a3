"""Every view declares who may open it, with one of these decorators.

`tests/access/test_every_view_declares_access.py` walks all URL patterns and fails on a view
without a declaration. Object-level checks then go through each app's
`get_<model>_for_user` and the permission decision (`access.permissions`).
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404

ATTRIBUTE = "access_rule"


def _declare(view, rule: str):
    setattr(view, ATTRIBUTE, rule)
    return view


def public(view):
    """Open to anyone, signed in or not (login, sign-up, invitation links, error pages)."""
    return _declare(view, "public")


def login_required(view):
    """Any signed-in user, whatever hat they wear."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return _declare(wrapper, "login")


def role_required(*kinds: str, admin: bool = False):
    """A signed-in user whose active hat is one of `kinds`; with admin=True, an owner/admin there.

    Any other user gets 404, as for an object out of reach: the page does not exist for them.
    A member who is not an admin there gets 403.
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            role = request.role
            if not role or role.kind not in kinds:
                raise Http404
            if admin and not role.is_admin:
                raise PermissionDenied
            return view(request, *args, **kwargs)

        rule = "role:" + "|".join(kinds) + (":admin" if admin else "")
        return _declare(wrapper, rule)

    return decorator
