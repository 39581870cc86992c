from .gates import scope_for


def roles(request):
    """Expose the signed-in person's scope to templates (navigation, role badges)."""
    user = getattr(request, "user", None)
    return {"portal_scope": scope_for(user)}
