from django.apps import AppConfig


class RepairsConfig(AppConfig):
    name = "tenant_apps.repairs"
    label = "repairs"
    default_auto_field = "django.db.models.BigAutoField"
