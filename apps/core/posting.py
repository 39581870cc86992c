"""The portal's one POST plumbing: form → service → message → redirect (or the page again).

Views stay thin (design rule 6): the view finds the object through its gate, names the form,
the service and where to go next; this module does the rest the same way everywhere.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect


def form_errors(form, exc: ValidationError) -> None:
    """Put a service's ValidationError on the form: on its field where it names one."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def message_errors(request, exc: ValidationError) -> None:
    """Show a service's ValidationError as page messages (forms without a page of their own)."""
    for msg in exc.messages:
        messages.error(request, msg)


def post_form(
    request,
    *,
    form,
    service: Callable[..., object],
    done: str,
    success_url: str | Callable[[object], str],
    invalid: Callable[[object], HttpResponse],
    **service_kwargs,
) -> HttpResponse:
    """Run ``service(actor=request.user, **service_kwargs, **form.cleaned_data)``.

    On success: the message ``done`` and a redirect to ``success_url`` (or to
    ``success_url(result)`` when it is a callable given the service's return value). On an
    invalid form or a ValidationError from the service: ``invalid(form)``, which renders the
    page again with the errors on the form (status 400 is the caller's choice).
    """
    if form.is_valid():
        try:
            result = service(actor=request.user, **service_kwargs, **form.cleaned_data)
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, done)
            return redirect(success_url(result) if callable(success_url) else success_url)
    return invalid(form)
