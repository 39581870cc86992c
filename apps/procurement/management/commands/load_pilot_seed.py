from apps.core.seeding import SeedCommand
from apps.procurement.services import pilot_round_load


class Command(SeedCommand):
    help = "载入试点方案数据(轮次、区、街道、采购单元、预算、服务清单、指标规则);可重复执行。"
    load = staticmethod(pilot_round_load)

    def summary(self, result) -> str:
        return (
            f"已载入 {result.name}:{result.units.count()} 个采购单元,"
            f"{result.categories.count()} 大类,{result.indicator_rules.count()} 条指标规则。"
        )
