from django.urls import path

from optiimi.collaboration import views

app_name = "collaboration"

urlpatterns = [
    path("", views.network_map, name="map"),
    path("bridging/", views.bridging, name="bridging"),
    path("tie/", views.tie, name="tie"),
    path("export/ties.csv", views.export_ties, name="export_ties"),
    path("export/measures.csv", views.export_measures, name="export_measures"),
    path("export/network.<str:fmt>", views.export_graph, name="export_graph"),
    path("rebuild/", views.rebuild, name="rebuild"),
]
