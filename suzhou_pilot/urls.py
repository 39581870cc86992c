from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from apps.accounts.api.views import MeView
from apps.accounts.login import ThrottledAuthenticationForm
from apps.catalogue.api.views import CategoryViewSet, IndicatorRuleViewSet
from apps.core.api import api_router
from apps.orgs.api.views import OrganizationViewSet
from apps.portal import views as portal_views
from apps.procurement.api.views import ContractViewSet, UnitViewSet

admin.site.site_header = "社区服务社会化试点 管理后台"
admin.site.site_title = "试点管理后台"
admin.site.index_title = "市民政局配置"

router = api_router(
    ("organizations", OrganizationViewSet, "organization"),
    ("units", UnitViewSet, "unit"),
    ("contracts", ContractViewSet, "contract"),
    ("catalogue/categories", CategoryViewSet, "category"),
    ("indicator-rules", IndicatorRuleViewSet, "indicator-rule"),
    router_class=DefaultRouter,
)

urlpatterns = [
    path("", portal_views.home, name="home"),
    path(
        "login/",
        auth_views.LoginView.as_view(authentication_form=ThrottledAuthenticationForm),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("catalogue/", include("apps.catalogue.urls")),
    # The overviews (portal) and procurement's own pages share the /procurement/ prefix.
    path("procurement/", include("apps.portal.urls")),
    path("procurement/", include("apps.procurement.urls")),
    path("orgs/", include("apps.orgs.urls")),
    path("agencies/", include("apps.agencies.urls")),
    path("plans/", include("apps.plans.urls")),
    path("cases/", include("apps.cases.urls")),
    path("community/", include("apps.community.urls")),
    path("volunteers/", include("apps.volunteers.urls")),
    path("jobs/", include("apps.core.urls")),
    path("bulk/", include("apps.core.bulk.urls")),
    path("metrics/", include("apps.metrics.urls")),
    path("security/", include("apps.security.urls")),
    path("evaluations/", include("apps.evaluations.urls")),
    path("reports/", include("apps.reports.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/me/", MeView.as_view(), name="api-me"),
    path("api/v1/", include(router.urls)),
    path("api/v1/", include("apps.agencies.api.urls")),
    path("api/v1/", include("apps.procurement.api.urls")),
    path("api/v1/", include("apps.plans.api.urls")),
    path("api/v1/", include("apps.cases.api.urls")),
    path("api/v1/", include("apps.community.api.urls")),
    path("api/v1/", include("apps.volunteers.api.urls")),
    path("api/v1/", include("apps.metrics.api.urls")),
    path("api/v1/", include("apps.evaluations.api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
]
