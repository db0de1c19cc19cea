from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "tanhe.documents"
    label = "documents"
    verbose_name = "文件"
