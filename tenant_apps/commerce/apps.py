from django.apps import AppConfig


class CommerceConfig(AppConfig):
    name = "tenant_apps.commerce"
    label = "commerce"
    default_auto_field = "django.db.models.BigAutoField"
