from django.urls import path

from optiimi.services import views

app_name = "services"
urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("new/", views.service_create, name="service_create"),
    path("<int:pk>/", views.service_detail, name="service"),
    path("<int:pk>/edit/", views.service_edit, name="service_edit"),
    path("help/", views.front_door, name="front_door"),
    path("status/<str:token>/", views.status, name="status"),
    path("status/<str:token>/erase/", views.status_erase, name="status_erase"),
    path("status/<str:token>/reply/", views.status_reply, name="status_reply"),
    path("status/<str:token>/withdraw/", views.status_withdraw, name="status_withdraw"),
    path("promise/", views.metrics, name="metrics"),
    path("queue/", views.queue, name="queue"),
    path("cases/<int:pk>/", views.case_detail, name="case"),
    path("cases/<int:pk>/respond/", views.respond, name="respond"),
    path("cases/<int:pk>/resume/", views.resume, name="resume"),
    path("cases/<int:pk>/field/", views.education_field, name="education_field"),
    path("cases/<int:pk>/refer/", views.refer, name="refer"),
    path("cases/<int:pk>/announce/", views.announce, name="announce"),
    path("cases/<int:pk>/close/", views.close, name="close"),
    path("referrals/<int:pk>/accept/", views.accept, name="accept"),
    path("referrals/<int:pk>/decline/", views.decline, name="decline"),
]
