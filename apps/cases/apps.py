from apps.core.apps import BulkKindConfig


class CasesConfig(BulkKindConfig):
    verbose_name = "服务对象与个案"
    name = "apps.cases"
    default = True
    label = "cases"
