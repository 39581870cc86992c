from pathlib import Path

from django.core.management.base import BaseCommand

from apps.agencies.services import QUALIFICATION_FIXTURE, qualification_rules_load


class Command(BaseCommand):
    help = "载入附件2、附件3的资质条件(以及试点协调员人数);可重复执行。须先执行 load_pilot_seed。"

    def add_arguments(self, parser):
        parser.add_argument("--file", type=Path, default=QUALIFICATION_FIXTURE)
        parser.add_argument(
            "--overwrite",
            action="store_true",
            help="用文件内容覆盖已存在的条件(默认保留市民政局在门户中的修改)",
        )

    def handle(self, *args, file, overwrite, **options):
        r = qualification_rules_load(path=file, overwrite=overwrite)
        self.stdout.write(
            self.style.SUCCESS(f"已载入 {r.name} 的资质条件 {r.qualification_rules.count()} 条。")
        )
