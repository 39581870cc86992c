from django.apps import AppConfig


class ReportsConfig(AppConfig):
    verbose_name = "PDF 报告"
    name = "apps.reports"
    label = "reports"
