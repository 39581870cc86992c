"""The overviews keep their paths under /procurement/ (the root URLconf mounts them there)."""

from django.urls import path

from . import views

app_name = "portal"
urlpatterns = [
    path("", views.procurement_overview, name="procurement_overview"),
    path("evaluator-contracts/", views.evaluator_contracts, name="evaluator_contracts"),
]
