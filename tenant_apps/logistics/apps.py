from django.apps import AppConfig


class LogisticsConfig(AppConfig):
    name = "tenant_apps.logistics"
    label = "logistics"
    default_auto_field = "django.db.models.BigAutoField"
