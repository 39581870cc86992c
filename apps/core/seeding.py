"""Shared helpers for loading round data from fixtures and for the demo data."""

from collections.abc import Callable
from pathlib import Path

from django.core.management.base import BaseCommand

# The password of every demo account (README's table); demo data only, never production.
DEMO_PASSWORD = "Pilot-2018"


def seed_upsert(model, *, lookup: dict, values: dict, overwrite: bool):
    """Create the row if missing; change an existing one only when asked to.

    The bureau edits the catalogue and rules in the portal, so a reseed must not
    silently undo those edits.
    """
    obj, created = model.objects.get_or_create(**lookup, defaults=values)
    if not created and overwrite:
        changed = [k for k, v in values.items() if getattr(obj, k) != v]
        for k in changed:
            setattr(obj, k, values[k])
        if changed:
            obj.save(update_fields=changed)
    return obj


class SeedCommand(BaseCommand):
    """A management command that loads one fixture file, idempotently.

    Subclasses set ``help``, ``default_file``, ``overwrite_help`` (what ``--overwrite``
    replaces) and ``load`` (the service: ``load(path=…, overwrite=…)``), and say what was
    loaded in ``summary(result)``. Without ``--overwrite`` a reload keeps the bureau's edits.
    """

    default_file: Path
    overwrite_help: str
    load: Callable[..., object]

    def add_arguments(self, parser):
        parser.add_argument("--file", type=Path, default=self.default_file)
        parser.add_argument("--overwrite", action="store_true", help=self.overwrite_help)

    def handle(self, *args, file, overwrite, **options):
        result = self.load(path=file, overwrite=overwrite)
        self.stdout.write(self.style.SUCCESS(self.summary(result)))

    def summary(self, result) -> str:
        raise NotImplementedError
