"""The framework floor: a bare view behind the full middleware stack, doing no SQL. Routed only
when BENCH_FLOOR is on (the benchmark server), so production has no such URL."""

from django.http import HttpResponse

from access.decorators import public


@public
def floor(request):
    return HttpResponse(b"ok", content_type="text/plain")
