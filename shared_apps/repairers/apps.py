from django.apps import AppConfig


class RepairersConfig(AppConfig):
    name = "shared_apps.repairers"
    label = "repairers"
    default_auto_field = "django.db.models.BigAutoField"
