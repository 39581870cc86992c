from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("", views.index, name="index"),
    path("request/<slug:kind>/", views.request_view, name="request"),
    path("<int:pk>/download/", views.download, name="download"),
]
