from django.urls import path

from results import views

app_name = "results"

urlpatterns = [
    path("campaigns/<uuid:public_id>/results/", views.campaign_results, name="campaign"),
    path("campaigns/<uuid:public_id>/results/chart.svg", views.campaign_chart, name="chart"),
    path(
        "campaigns/<uuid:public_id>/results.<str:fmt>",
        views.campaign_export,
        name="campaign-export",
    ),
    path("offers/<uuid:public_id>/results/", views.deal_results, name="deal"),
    path("offers/<uuid:public_id>/results.<str:fmt>", views.deal_export, name="deal-export"),
]
