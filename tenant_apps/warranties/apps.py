from django.apps import AppConfig


class WarrantiesConfig(AppConfig):
    name = "tenant_apps.warranties"
    label = "warranties"
    default_auto_field = "django.db.models.BigAutoField"
