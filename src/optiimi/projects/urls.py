from django.urls import path

from optiimi.projects import views

app_name = "projects"

urlpatterns = [
    path("", views.project_list, name="list"),
    path("new/", views.project_create, name="create"),
    path("<int:pk>/", views.project_detail, name="detail"),
    path("<int:pk>/edit/", views.project_edit, name="edit"),
    path("<int:pk>/consultations/", views.project_consultation, name="consultation"),
    path("<int:pk>/phase/", views.project_phase, name="phase"),
    path("experts/", views.experts, name="experts"),
    path("search/", views.search, name="search"),
]
