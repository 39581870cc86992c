from apps.agencies.services import qualification_rules_load
from apps.core.seeding import SeedCommand


class Command(SeedCommand):
    help = "载入附件2、附件3的资质条件(以及试点协调员人数);可重复执行。须先执行 load_pilot_seed。"
    load = staticmethod(qualification_rules_load)

    def summary(self, result) -> str:
        return f"已载入 {result.name} 的资质条件 {result.qualification_rules.count()} 条。"
