from django.apps import AppConfig


class PaymentsPlatformConfig(AppConfig):
    name = "shared_apps.payments_platform"
    label = "payments_platform"
    default_auto_field = "django.db.models.BigAutoField"
