"""Project-wide middleware that belongs to no single app."""

from django.utils.cache import add_never_cache_headers


class NoStoreForUsersMiddleware:
    """Pages shown to a signed-in user are never kept by browsers or proxies (ASVS 14.2)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.user.is_authenticated and "Cache-Control" not in response:
            add_never_cache_headers(response)
        return response
