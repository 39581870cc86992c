from django.urls import path

from . import views

app_name = "cases"
urlpatterns = [
    path("", views.index, name="index"),
    path("clients/", views.client_list, name="client_list"),
    path("clients/new/", views.client_new, name="client_new"),
    path("clients/<int:pk>/", views.client_detail, name="client_detail"),
    path("clients/<int:pk>/unmask/", views.client_unmask, name="client_unmask"),
    path("clients/<int:pk>/consent/", views.client_consent, name="client_consent"),
    path("clients/<int:pk>/merge/", views.client_merge, name="client_merge"),
    path("access-log/", views.access_log, name="access_log"),
    path("imports/", views.import_list, name="import_list"),
    path("imports/template.xlsx", views.import_template, name="import_template"),
    path("imports/upload/", views.import_upload, name="import_upload"),
    path("imports/<int:pk>/", views.import_detail, name="import_detail"),
    path("imports/<int:pk>/confirm/", views.import_confirm, name="import_confirm"),
    path("imports/<int:pk>/file/", views.import_file, name="import_file"),
    path("list/", views.case_list, name="case_list"),
    path("contracts/<int:contract_pk>/new/", views.case_new, name="case_new"),
    path("<int:pk>/", views.case_detail, name="case_detail"),
    path("<int:pk>/records/", views.record_add, name="record_add"),
    path("<int:pk>/referrals/", views.referral_add, name="referral_add"),
    path("<int:pk>/close/", views.case_close, name="case_close"),
    path("<int:pk>/review/", views.case_review, name="case_review"),
    path("reconciliation/", views.reconciliation_index, name="reconciliation_index"),
    path("reconciliation/<int:pk>/", views.reconciliation, name="reconciliation"),
]
