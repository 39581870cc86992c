from django.apps import AppConfig


class RecordsConfig(AppConfig):
    """The shared base of community-work records (delivery floor, below community and
    volunteers): the abstract record, the record-kind registry both apps fill, their gate."""

    verbose_name = "社区工作记录(公共)"
    name = "apps.records"
    label = "records"
