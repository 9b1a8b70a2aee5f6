from django.urls import path

from optiimi.benchmark import views

app_name = "benchmark"
urlpatterns = [
    path("", views.index, name="index"),
    path("industry/<str:code>/", views.industry, name="industry"),
    path("company/<str:business_id>/", views.company, name="company"),
    path("joutsa/", views.joutsa, name="joutsa"),
    path("upload/", views.upload, name="upload"),
]
