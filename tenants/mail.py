"""Branded e-mail: rendered in the tenant's schema with its brand, sent from its sender address."""

from collections.abc import Mapping

from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string

from .context import current_tenant
from .models import Brand
from .scheduling import schedule_on_commit


def current_brand() -> Brand | None:
    tenant = current_tenant()
    if tenant is None:
        return None
    try:
        return tenant.brand
    except Brand.DoesNotExist:
        return None


def render_branded_email(template: str, context: Mapping[str, object]) -> EmailMultiAlternatives:
    """Render emails/<template>.{subject.txt,txt,html} for the current tenant."""
    brand = current_brand()
    full_context = {"brand": brand, **context}
    subject = render_to_string(f"emails/{template}.subject.txt", full_context).strip()
    text = render_to_string(f"emails/{template}.txt", full_context)
    html = render_to_string(f"emails/{template}.html", full_context)
    from_email = brand.from_email if brand else None
    message = EmailMultiAlternatives(subject=" ".join(subject.split()), body=text,
                                     from_email=from_email)
    message.attach_alternative(html, "text/html")
    return message


def send_branded_email(template: str, to: str, context: dict[str, str]) -> None:
    """Queue a branded e-mail to go out after the current transaction commits."""
    from .tasks import deliver_branded_email

    tenant = current_tenant()
    tenant_id = None if tenant is None else tenant.pk
    schedule_on_commit(deliver_branded_email, template, to, context, tenant_id)
