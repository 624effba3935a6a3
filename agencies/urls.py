from django.urls import path

from agencies import views

app_name = "agencies"

urlpatterns = [
    path("new/", views.agency_create, name="agency-create"),
]
