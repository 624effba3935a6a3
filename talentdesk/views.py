"""The home dispatcher, the health check and the branded error pages."""

from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views import defaults

from access.decorators import login_required, public
from access.roles import RoleKind


@login_required
def home(request):
    """Each hat has its own home; a user with no hat yet is shown how to start."""
    role = request.role
    if not role:
        return render(request, "home/onboarding.html")
    if role.kind == RoleKind.AGENCY:
        from agencies.views import agency_home

        return agency_home(request)
    if role.kind == RoleKind.BRAND:
        from brands.views import brand_home

        return brand_home(request)
    from creators.views import creator_home

    return creator_home(request)


@public
def healthz(request):
    """200 when the database answers a `SELECT 1`, 503 while it is away (for load balancers and
    `make faults`); the connection is dropped on failure so the next check reconnects."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        connection.close_if_unusable_or_obsolete()
        return JsonResponse({"status": "database unavailable"}, status=503)
    return JsonResponse({"status": "ok"})


@public
def bad_request(request, exception):
    return defaults.bad_request(request, exception, template_name="errors/400.html")


@public
def permission_denied(request, exception):
    return defaults.permission_denied(request, exception, template_name="errors/403.html")


@public
def page_not_found(request, exception):
    return defaults.page_not_found(request, exception, template_name="errors/404.html")


@public
def server_error(request):
    return defaults.server_error(request, template_name="errors/500.html")
