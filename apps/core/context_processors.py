"""Template context every page needs from the ground floor."""

from .clock import pinned


def portal_date(request):
    """The pinned date of a demonstration instance, shown in the top bar (None in production)."""
    return {"pinned_today": pinned()}
