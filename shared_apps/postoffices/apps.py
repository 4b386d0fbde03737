from django.apps import AppConfig


class PostofficesConfig(AppConfig):
    name = "shared_apps.postoffices"
    label = "postoffices"
    default_auto_field = "django.db.models.BigAutoField"
