"""The portal's URLs and the trivial view the HTTP measurements compare against."""

from django.http import HttpResponse
from django.urls import include, path


def trivial(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("bench/trivial/", trivial),
    path("", include("suzhou_pilot.urls")),
]
