import pytest

from apps.catalogue.models import Item, SubItem


@pytest.fixture
def years(world):
    return {y.number: y for y in world.pilot_round.years.all()}


@pytest.fixture
def item(world):
    def get(code):
        return Item.objects.get(category__pilot_round=world.pilot_round, code=code)

    return get


@pytest.fixture
def sub_item(world):
    def get(code):
        return SubItem.objects.get(item__category__pilot_round=world.pilot_round, code=code)

    return get
