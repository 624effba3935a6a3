from django.urls import path

from campaigns import media_kit

app_name = "media_kit"

urlpatterns = [
    path("creators/<uuid:public_id>/", media_kit.kit_settings, name="settings"),
    path("<str:slug>/", media_kit.kit_page, name="kit"),
    path("<str:slug>/pdf/", media_kit.kit_pdf, name="kit-pdf"),
    path("<str:slug>/ask/", media_kit.ask_for_offer, name="ask"),
]
