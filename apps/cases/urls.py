from apps.core.routes import route, under

from . import views

app_name = "cases"
urlpatterns = [
    route("", views.index),
    route("access-log/", views.access_log),
    route("list/", views.case_list),
    route("contracts/<int:contract_pk>/new/", views.case_new),
    under(
        "clients/",
        route("", views.client_list),
        route("new/", views.client_new),
        under(
            "<int:pk>/",
            route("", views.client_detail),
            route("unmask/", views.client_unmask),
            route("consent/", views.client_consent),
            route("merge/", views.client_merge),
        ),
    ),
    under(
        "imports/",
        route("", views.import_list),
        route("template.xlsx", views.import_template),
        route("upload/", views.import_upload),
        under(
            "<int:pk>/",
            route("", views.import_detail),
            route("confirm/", views.import_confirm, "import_confirm"),
            route("file/", views.import_file),
        ),
    ),
    under(
        "<int:pk>/",
        route("", views.case_detail),
        route("records/", views.record_add, "record_add"),
        route("referrals/", views.referral_add, "referral_add"),
        route("close/", views.case_close, "case_close"),
        route("review/", views.case_review, "case_review"),
    ),
    under(
        "reconciliation/",
        route("", views.reconciliation_index),
        route("<int:pk>/", views.reconciliation),
    ),
]
