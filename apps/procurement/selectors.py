"""Reads for units and contracts, always through the gates."""

from .permissions import contracts_visible_to


def unit_contracts(*, user, unit):
    """The unit's contracts the user may see."""
    return list(contracts_visible_to(user=user).filter(unit=unit))
