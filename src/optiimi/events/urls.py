from django.urls import path

from optiimi.events import series, views

app_name = "events"
urlpatterns = [
    path("", views.event_list, name="list"),
    path("new/", views.event_create, name="create"),
    path("targets/", views.targets, name="targets"),
    path("participants/", views.participant_data, name="participant_data"),
    path("series/", series.series_list, name="series_list"),
    path("series/new/", series.series_create, name="series_create"),
    path("series/<int:pk>/", views.series_detail, name="series"),
    path("series/<int:pk>/edit/", series.series_edit, name="series_edit"),
    path("cancel/<str:token>/", views.cancel, name="cancel"),
    path("registered/<str:token>/", views.registered, name="registered"),
    path("registered/<str:token>/event.ics", views.registered_ics, name="registered_ics"),
    path("invitation/<str:token>/<str:reply>/", views.answer, name="answer"),
    path("invited/<str:token>/", views.invited, name="invited"),
    path("invited/<str:token>/event.ics", views.invited_ics, name="invited_ics"),
    path("feedback/<str:token>/", views.feedback, name="feedback"),
    path("calendar/subregion/<str:code>.ics", views.subregion_ics, name="subregion_ics"),
    path("calendar/organisation/<int:pk>.ics", views.organisation_ics, name="organisation_ics"),
    path("<int:pk>/", views.event_detail, name="event"),
    path("<int:pk>/register/", views.register, name="register"),
    path("<int:pk>/edit/", views.event_edit, name="edit"),
    path("<int:pk>/invitations/", views.invitations, name="invitations"),
    path("<int:pk>/questions/", views.questions, name="questions"),
    path("<int:pk>/checkin/", views.checkin, name="checkin"),
    path("<int:pk>/<str:kind>.pdf", views.participants_pdf, name="participants_pdf"),
    path("<int:pk>/cancel/", views.cancel_event, name="cancel_event"),
    path("<int:pk>/participants/", views.participants, name="participants"),
    path(
        "<int:pk>/participants.<str:fmt>",
        views.participants,
        name="participants_export",
    ),
    path("<int:pk>/event.ics", views.event_ics, name="ics"),
]
