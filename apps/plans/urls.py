from apps.core.routes import route, under

from . import views

app_name = "plans"
urlpatterns = [
    route("", views.index),
    under(
        "contracts/<int:contract_pk>/",
        route("", views.plan_detail),
        route("edit/", views.plan_edit),
        route("adjust/", views.adjustment_new),
        route("commissions/", views.commission_save_view),
    ),
    route("parts/<int:pk>/approval/", views.approval_record, "approval_record"),
    under(
        "adjustments/<int:pk>/",
        route("", views.adjustment_detail),
        route("decide/", views.adjustment_decide_view, "adjustment_decide"),
        route("resubmit/", views.adjustment_resubmit_view),
    ),
]
