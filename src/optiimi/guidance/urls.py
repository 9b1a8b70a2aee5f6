from django.urls import path

from optiimi.guidance import views

app_name = "guidance"

urlpatterns = [
    path("", views.index, name="index"),
    path("study/", views.study, name="study"),
    path("calendar/", views.calendar, name="calendar"),
    path("crosswalk/", views.crosswalk, name="crosswalk"),
    path("survey/<str:token>/", views.survey, name="survey"),
    path("provider/", views.provider, name="provider"),
    path("clients/", views.clients, name="clients"),
    path("clients/new/", views.client_create, name="client_create"),
    path("clients/<int:pk>/", views.client, name="client"),
    path("clients/<int:pk>/refer/", views.client_refer, name="client_refer"),
    path("clients/<int:pk>/complete/", views.client_complete, name="client_complete"),
    path("referrals/<int:rid>/accept/", views.client_accept, name="client_accept"),
    path("referrals/<int:rid>/decline/", views.client_decline, name="client_decline"),
    path("<str:code>/", views.subregion, name="subregion"),
]
