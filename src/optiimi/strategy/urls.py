from django.urls import path

from optiimi.strategy import views

app_name = "strategy"
urlpatterns = [
    path("", views.plan_index, name="index"),
    path("measures/<int:pk>/", views.measure, name="measure"),
    path("measures/<int:pk>/update/", views.measure_update, name="measure_update"),
    path("indicators/import/", views.indicator_import, name="indicator_import"),
    path("indicators/<slug:code>/", views.indicator, name="indicator"),
    path("indicators/<slug:code>/values/", views.indicator_value, name="indicator_value"),
    path("indicators/<slug:code>/refresh/", views.indicator_refresh, name="indicator_refresh"),
    path("<slug:code>/", views.plan, name="plan"),
    path("<slug:code>/matrix/", views.matrix, name="matrix"),
    path("<slug:code>/results/", views.results, name="results"),
    path("<slug:code>/report/", views.report, name="report"),
    path("<slug:code>/report.pdf", views.report_pdf, name="report_pdf"),
    path("<slug:code>/plan.csv", views.export, {"fmt": "csv"}, name="export_csv"),
    path("<slug:code>/plan.xlsx", views.export, {"fmt": "xlsx"}, name="export_xlsx"),
]
