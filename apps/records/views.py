"""The POST of a small form on a record's page (add a member, a fund entry, an attachment):
form → service → message → back to the page, on top of ``apps.core.posting.post_form``."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect

from apps.core.posting import post_form


def post_and_return(request, *, form, service, done, back: str, invalid_message: str, **kw):
    """Run the service through ``post_form``; on success or failure go ``back`` to the page.

    A form that does not validate shows ``invalid_message`` (and what was wrong per field);
    a service's refusal shows its own messages.
    """

    def invalid(bound):
        if any(name != "__all__" for name in bound.errors):
            messages.error(request, invalid_message)
        for name, errors in bound.errors.items():
            for error in errors:
                if name == "__all__":
                    messages.error(request, error)
                else:
                    messages.error(request, f"{bound.fields[name].label}:{error}")
        return redirect(back)

    return post_form(
        request,
        form=form,
        service=service,
        done=done,
        success_url=back,
        invalid=invalid,
        **kw,
    )
