from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PipelineConfig(AppConfig):
    name = "pipeline"
    verbose_name = _("Agency pipeline")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Offer rules answer the offers that arrive (campaigns.events.OfferEvent).
        from pipeline import subscribers  # noqa: F401
