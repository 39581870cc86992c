"""Authentication with login throttling (django-axes) by account and address together."""

from axes.backends import AxesStandaloneBackend


class ThrottledLoginBackend(AxesStandaloneBackend):
    """Checks the lock before any password is tried.

    Authentication without a request (a management command, a test client's ``login``) is
    no web login and is not throttled: this backend steps aside and ModelBackend decides.
    """

    def authenticate(self, request=None, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
