from django.apps import AppConfig


class BenchConfig(AppConfig):
    """The data generator and benchmark harness (`talentdesk bench ...`); no models."""

    name = "bench"
    verbose_name = "Benchmarks"
