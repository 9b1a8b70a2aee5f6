from django.urls import path

from optiimi.foresight import views

app_name = "foresight"
urlpatterns = [
    path("", views.region_page, name="region"),
    path("import/", views.upload, name="upload"),
    path("series.csv", views.series_csv, name="series_csv"),
    path("barometer/", views.barometer_list, name="barometer"),
    path("barometer/new/", views.barometer_open, name="barometer_open"),
    path("barometer/themes/new/", views.barometer_theme_create, name="barometer_theme_create"),
    path("barometer/<int:pk>/", views.barometer_round, name="barometer_round"),
    path("barometer/<int:pk>/close/", views.barometer_close, name="barometer_close"),
    path("barometer/<int:pk>/send/<str:what>/", views.barometer_send, name="barometer_send"),
    path("barometer/<int:pk>/results.<str:fmt>", views.barometer_export, name="barometer_export"),
    path("signals/", views.signal_list, name="signals"),
    path("signals/<int:pk>/", views.signal_detail, name="signal"),
    path("method/", views.method, name="method"),
    path("<str:code>/", views.subregion_page, name="subregion"),
]
