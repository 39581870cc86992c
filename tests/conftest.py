import pytest
from django.test import Client

from tests.factories import build_world


@pytest.fixture
def world(db):
    """A seeded round with two contracts in two districts and one person per role."""
    return build_world()


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
