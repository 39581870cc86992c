from apps.core.routes import route, under

from . import views

app_name = "metrics"
urlpatterns = [
    route("", views.dashboard_view),
    route("dashboard.xlsx", views.dashboard_xlsx),
    under(
        "contracts/<int:pk>/",
        route("", views.contract_view),
        route("indicators.xlsx", views.contract_xlsx),
    ),
    route("snapshots/<int:pk>/", views.snapshot_view),
    route("run/", views.run_view),
]
