from django.contrib import admin
from django.urls import include, path

from optiimi.api import api
from optiimi.network import views as network_views

urlpatterns = [
    path("", network_views.home, name="home"),
    path("", include("optiimi.network.urls")),
    path("plan/", include("optiimi.strategy.urls")),
    path("events/", include("optiimi.events.urls")),
    path("benchmark/", include("optiimi.benchmark.urls")),
    path("accounts/", include("optiimi.accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("foresight/", include("optiimi.foresight.urls")),
    path("jobs/", include("optiimi.core.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("projects/", include("optiimi.projects.urls")),
    path("services/", include("optiimi.services.urls")),
    path("network/", include("optiimi.collaboration.urls")),
    path("guidance/", include("optiimi.guidance.urls")),
]
