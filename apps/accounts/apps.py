from django.apps import AppConfig


class AccountsConfig(AppConfig):
    verbose_name = "账户与角色"
    name = "apps.accounts"
    label = "accounts"
