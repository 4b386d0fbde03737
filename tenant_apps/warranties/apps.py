from django.apps import AppConfig


class WarrantiesConfig(AppConfig):
    name = "tenant_apps.warranties"
    label = "warranties"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from tenant_apps.repairs.signals import repair_status_changed

        from .receivers import grant_repair_warranty

        repair_status_changed.connect(grant_repair_warranty,
                                      dispatch_uid="warranties.grant_repair_warranty")
