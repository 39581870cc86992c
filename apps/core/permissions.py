"""Access gate for jobs: a person sees the jobs they started; bureau staff see all."""

from apps.accounts.gates import get_in_scope_or_404, scope_for

from .models import Job


def jobs_visible_to(*, user):
    scope = scope_for(user)
    if not scope.authenticated:
        return Job.objects.none()
    if scope.can_administer:
        return Job.objects.all()
    return Job.objects.filter(created_by=user)


def job_get_for_user_or_404(*, user, pk) -> Job:
    return get_in_scope_or_404(jobs_visible_to(user=user), pk=pk)
