from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("language/", views.switch_language, name="language"),
    path("invitation/<str:token>/", views.invitation, name="invitation"),
    path("team/", views.team, name="team"),
]
