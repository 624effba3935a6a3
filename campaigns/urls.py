from django.urls import path

from campaigns import exports, views

app_name = "campaigns"

urlpatterns = [
    path("campaigns/", views.campaigns, name="campaigns"),
    path("campaigns/new/", views.campaign_create, name="campaign-create"),
    path("campaigns/<uuid:public_id>/", views.campaign_detail, name="campaign"),
    path("offers/", views.offers, name="offers"),
    path("offers/export.<str:fmt>", exports.offers_export, name="offers-export"),
    path("offers/<uuid:public_id>/", views.offer_detail, name="offer"),
    path("offers/<uuid:public_id>/contract/", views.contract, name="contract"),
    path("offers/<uuid:public_id>/renewal/", views.renew, name="renew"),
    path(
        "offers/<uuid:public_id>/contract.<str:fmt>",
        views.contract_document,
        name="contract-document",
    ),
]
