from django.apps import AppConfig


class SecurityConfig(AppConfig):
    """Ground floor: the bureau's audit page, login locks, and the request-level protections
    (upload size, no-store, logged denials). Knows only accounts and core."""

    name = "apps.security"
    verbose_name = "安全与审计"
