from django.apps import AppConfig


class TalentdeskConfig(AppConfig):
    name = "talentdesk"
    verbose_name = "talentdesk"
