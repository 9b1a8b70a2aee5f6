from django.urls import path

from optiimi.guidance import views

app_name = "guidance"

urlpatterns = [
    path("", views.index, name="index"),
    path("study/", views.study, name="study"),
    path("crosswalk/", views.crosswalk, name="crosswalk"),
    path("provider/", views.provider, name="provider"),
    path("<str:code>/", views.subregion, name="subregion"),
]
