from apps.core.routes import route, under

from . import views

app_name = "agencies"
urlpatterns = [
    route("", views.index),
    under(
        "organizations/<int:pk>/",
        route("", views.organization_detail),
        route("staff/", views.person_add, "person_add"),
        route("profile/", views.profile_edit, "profile_edit"),
    ),
    under(
        "contracts/<int:contract_pk>/team/",
        route("", views.contract_team),
        route("members/", views.member_add),
    ),
    under(
        "teams/<int:pk>/",
        route("", views.team_detail),
        route("members/<int:membership_pk>/leave/", views.member_remove),
        route("change-requests/", views.change_request_add, "change_request_add"),
    ),
    route("change-requests/<int:pk>/decide/", views.change_request_decide, "change_request_decide"),
]
