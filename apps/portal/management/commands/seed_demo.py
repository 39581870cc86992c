from django.core.management.base import BaseCommand, CommandError

from apps.portal.demo import demo_accounts_write, demo_seed
from apps.procurement.selectors import current_round


class Command(BaseCommand):
    help = "生成演示数据(社区、承接机构、评估机构、合同、各角色演示账户);可重复执行。"

    def handle(self, *args, **options):
        pilot_round = current_round()
        if pilot_round is None:
            raise CommandError("请先执行 load_pilot_seed 载入试点方案数据。")
        accounts = demo_seed(pilot_round=pilot_round)
        path = demo_accounts_write(accounts)
        w = max(len(a["username"]) for a in accounts)
        self.stdout.write("演示账户(仅供演示,切勿用于生产):")
        self.stdout.write(f"{'用户名'.ljust(w)}  密码        角色 / 范围")
        for a in accounts:
            self.stdout.write(
                f"{a['username'].ljust(w)}  {a['password']}  {a['role']} / {a['scope']}"
            )
        self.stdout.write(self.style.SUCCESS(f"账户表已写入 {path}"))
