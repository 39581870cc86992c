from .gates import scope_for
from .masking import names_masked_for_scope


def roles(request):
    """Expose the signed-in person's scope to templates (navigation, role badges), and
    whether they read personal names masked (``{{ name|person_name:names_masked }}``)."""
    user = getattr(request, "user", None)
    scope = scope_for(user)
    return {"portal_scope": scope, "names_masked": names_masked_for_scope(scope)}
