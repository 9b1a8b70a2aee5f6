from django.urls import path

from optiimi.strategy import views

app_name = "strategy"
urlpatterns = [
    path("", views.plan_index, name="index"),
    path("measures/<int:pk>/", views.measure, name="measure"),
    path("measures/<int:pk>/update/", views.measure_update, name="measure_update"),
    path("indicators/import/", views.indicator_import, name="indicator_import"),
    path("indicators/<slug:code>/", views.indicator, name="indicator"),
    path(
        "indicators/<slug:code>/records/<int:year>/",
        views.indicator_records,
        name="indicator_records",
    ),
    path(
        "indicators/<slug:code>/records/<int:year>/<str:region>/",
        views.indicator_records,
        name="indicator_records_region",
    ),
    path("indicators/<slug:code>/values/", views.indicator_value, name="indicator_value"),
    path("indicators/<slug:code>/refresh/", views.indicator_refresh, name="indicator_refresh"),
    path("edit/periods/new/", views.period_create, name="period_create"),
    path("edit/periods/<slug:code>/", views.period_edit, name="period_edit"),
    path("edit/periods/<slug:code>/copy/", views.period_copy, name="period_copy"),
    path(
        "edit/periods/<slug:code>/priorities/new/",
        views.priority_create,
        name="priority_create",
    ),
    path("edit/priorities/<int:pk>/", views.priority_edit, name="priority_edit"),
    path("edit/priorities/<int:pk>/goals/new/", views.goal_create, name="goal_create"),
    path("edit/goals/<int:pk>/", views.goal_edit, name="goal_edit"),
    path("edit/goals/<int:pk>/measures/new/", views.measure_create, name="measure_create"),
    path("edit/measures/<int:pk>/", views.measure_edit, name="measure_edit"),
    path("edit/indicators/new/", views.indicator_create, name="indicator_create"),
    path("edit/indicators/<slug:code>/", views.indicator_edit, name="indicator_edit"),
    path("edit/indicators/<slug:code>/targets/", views.indicator_target, name="indicator_target"),
    path("<slug:code>/", views.plan, name="plan"),
    path("<slug:code>/matrix/", views.matrix, name="matrix"),
    path("<slug:code>/results/", views.results, name="results"),
    path("<slug:code>/report/", views.report, name="report"),
    path("<slug:code>/report.pdf", views.report_pdf, name="report_pdf"),
    path("<slug:code>/board/", views.board_page, name="board"),
    path("<slug:code>/board.pdf", views.board_pdf, name="board_pdf"),
    path("<slug:code>/plan.csv", views.export, {"fmt": "csv"}, name="export_csv"),
    path("<slug:code>/plan.xlsx", views.export, {"fmt": "xlsx"}, name="export_xlsx"),
]
