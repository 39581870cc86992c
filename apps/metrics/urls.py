from django.urls import path

from . import views

app_name = "metrics"
urlpatterns = [
    path("", views.dashboard_view, name="dashboard"),
    path("dashboard.xlsx", views.dashboard_xlsx, name="dashboard_xlsx"),
    path("contracts/<int:pk>/", views.contract_view, name="contract"),
    path("contracts/<int:pk>/indicators.xlsx", views.contract_xlsx, name="contract_xlsx"),
    path("snapshots/<int:pk>/", views.snapshot_view, name="snapshot"),
    path("run/", views.run_view, name="run"),
]
