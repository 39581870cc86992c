"""Open every person's home and menu pages, as they would, and fail on any page that breaks.

For an operator after an upgrade, and for CI on the embedded SQLite of ``make run`` (the test
suite runs on PostgreSQL, so SQL that only PostgreSQL understands would otherwise reach the
people using ``make run`` unseen). Read-only: GET requests through Django's test client.
"""

from django.core.management.base import BaseCommand, CommandError
from django.test import Client

from apps.accounts.models import User
from apps.portal.navigation import menu_for


class Command(BaseCommand):
    help = "逐个账户打开首页与菜单中的每个页面,有页面出错(状态码非200)时失败。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--prefix", default="demo_", help="只检查用户名以此开头的账户(默认 demo_)"
        )

    def handle(self, *args, prefix, **options):
        users = list(User.objects.filter(username__startswith=prefix, is_active=True))
        if not users:
            raise CommandError(f"没有用户名以“{prefix}”开头的账户。")
        failures, opened = [], 0
        for user in users:
            client = Client(raise_request_exception=False)
            client.force_login(user)
            for item in menu_for(user=user):
                if item.url.startswith("/admin"):
                    continue  # Django's own admin: not ours to check here
                status = client.get(item.url, HTTP_HOST="127.0.0.1").status_code
                opened += 1
                if status != 200:
                    failures.append(f"{user.username} {item.label} {item.url}: {status}")
        for line in failures:
            self.stderr.write(line)
        if failures:
            raise CommandError(f"{len(failures)} 个页面出错(共打开 {opened} 个)。")
        self.stdout.write(f"{len(users)} 个账户,打开 {opened} 个页面,全部正常。")
