from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "tanhe.reports"
    label = "reports"
    verbose_name = "排放报告"
