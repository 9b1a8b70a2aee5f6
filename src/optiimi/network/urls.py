from django.urls import path

from optiimi.network import access, views

app_name = "network"
urlpatterns = [
    path("organisations/", views.organisation_list, name="organisations"),
    path("organisations/new/", views.organisation_create, name="organisation_create"),
    path("organisations/<int:pk>/", views.organisation_detail, name="organisation"),
    path("organisations/<int:pk>/edit/", views.organisation_edit, name="organisation_edit"),
    path("people/", views.person_list, name="people"),
    path("people/new/", views.person_create, name="person_create"),
    path("people/<int:pk>/", views.person_detail, name="person"),
    path("people/<int:pk>/edit/", views.person_edit, name="person_edit"),
    path("people/<int:pk>/export/", views.person_export, name="person_export"),
    path("people/<int:pk>/erase/", views.person_erase, name="person_erase"),
    path("competences/", views.competence_list, name="competences"),
    path("competences/new/", access.competence_create, name="competence_create"),
    path("competences/<int:pk>/edit/", access.competence_edit, name="competence_edit"),
    path("competences/proposed/", access.competence_proposals, name="competence_proposals"),
    path(
        "competences/proposed/<int:pk>/<str:action>/",
        access.competence_proposal,
        name="competence_proposal",
    ),
    path("users/", access.user_list, name="users"),
    path("users/new/", access.user_create, name="user_create"),
    path("users/<int:pk>/", access.user_detail, name="user"),
]
