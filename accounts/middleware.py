import zoneinfo

from django.utils import timezone, translation


class UserPreferencesMiddleware:
    """Shows a signed-in user's pages in their own language and time zone."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated:
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
            try:
                timezone.activate(zoneinfo.ZoneInfo(user.time_zone))
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                timezone.deactivate()
        else:
            timezone.deactivate()
        try:
            return self.get_response(request)
        finally:
            # The thread serves the next request (or a test, or a worker's task) next: it must
            # not inherit this request's language (the user's, or LocaleMiddleware's from
            # Accept-Language for an API token).
            translation.deactivate()
