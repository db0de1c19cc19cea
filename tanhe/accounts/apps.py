from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "tanhe.accounts"
    label = "accounts"
    verbose_name = "机构与账号"
