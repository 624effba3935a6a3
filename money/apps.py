from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MoneyConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "money"
    verbose_name = _("Money")

    def ready(self):
        # audit_labels: how the activity page names this app's audited changes.
        from money import audit_labels, subscribers  # noqa: F401
