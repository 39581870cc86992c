"""Shared helpers for loading round data from fixtures and for the demo data."""

import inspect
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

    Subclasses set ``help`` and ``load`` (the service: ``load(path=…, overwrite=…)``, whose
    own default ``path`` is the command's default file) and say what was loaded in
    ``summary(result)``. Without ``--overwrite`` a reload keeps the bureau's edits.
    """

    load: Callable[..., object]

    def add_arguments(self, parser):
        default = inspect.signature(self.load).parameters["path"].default
        parser.add_argument("--file", type=Path, default=default)
        parser.add_argument(
            "--overwrite",
            action="store_true",
            help="用文件内容覆盖已存在的数据(默认保留市民政局在门户中的修改)",
        )

    def handle(self, *args, file, overwrite, **options):
        result = self.load(path=file, overwrite=overwrite)
        self.stdout.write(self.style.SUCCESS(self.summary(result)))

    def summary(self, result) -> str:
        raise NotImplementedError
