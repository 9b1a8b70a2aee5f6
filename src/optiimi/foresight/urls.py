from django.urls import path

from optiimi.foresight import views

app_name = "foresight"
urlpatterns = [
    path("", views.region_page, name="region"),
    path("import/", views.upload, name="upload"),
    path("series.csv", views.series_csv, name="series_csv"),
    path("<str:code>/", views.subregion_page, name="subregion"),
]
