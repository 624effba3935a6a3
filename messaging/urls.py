from django.urls import path

from messaging import views

app_name = "messaging"

urlpatterns = [
    path("", views.notifications, name="notifications"),
    path("read/", views.mark_read, name="mark-read"),
    path("preferences/", views.notification_preferences, name="preferences"),
    path("inbox/", views.inbox, name="inbox"),
    path("calendar/", views.calendar, name="calendar"),
    path("calendar/<str:token>.ics", views.feed, name="feed"),
    path("offers/<uuid:public_id>/", views.thread, name="thread"),
    path("offers/<uuid:public_id>/unread", views.unread_badge, name="unread"),
    path("offers/<uuid:public_id>/read", views.thread_read, name="thread-read"),
    path(
        "offers/<uuid:public_id>/attachments/<int:message_id>",
        views.attachment,
        name="attachment",
    ),
]
