import pytest
from django.core.management import call_command
from django.test import Client

from tests.factories import build_world, fetch_world

# Whether the shared persona world is committed in this database (see ``world``).
_BASE = {"committed": False}


def _transactional(request) -> bool:
    marker = request.node.get_closest_marker("django_db")
    if marker is not None and marker.kwargs.get("transaction"):
        return True
    return bool({"transactional_db", "live_server"} & set(request.fixturenames))


@pytest.fixture(autouse=True)
def _own_data_for_transactional_tests(request, django_db_blocker):
    """A transactional test (live server, real worker) starts from an empty database.

    pytest-django runs those after the tests wrapped in a transaction, so the shared world
    is dropped once, before the first of them, and they build their own data.
    """
    if _BASE["committed"] and _transactional(request):
        with django_db_blocker.unblock():
            call_command("flush", interactive=False, verbosity=0)
        _BASE["committed"] = False


@pytest.fixture(scope="session")
def _world_committed(django_db_setup, django_db_blocker):
    """Build the persona world once per test database, outside any test's transaction.

    Session-scoped, so pytest sets it up before the function-scoped ``db`` opens a test's
    transaction.
    """
    with django_db_blocker.unblock():
        if fetch_world() is None:
            build_world()
    _BASE["committed"] = True


@pytest.fixture
def world(request, _world_committed, db):
    """A seeded round with two contracts in two districts and one person per role.

    Tests wrapped in a transaction share one committed world (their changes are rolled back)
    and get fresh instances of it; transactional tests build their own.
    """
    if _transactional(request):
        return build_world()
    return fetch_world() or build_world()


@pytest.fixture
def client_for(world):
    """A logged-in Django test client for a persona name (anonymous: not logged in)."""

    def make(persona: str) -> Client:
        client = Client()
        user = world.users[persona]
        if user is not None:
            client.force_login(user)
        return client

    return make
