from django.urls import path

from accounts import lifecycle_views, views

app_name = "accounts"

urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("language/", views.switch_language, name="language"),
    path("invitation/<str:token>/", views.invitation, name="invitation"),
    path("team/", views.team, name="team"),
    path("data/", lifecycle_views.export_request, name="data-export"),
    path("data/<uuid:public_id>/", lifecycle_views.export_download, name="data-download"),
    path("close/", lifecycle_views.close, name="close"),
]
