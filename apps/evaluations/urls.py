from django.urls import path

from . import views

app_name = "evaluations"
urlpatterns = [
    path("", views.index, name="index"),
    path("rubric/", views.rubric_page, name="rubric"),
    path("rubric/indicators/<int:pk>/", views.indicator_edit, name="indicator_edit"),
    path("rubric/bands/<int:pk>/", views.band_edit, name="band_edit"),
    path("rubric/schedule/<int:pk>/", views.template_edit, name="template_edit"),
    path("start/", views.start, name="start"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/submit/", views.submit, name="submit"),
    path("<int:pk>/shortfall/", views.shortfall, name="shortfall"),
    path("<int:pk>/coordination/", views.coordination, name="coordination"),
    path("<int:pk>/send-back/", views.send_back, name="send_back"),
    path("<int:pk>/sample/", views.sample, name="sample"),
    path("<int:pk>/sample/draw/", views.sample_draw, name="sample_draw"),
    path("scores/<int:pk>/", views.score_edit, name="score_edit"),
    path("sample-items/<int:pk>/", views.sample_item, name="sample_item"),
    path("compare/<int:contract>/<int:year>/<slug:kind>/", views.compare, name="compare"),
    path(
        "compare/<int:contract>/<int:year>/<slug:kind>/approve/",
        views.approve,
        name="approve",
    ),
    path("results/<int:pk>/", views.result, name="result"),
    path("payments/<int:pk>/", views.payments, name="payments"),
    path("instalments/<int:pk>/explain/", views.explain, name="explain"),
    path("instalments/<int:pk>/pay/", views.pay, name="pay"),
    path("budget/", views.budget, name="budget"),
    path("assessments/", views.assessments, name="assessments"),
    path("assessments/import/", views.assessment_import, name="assessment_import"),
    path("assessments/<int:pk>/", views.assessment, name="assessment"),
    path("funding/<int:pk>/", views.funding, name="funding"),
]
