from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "tenant_apps.documents"
    label = "documents"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from tenant_apps.commerce.signals import order_paid, order_refunded

        from .receivers import issue_credit_note_on_refund, issue_document_on_paid

        order_paid.connect(issue_document_on_paid, dispatch_uid="documents.order_paid")
        order_refunded.connect(issue_credit_note_on_refund,
                               dispatch_uid="documents.order_refunded")
