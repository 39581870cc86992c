"""Request-level protections: uploads refused by size before they are read, no caching of
pages for signed-in people, denied accesses logged."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers, patch_cache_control

from .services import denied_access_record

TOO_LARGE = "上传的文件过大(超过 {limit})。请压缩或拆分后重新上传。"


def _human(size: int) -> str:
    return f"{size / 1024 / 1024:.0f} MB" if size >= 1024 * 1024 else f"{size // 1024} KB"


def upload_limit_bytes() -> int:
    """Largest request body accepted: one upload plus the form around it."""
    return settings.UPLOAD_MAX_BYTES + settings.UPLOAD_FORM_OVERHEAD_BYTES


class UploadLimitMiddleware:
    """Refuse a request whose declared body is over the limit before anything reads it
    (Django would otherwise spool the whole file first). Bodies without a length (chunked)
    are stopped by ``apps.security.uploads.LimitedUploadHandler``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > upload_limit_bytes():
            message = TOO_LARGE.format(limit=_human(settings.UPLOAD_MAX_BYTES))
            response = render(request, "security/too_large.html", {"message": message}, status=413)
            response["Connection"] = "close"
            return response
        return self.get_response(request)


class MethodNotAllowedPageMiddleware:
    """Django answers a wrong method (a GET to a form's POST address, say a bookmarked or
    reloaded confirmation) with an empty 405, which browsers replace by their own English error
    page; this gives it the portal's Chinese page, keeping the status and the Allow header."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 405 or response.content:
            return response
        page = render(request, "405.html", status=405)
        if response.has_header("Allow"):
            page["Allow"] = response["Allow"]
        return page


class NoStoreMiddleware:
    """Pages for a signed-in person carry personal data: no browser or proxy keeps them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
            patch_cache_control(response, private=True)
        return response


class DeniedAccessMiddleware:
    """A gate's refusal (403 in scope, 404 outside it) becomes a "denied" audit row.

    Only exceptions raised by views are seen here (an unknown URL never reaches a view), and
    ``denied_access_record`` throttles rows per person and path in the cache.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, (PermissionDenied, Http404)):
            status = 403 if isinstance(exception, PermissionDenied) else 404
            denied_access_record(
                user=getattr(request, "user", None),
                path=request.path,
                method=request.method,
                status=status,
            )
        return None
