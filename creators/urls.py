from django.urls import path

from creators import my_numbers, views

app_name = "creators"

urlpatterns = [
    path("new/", views.profile_create, name="profile-create"),
    path("profile/", views.profile_edit, name="profile-edit"),
    path("verify/", views.handle_verify, name="handle-verify"),
    path("numbers/", my_numbers.my_numbers, name="my-numbers"),
    path("<uuid:public_id>/", views.creator_detail, name="creator"),
    path("<uuid:public_id>/rates/", views.creator_rate, name="creator-rate"),
    path("<uuid:public_id>/charts/<str:name>.svg", views.creator_chart, name="creator-chart"),
]
