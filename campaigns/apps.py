from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "campaigns"
    verbose_name = _("Campaigns and offers")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from campaigns import audit_labels  # noqa: F401 - the activity page's names of changes
