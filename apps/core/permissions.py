"""Access gates of the ground floor: jobs (a person sees the jobs they started; bureau staff
see all) and bulk imports (their uploader only).

Core is the lowest floor and does not import the accounts app (which imports core's audit):
the scope comes from the user model itself (``AUTH_USER_MODEL.portal_scope``).
"""

from django.http import Http404

from .models import BulkImport, Job


def jobs_visible_to(*, user):
    if user is None or not user.is_authenticated:
        return Job.objects.none()
    if user.portal_scope.can_administer:
        return Job.objects.all()
    return Job.objects.filter(created_by=user)


def job_get_for_user_or_404(*, user, pk) -> Job:
    """One job the person may follow; anybody else's is indistinguishable from absent."""
    try:
        return jobs_visible_to(user=user).get(pk=pk)
    except (Job.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def bulk_get_for_user_or_404(*, user, pk) -> BulkImport:
    """One bulk import, for the person who uploaded it only (its preview lists the file's
    names, phones and addresses); anybody else's is indistinguishable from absent."""
    try:
        return BulkImport.objects.select_related("job").get(pk=pk, uploaded_by=user)
    except (BulkImport.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc
