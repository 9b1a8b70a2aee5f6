from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "optiimi.core"
    label = "core"
    verbose_name = "Optiimi core"
