from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from .selectors import current_round, home_sections


@login_required
def home(request):
    """Each person's home: their own scope, one section per role they hold."""
    return render(
        request,
        "core/home.html",
        {"sections": home_sections(user=request.user), "round": current_round()},
    )
