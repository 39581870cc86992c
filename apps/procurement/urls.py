from apps.core.routes import route, under

from . import views

app_name = "procurement"
urlpatterns = [
    under(
        "units/<int:pk>/",
        route("", views.unit_detail),
        route("tender/", views.tender_open_view, "tender_open"),
    ),
    under(
        "tenders/<int:pk>/",
        route("bids/", views.bid_add, "bid_add"),
        route("award/", views.award_add, "award_add"),
        route("contract/", views.award_contract),
    ),
    under(
        "contracts/<int:pk>/",
        route("", views.contract_detail),
        route("team-formed/", views.team_formed, "team_formed"),
        route("lateness/", views.lateness_decision, "lateness_decision"),
    ),
]
