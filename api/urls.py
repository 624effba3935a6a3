from django.urls import path

from api import views

app_name = "integrations"

urlpatterns = [
    path("settings/tokens/", views.token_list, name="tokens"),
    path("settings/tokens/<uuid:public_id>/revoke/", views.token_revoke, name="token-revoke"),
    path("settings/webhooks/", views.webhook_list, name="webhooks"),
    path("settings/webhooks/<uuid:public_id>/", views.webhook_detail, name="webhook"),
    path("settings/webhooks/<uuid:public_id>/delete/", views.webhook_delete, name="webhook-delete"),
    path(
        "settings/webhooks/<uuid:public_id>/deliveries/<uuid:delivery_id>/resend/",
        views.webhook_resend,
        name="webhook-resend",
    ),
]
