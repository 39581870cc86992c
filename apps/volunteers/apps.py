from apps.records.apps import RecordKindsConfig


class VolunteersConfig(RecordKindsConfig):
    verbose_name = "志愿者"
    name = "apps.volunteers"
    default = True
    label = "volunteers"
