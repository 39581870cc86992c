from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from .permissions import organization_get_for_user_or_404, organizations_visible_to


@login_required
def detail(request, pk):
    org = organization_get_for_user_or_404(user=request.user, pk=pk)
    children = organizations_visible_to(user=request.user).filter(parent=org).order_by("code")
    return render(request, "orgs/detail.html", {"org": org, "children": list(children)})
