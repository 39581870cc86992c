"""The two POSTs every checked upload's pages share (a street's target list, a bulk-entry file):
the upload form, which stores and checks the file and sends the person to its preview, and
the preview's confirm button (``apps.core.uploads`` holds the steps behind them)."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from .models import ImportStatus


def upload_page(
    request,
    form,
    service: Callable[..., object],
    preview: str,
    page: Callable[[int], HttpResponse],
    **service_kwargs,
) -> HttpResponse:
    """The upload page: on a valid POST, ``service(actor=…, name=…, data=…, **service_kwargs,
    **the form's other fields)`` stores and checks the file, and the person goes to its
    preview (the URL ``preview`` takes its pk); a file the service refuses is shown on the
    form's file field. Otherwise ``page(status)``: 400 after a POST, 200 on GET."""
    if request.method == "POST" and form.is_valid():
        fields = dict(form.cleaned_data)
        upload = fields.pop("file")
        try:
            record = service(
                actor=request.user,
                name=upload.name,
                data=upload.read(),
                **service_kwargs,
                **fields,
            )
        except ValidationError as exc:
            form.add_error("file", exc)
        else:
            return redirect(preview, pk=record.pk)
    return page(400 if request.method == "POST" else 200)


def confirm_view(
    gate: Callable[..., object], service: Callable[..., object], kwarg: str, preview: str
):
    """The preview's confirm button, a POST-only view ``(request, pk)``.

    ``gate(user=…, pk=…)`` finds the upload (404 outside the scope, 403 without the right);
    ``service(actor=…, **{kwarg: upload})`` writes its rows now (the outcome is shown) or
    queues them (the preview follows the job); a refusal is shown as one message. Back to the
    preview (the URL ``preview`` takes the upload's pk) either way.
    """

    @login_required
    @require_POST
    def view(request, pk):
        record = gate(user=request.user, pk=pk)
        try:
            service(actor=request.user, **{kwarg: record})
        except ValidationError as exc:
            messages.error(request, ";".join(exc.messages))
        else:
            if record.status == ImportStatus.IMPORTED:
                messages.success(request, record.outcome)
        return redirect(preview, pk=record.pk)

    return view
