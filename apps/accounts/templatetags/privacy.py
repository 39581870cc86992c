"""Template side of ``apps.accounts.masking``: ``{{ name|person_name:names_masked }}``.

``names_masked`` is put in every template's context by ``apps.accounts.context_processors``
from ``names_masked_for(request.user)``; the filter also accepts the reader's scope.
"""

from django import template

from ..gates import Scope
from ..masking import mask_name, names_masked_for_scope

register = template.Library()


def _masked(flag) -> bool:
    if isinstance(flag, Scope):
        return names_masked_for_scope(flag)
    # No decision in the context (a template rendered outside a request): mask.
    return True if flag in (None, "") else bool(flag)


@register.filter
def person_name(name, flag):
    """A served person's (or volunteer's, household head's) name, masked when the reader
    may not read names."""
    if not name:
        return name
    return mask_name(str(name)) if _masked(flag) else name
