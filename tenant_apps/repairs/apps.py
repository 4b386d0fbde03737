from django.apps import AppConfig


class RepairsConfig(AppConfig):
    name = "tenant_apps.repairs"
    label = "repairs"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from tenant_apps.commerce.signals import order_paid

        from .receivers import move_repair_on_paid

        order_paid.connect(move_repair_on_paid, dispatch_uid="repairs.order_paid")

        from . import notifications

        notifications.connect()
