from importlib import import_module

from django.apps import AppConfig

from apps.core.apps import BulkKindConfig


class RecordsConfig(AppConfig):
    """The shared base of community-work records (delivery floor, below community and
    volunteers): the abstract record, the record-kind registry both apps fill, their gate."""

    verbose_name = "社区工作记录(公共)"
    name = "apps.records"
    label = "records"


class RecordKindsConfig(BulkKindConfig):
    """The config of an app whose record kinds join the registry once Django is ready: its
    ``records`` module's ``register_all()``, then (``BulkKindConfig``) its ``bulk`` module's
    spreadsheet kind. Like its base, not a default config (``default = False``)."""

    def ready(self):
        import_module(f"{self.name}.records").register_all()
        super().ready()
