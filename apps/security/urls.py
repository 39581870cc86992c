from apps.core.routes import route, under

from . import views

app_name = "security"
urlpatterns = [
    route("audit/", views.audit),
    route("audit.xlsx", views.audit_xlsx),
    under(
        "locks/",
        route("", views.login_locks, "locks"),
        route("<int:pk>/release/", views.login_lock_release, "lock_release"),
    ),
]
