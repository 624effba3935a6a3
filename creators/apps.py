from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CreatorsConfig(AppConfig):
    name = "creators"
    verbose_name = _("Creators")

    def ready(self):
        # audit_labels: the activity page's names of changes; subscribers: the e-mail to a
        # creator whose unverified handle its verified owner took back.
        from creators import audit_labels, subscribers  # noqa: F401
