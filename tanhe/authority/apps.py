from django.apps import AppConfig


class AuthorityConfig(AppConfig):
    name = "tanhe.authority"
    label = "authority"
    verbose_name = "主管部门"
