"""Small helpers shared by tests."""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def count_queries(func) -> int:
    with CaptureQueriesContext(connection) as context:
        func()
    return len(context.captured_queries)
