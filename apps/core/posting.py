"""The portal's one POST plumbing: form → service → message → redirect (or the page again).

Views stay thin (design rule 6): the view finds the object through its gate, names the form,
the service and where to go next; this module does the rest the same way everywhere.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
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


def form_page(
    request,
    /,
    *,
    form,
    page: Callable[[object], HttpResponse],
    invalid: Callable[[object], HttpResponse] | None = None,
    **post,
) -> HttpResponse:
    """A page with a form of its own: ``page(form)`` on GET; on POST the form goes through
    ``post_form`` (``post``: the service, ``done``, ``success_url`` and the service's
    arguments), an invalid one back to ``invalid(form)`` (by default ``page(form)``)."""
    if request.method != "POST":
        return page(form)
    return post_form(request, form=form, invalid=invalid or page, **post)


def post_and_return(
    request,
    /,
    *,
    form,
    service: Callable[..., object],
    done: str | Callable[[object], str],
    back: str,
    invalid_message: str | None = None,
    **service_kwargs,
) -> HttpResponse:
    """For a form shown inside another page: run the service, say how it went, go ``back``.

    ``service(actor=request.user, **service_kwargs, **form.cleaned_data)``; on success the
    message ``done`` (or ``done(result)``); an invalid form (``invalid_message``, by default
    what was wrong) or a service's ValidationError become error messages on the page the
    person returns to.
    """
    if not form.is_valid():
        messages.error(request, invalid_message or f"表单有误:{form.errors.as_text()}")
        return redirect(back)
    return service_and_return(
        request, service=service, done=done, back=back, **service_kwargs, **form.cleaned_data
    )


def service_and_return(
    request,
    /,
    *,
    service: Callable[..., object],
    done: str | Callable[[object], str],
    back: str,
    **service_kwargs,
) -> HttpResponse:
    """``post_service`` for an action on another page: whether the service succeeds (the
    message ``done``) or refuses (its messages), go ``back`` to that page."""
    return post_service(
        request, service=service, done=done, success_url=back, **service_kwargs
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
    invalid_message: str | None = None,
):
    """A POST-only view ``(request, pk)`` for a form shown inside another page.

    Positional, so that a views module reads as a table of its small forms.

    ``gate(user=…, pk=…, perm=perm)`` finds the object (404 outside the scope, 403 without the
    right); the bound ``form(request.POST, **form_kwargs(obj))`` goes through
    ``post_and_return`` (with ``invalid_message``) with the object passed to the service as
    ``kwarg``; ``back(obj)`` is the page to return to.
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
            invalid_message=invalid_message,
            **{kwarg: obj},
        )

    return view


@dataclass(frozen=True)
class PageForms:
    """The small forms of one page that act on one object: ``gate`` finds it (with
    ``perm``), the service gets it as ``kwarg``, ``back(obj)`` is the page to return to (or
    ``back`` names the URL of the object's own page, which takes its pk).

    ``view(form, service, done)`` is one such form's ``inline_post_view``.
    """

    gate: Callable[..., object]
    perm: str
    kwarg: str
    back: Callable[[object], str] | str

    def view(self, form, service, done, *, form_kwargs=None):
        return inline_post_view(
            self.gate,
            self.perm,
            form,
            service,
            done,
            self._back,
            self.kwarg,
            form_kwargs=form_kwargs,
        )

    def _back(self, obj) -> str:
        return reverse(self.back, args=[obj.pk]) if isinstance(self.back, str) else self.back(obj)


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
