from pathlib import Path

from django.core.management.base import BaseCommand

from apps.procurement.services import DEFAULT_SEED, pilot_round_load


class Command(BaseCommand):
    help = "载入试点方案数据(轮次、区、街道、采购单元、预算、服务清单、指标规则);可重复执行。"

    def add_arguments(self, parser):
        parser.add_argument("--file", type=Path, default=DEFAULT_SEED)
        parser.add_argument(
            "--overwrite",
            action="store_true",
            help="用文件内容覆盖已存在的记录(默认保留市民政局在门户中的修改)",
        )

    def handle(self, *args, file, overwrite, **options):
        r = pilot_round_load(path=file, overwrite=overwrite)
        self.stdout.write(
            self.style.SUCCESS(
                f"已载入 {r.name}:{r.units.count()} 个采购单元,"
                f"{r.categories.count()} 大类,{r.indicator_rules.count()} 条指标规则。"
            )
        )
