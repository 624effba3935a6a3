from django.urls import path

from brands import views

app_name = "brands"

urlpatterns = [
    path("new/", views.brand_create, name="brand-create"),
    path("media-kits/", views.media_kit_consent, name="media-kit-consent"),
]
