from django.urls import path

from access import views

app_name = "access"

urlpatterns = [
    path("switch/", views.switch_role, name="role-switch"),
]
