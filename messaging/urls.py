from django.urls import path

from messaging import views

app_name = "messaging"

urlpatterns = [
    path("", views.notifications, name="notifications"),
    path("read/", views.mark_read, name="mark-read"),
    path("offers/<uuid:public_id>/", views.thread, name="thread"),
    path("offers/<uuid:public_id>/unread", views.unread_badge, name="unread"),
    path("offers/<uuid:public_id>/read", views.thread_read, name="thread-read"),
]
