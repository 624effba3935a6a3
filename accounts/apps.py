from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        # allauth's signals write the security-event log and the audit log.
        from accounts import signals  # noqa: F401
