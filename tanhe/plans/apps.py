from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "tanhe.plans"
    label = "plans"
    verbose_name = "数据质量控制计划"
