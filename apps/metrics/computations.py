"""Computation functions of the round's rules, one per code (registered on import)."""

from .engine import communities_covered  # noqa: F401
