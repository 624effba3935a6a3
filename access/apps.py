from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccessConfig(AppConfig):
    name = "access"
    verbose_name = _("Access and audit")

    def ready(self):
        # The audit log subscribes to every domain event; the representation e-mails to its own.
        from access import audit, subscribers  # noqa: F401
