"""API plumbing shared by every app: the one exception handler, the scoped read-only viewset,
the router every ``api/urls.py`` builds its rows with."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, viewsets
from rest_framework.routers import SimpleRouter
from rest_framework.views import exception_handler as drf_exception_handler


def exception_handler(exc, context):
    """Map Django's ValidationError/PermissionDenied (raised by services and gates) to DRF's."""
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages}
        exc = exceptions.ValidationError(detail=detail)
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(detail=str(exc) or None)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    return drf_exception_handler(exc, context)


class ScopedViewSet(viewsets.ReadOnlyModelViewSet):
    """A read-only endpoint over one access gate: the rows ``visible_to(user=…)`` in ``ordering``.

    Subclasses name the gate with ``visible_to = staticmethod(<x>s_visible_to)``; the gate
    alone decides the scope, as on the pages.
    """

    visible_to = None
    ordering: tuple[str, ...] = ("pk",)

    def get_queryset(self):
        return type(self).visible_to(user=self.request.user).order_by(*self.ordering)


def api_router(*rows: tuple[str, type, str], router_class: type = SimpleRouter) -> SimpleRouter:
    """A router with one ``register(prefix, viewset, basename=basename)`` per row."""
    router = router_class()
    for prefix, viewset, basename in rows:
        router.register(prefix, viewset, basename=basename)
    return router
