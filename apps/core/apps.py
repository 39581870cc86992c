from importlib import import_module

from django.apps import AppConfig


class CoreConfig(AppConfig):
    verbose_name = "公共基础"
    name = "apps.core"
    label = "core"


class BulkKindConfig(AppConfig):
    """The config of an app that contributes a bulk-entry kind: the ``KIND`` of its ``bulk``
    module joins the registry (``apps.core.bulk.kinds``) once Django is ready.

    ``default = False``: Django picks an app's config among the AppConfig classes its
    ``apps.py`` holds, imported ones included; a subclass sets ``default = True``."""

    default = False

    def ready(self):
        from apps.core.bulk.kinds import register

        register(import_module(f"{self.name}.bulk").KIND)
