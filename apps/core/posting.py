"""The portal's one POST plumbing: form → service → message → redirect (or the page again).

Views stay thin (design rule 6): the view finds the object through its gate, names the form,
the service and where to go next; this module does the rest the same way everywhere.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST


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
    /,
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


def post_and_return(
    request,
    /,
    *,
    form,
    service: Callable[..., object],
    done: str | Callable[[object], str],
    back: str,
    **service_kwargs,
) -> HttpResponse:
    """For a form shown inside another page: run the service, say how it went, go ``back``.

    ``service(actor=request.user, **service_kwargs, **form.cleaned_data)``; on success the
    message ``done`` (or ``done(result)``); an invalid form or a service's ValidationError
    become error messages on the page the person returns to.
    """
    if not form.is_valid():
        messages.error(request, f"表单有误:{form.errors.as_text()}")
        return redirect(back)
    return post_service(
        request, service=service, done=done, success_url=back, **service_kwargs, **form.cleaned_data
    ) or redirect(back)


def inline_post_view(
    gate: Callable[..., object],
    perm: str,
    form: Callable[..., object],
    service: Callable[..., object],
    done: str | Callable[[object], str],
    back: Callable[[object], str],
    kwarg: str,
    *,
    form_kwargs: Callable[[object], dict] | None = None,
):
    """A POST-only view ``(request, pk)`` for a form shown inside another page.

    Positional, so that a views module reads as a table of its small forms.

    ``gate(user=…, pk=…, perm=perm)`` finds the object (404 outside the scope, 403 without the
    right); the bound ``form(request.POST, **form_kwargs(obj))`` goes through
    ``post_and_return`` with the object passed to the service as ``kwarg``; ``back(obj)`` is
    the page to return to.
    """

    @login_required
    @require_POST
    def view(request, pk):
        obj = gate(user=request.user, pk=pk, perm=perm)
        extra = form_kwargs(obj) if form_kwargs else {}
        return post_and_return(
            request,
            form=form(request.POST, **extra),
            service=service,
            done=done,
            back=back(obj),
            **{kwarg: obj},
        )

    return view


def post_service(
    request,
    /,
    *,
    service: Callable[..., object],
    done: str | Callable[[object], str],
    success_url: str | Callable[[object], str],
    **service_kwargs,
) -> HttpResponse | None:
    """Run ``service(actor=request.user, **service_kwargs)`` for a page that reads its own POST.

    On success: the message ``done`` and a redirect to ``success_url`` (either may be a
    callable given the service's result). On a ValidationError: its messages, and ``None`` so
    that the caller renders its page again with what was typed.
    """
    try:
        result = service(actor=request.user, **service_kwargs)
    except ValidationError as exc:
        message_errors(request, exc)
        return None
    messages.success(request, done(result) if callable(done) else done)
    return redirect(success_url(result) if callable(success_url) else success_url)
