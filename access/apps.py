from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccessConfig(AppConfig):
    name = "access"
    verbose_name = _("Access and audit")

    def ready(self):
        # The audit log subscribes to every domain event; the representation e-mails to its own.
        # audit_labels: how the activity page names this app's audited changes.
        from access import audit, audit_labels, subscribers  # noqa: F401
