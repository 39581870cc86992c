from apps.core.routes import route, under

from . import views

app_name = "volunteers"
urlpatterns = [
    route("", views.index),
    route("contracts/<int:contract_pk>/teams/new/", views.team_create),
    under(
        "teams/<int:pk>/",
        route("", views.team_detail, "team"),
        route("members/", views.member_add),
        route("activities/", views.activity_add),
    ),
]
