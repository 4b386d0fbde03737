from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "tenant_apps.payments"
    label = "payments"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from tenant_apps.commerce.signals import order_cancelled

        from .receivers import close_payments_of_cancelled_order

        order_cancelled.connect(close_payments_of_cancelled_order,
                                dispatch_uid="payments.close_on_cancel")
