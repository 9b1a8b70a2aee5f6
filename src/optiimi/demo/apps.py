from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "optiimi.demo"
    label = "demo"
    verbose_name = "Demo and synthetic data"
