from django.apps import AppConfig


class NetworkConfig(AppConfig):
    name = "tenant_apps.network"
    label = "network"
    default_auto_field = "django.db.models.BigAutoField"
