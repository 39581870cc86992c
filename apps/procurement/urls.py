from django.urls import path

from . import views

app_name = "procurement"
urlpatterns = [
    path("units/<int:pk>/", views.unit_detail, name="unit_detail"),
    path("units/<int:pk>/tender/", views.tender_open_view, name="tender_open"),
    path("tenders/<int:pk>/bids/", views.bid_add, name="bid_add"),
    path("tenders/<int:pk>/award/", views.award_add, name="award_add"),
    path("tenders/<int:pk>/contract/", views.award_contract, name="award_contract"),
    path("contracts/<int:pk>/", views.contract_detail, name="contract_detail"),
    path("contracts/<int:pk>/team-formed/", views.team_formed, name="team_formed"),
    path("contracts/<int:pk>/lateness/", views.lateness_decision, name="lateness_decision"),
]
