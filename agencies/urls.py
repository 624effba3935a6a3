from django.urls import path

from agencies import clauses_views, exports, import_views, views

app_name = "agencies"

urlpatterns = [
    path("new/", views.agency_create, name="agency-create"),
    path("roster/", views.roster, name="roster"),
    path("settings/contract-clauses/", clauses_views.contract_clauses, name="contract-clauses"),
    path("roster/export.<str:fmt>", exports.roster_export, name="roster-export"),
    path("imports/", import_views.imports, name="imports"),
    path("imports/sample/<slug:kind>/", import_views.import_sample, name="import-sample"),
    path("imports/<uuid:public_id>/", import_views.import_job, name="import"),
    path(
        "team/<int:membership_id>/assistant/",
        views.assistant_permission,
        name="assistant-permission",
    ),
    path("roster/invite/", views.invite_creator, name="creator-invite"),
    path(
        "roster/invitations/<uuid:public_id>/revoke/",
        views.revoke_creator_invitation,
        name="creator-invitation-revoke",
    ),
    # A representation's pages (the creator page is the creators app's: creators:creator).
    path("representations/<uuid:public_id>/remove/", views.remove_creator, name="creator-remove"),
    path("representations/<uuid:public_id>/team/", views.assign_team, name="creator-team"),
    path(
        "proposals/<uuid:public_id>/<str:verb>/",
        views.answer_proposal,
        name="proposal-answer",
    ),
]
