from apps.core.routes import route, under

from . import views

app_name = "evaluations"
urlpatterns = [
    route("", views.index),
    route("start/", views.start),
    route("budget/", views.budget),
    under(
        "rubric/",
        route("", views.rubric_page, "rubric"),
        route("indicators/<int:pk>/", views.indicator_edit),
        route("bands/<int:pk>/", views.band_edit),
        route("schedule/<int:pk>/", views.template_edit),
    ),
    under(
        "<int:pk>/",
        route("", views.detail),
        route("submit/", views.submit),
        route("shortfall/", views.shortfall, "shortfall"),
        route("coordination/", views.coordination),
        route("send-back/", views.send_back, "send_back"),
        under("sample/", route("", views.sample), route("draw/", views.sample_draw)),
    ),
    route("scores/<int:pk>/", views.score_edit),
    route("sample-items/<int:pk>/", views.sample_item),
    under(
        "compare/<int:contract>/<int:year>/<slug:kind>/",
        route("", views.compare),
        route("approve/", views.approve),
    ),
    route("results/<int:pk>/", views.result),
    route("payments/<int:pk>/", views.payments),
    under(
        "instalments/<int:pk>/",
        route("explain/", views.explain),
        route("pay/", views.pay),
    ),
    under(
        "assessments/",
        route("", views.assessments),
        route("import/", views.assessment_import),
        route("<int:pk>/", views.assessment),
    ),
    route("funding/<int:pk>/", views.funding),
]
