from django.apps import AppConfig


class PlansConfig(AppConfig):
    verbose_name = "服务委托与执行方案"
    name = "apps.plans"
    label = "plans"
