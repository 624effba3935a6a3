from django.urls import path

from access import views

app_name = "access"

urlpatterns = [
    path("switch/", views.switch_role, name="role-switch"),
    path("managers/", views.my_managers, name="my-managers"),
    path("managers/request/", views.request_agency, name="request-agency"),
    path("managers/<uuid:public_id>/consent/", views.consent, name="consent"),
    path("managers/<uuid:public_id>/scopes/", views.change_scopes, name="scopes-change"),
    path("managers/<uuid:public_id>/revoke/", views.revoke, name="revoke"),
    path("managers/<uuid:public_id>/<str:verb>/", views.answer_proposal, name="proposal-answer"),
    path("activity/", views.activity, name="activity"),
    path("invitations/<str:token>/", views.creator_invitation, name="creator-invitation"),
]
