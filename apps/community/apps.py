from apps.records.apps import RecordKindsConfig


class CommunityConfig(RecordKindsConfig):
    verbose_name = "社区工作"
    name = "apps.community"
    default = True
    label = "community"
