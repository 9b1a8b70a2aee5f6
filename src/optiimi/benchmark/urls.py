from django.urls import path

from optiimi.benchmark import views

app_name = "benchmark"
urlpatterns = [
    path("", views.index, name="index"),
    path("industry/<str:code>/", views.industry, name="industry"),
    path("company/<str:business_id>/", views.company, name="company"),
    path("cohorts/", views.cohort_list, name="cohorts"),
    path("cohorts/new/", views.cohort_create, name="cohort_create"),
    path("cohorts/<int:pk>/", views.cohort, name="cohort"),
    path("cohorts/<int:pk>/edit/", views.cohort_edit, name="cohort_edit"),
    path("cohorts/<int:pk>/recompute/", views.cohort_recompute, name="cohort_recompute"),
    path("joutsa/", views.joutsa, name="joutsa"),
    path("upload/", views.upload, name="upload"),
]
