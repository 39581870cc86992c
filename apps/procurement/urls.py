from django.urls import path

from . import views

app_name = "procurement"
urlpatterns = [
    path("units/<int:pk>/", views.unit_detail, name="unit_detail"),
    path("contracts/<int:pk>/", views.contract_detail, name="contract_detail"),
]
