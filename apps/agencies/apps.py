from django.apps import AppConfig


class AgenciesConfig(AppConfig):
    verbose_name = "承接机构与评估机构"
    name = "apps.agencies"
    label = "agencies"

    def ready(self):
        from apps.procurement.awarding import register_bidder_check

        from .selectors import award_problems

        register_bidder_check(award_problems)
