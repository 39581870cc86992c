from django.apps import AppConfig


class CatalogueConfig(AppConfig):
    verbose_name = "服务清单与指标规则"
    name = "apps.catalogue"
    label = "catalogue"
