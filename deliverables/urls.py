from django.urls import path

from deliverables import views

app_name = "deliverables"

urlpatterns = [
    path("<uuid:public_id>/", views.deliverable_detail, name="deliverable"),
    path("<uuid:public_id>/drafts/<int:number>/file", views.draft_file, name="draft-file"),
]
