from django.urls import path

from . import views

app_name = "plans"
urlpatterns = [
    path("", views.index, name="index"),
    path("contracts/<int:contract_pk>/", views.plan_detail, name="plan_detail"),
    path("contracts/<int:contract_pk>/edit/", views.plan_edit, name="plan_edit"),
    path("contracts/<int:contract_pk>/adjust/", views.adjustment_new, name="adjustment_new"),
    path(
        "contracts/<int:contract_pk>/commissions/",
        views.commission_save_view,
        name="commission_save",
    ),
    path("parts/<int:pk>/approval/", views.approval_record, name="approval_record"),
    path("adjustments/<int:pk>/", views.adjustment_detail, name="adjustment_detail"),
    path("adjustments/<int:pk>/decide/", views.adjustment_decide_view, name="adjustment_decide"),
    path(
        "adjustments/<int:pk>/resubmit/",
        views.adjustment_resubmit_view,
        name="adjustment_resubmit",
    ),
]
