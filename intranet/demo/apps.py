from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "intranet.demo"
    verbose_name = "Demo company"
