from django.urls import path

from . import views

app_name = "bulk"
urlpatterns = [
    path("imports/<int:pk>/", views.bulk_detail, name="detail"),
    path("imports/<int:pk>/confirm/", views.bulk_confirm, name="confirm"),
    path("<slug:kind>/", views.bulk_upload, name="upload"),
    path("<slug:kind>/template.xlsx", views.bulk_template, name="template"),
]
