from django.urls import path

from messaging import views

app_name = "messaging"

urlpatterns = [
    path("", views.notifications, name="notifications"),
    path("read/", views.mark_read, name="mark-read"),
]
