"""The site's URLs and one that fails, for the error page test."""

from django.urls import path

from optiimi.urls import urlpatterns as site


def fail(request):
    raise RuntimeError("a failure for the error page test")


urlpatterns = [*site, path("failing/", fail)]
