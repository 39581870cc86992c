from django.urls import path

from . import views

app_name = "agencies"
urlpatterns = [
    path("", views.index, name="index"),
    path("organizations/<int:pk>/", views.organization_detail, name="organization_detail"),
    path("organizations/<int:pk>/staff/", views.person_add, name="person_add"),
    path("organizations/<int:pk>/profile/", views.profile_edit, name="profile_edit"),
    path("contracts/<int:contract_pk>/team/", views.contract_team, name="contract_team"),
    path("teams/<int:pk>/", views.team_detail, name="team_detail"),
    path("contracts/<int:contract_pk>/team/members/", views.member_add, name="member_add"),
    path(
        "teams/<int:pk>/members/<int:membership_pk>/leave/",
        views.member_remove,
        name="member_remove",
    ),
    path("teams/<int:pk>/change-requests/", views.change_request_add, name="change_request_add"),
    path(
        "change-requests/<int:pk>/decide/",
        views.change_request_decide,
        name="change_request_decide",
    ),
]
