from django.apps import AppConfig


class CommunityConfig(AppConfig):
    verbose_name = "社区工作"
    name = "apps.community"
    label = "community"

    def ready(self):
        from apps.core.bulk.kinds import register

        from .bulk import KIND as bulk_kind
        from .records import register_all

        register_all()
        register(bulk_kind)
