from django.urls import path

from talentdesk.lifecycle import views

app_name = "lifecycle"

urlpatterns = [
    path("data/", views.export_request, name="data-export"),
    path("data/<uuid:public_id>/", views.export_download, name="data-download"),
    path("close/", views.close, name="close"),
]
