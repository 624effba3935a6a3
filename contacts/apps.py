from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContactsConfig(AppConfig):
    name = "contacts"
    verbose_name = _("Brand contacts and off-platform deals")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from contacts import (
            audit_labels,  # noqa: F401 - the activity page's names of changes
            subscribers,  # noqa: F401 - e-mails to brand contacts
        )
