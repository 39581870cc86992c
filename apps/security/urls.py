from django.urls import path

from . import views

app_name = "security"
urlpatterns = [
    path("audit/", views.audit, name="audit"),
    path("audit.xlsx", views.audit_xlsx, name="audit_xlsx"),
    path("locks/", views.login_locks, name="locks"),
    path("locks/<int:pk>/release/", views.login_lock_release, name="lock_release"),
]
