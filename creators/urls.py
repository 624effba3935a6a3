from django.urls import path

from creators import views

app_name = "creators"

urlpatterns = [
    path("new/", views.profile_create, name="profile-create"),
    path("profile/", views.profile_edit, name="profile-edit"),
]
