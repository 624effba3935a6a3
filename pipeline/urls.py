from django.urls import path

from pipeline import views

app_name = "pipeline"

urlpatterns = [
    path("creator/<uuid:public_id>/rules/", views.rules, name="rules"),
    path("creator/<uuid:public_id>/notes/", views.creator_notes, name="creator-notes"),
    path("creator/<uuid:public_id>/benchmarks/", views.creator_benchmarks, name="benchmarks"),
    path("offers/<uuid:public_id>/notes/", views.offer_notes, name="offer-notes"),
    path("tasks/<uuid:public_id>/done/", views.task_done, name="task-done"),
]
