from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeliverablesConfig(AppConfig):
    name = "deliverables"
    verbose_name = _("Deliverables and feedback")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Deliverables are made when a contract is sealed; the deal follows them.
        # audit_labels: how the activity page names this app's audited changes.
        from deliverables import audit_labels, subscribers  # noqa: F401
