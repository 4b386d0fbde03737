from decimal import Decimal

from tenants.context import current_schema
from tenants.mail import send_branded_email

from .models import JobUpdate

# What the end customer hears about, and how it is said, under the tenant's brand.
CUSTOMER_MESSAGES = {
    "accepted": "A repair technician has taken on your repair.",
    "received": "Your device has arrived at the repair centre.",
    "diagnosed": "Your device has been diagnosed: a quote is ready.",
    "repairing": "Your device is being repaired.",
    "repaired": "Your device is repaired.",
    "shipped_back": "Your device is on its way back to you.",
}


def record_job_update(*, job_uid: str, order_reference: str, kind: str, repairer_name: str = "",
                      quote_amount: Decimal | None = None, quote_note: str = "",
                      customer_email: str = "") -> JobUpdate:
    """Store a network event in the current tenant's schema; tell the customer when it matters.

    Called only by shared_apps.dispatch.relay, inside the tenant's schema.
    """
    if current_schema() == "public":
        raise RuntimeError("Job updates belong to a tenant schema.")
    message = CUSTOMER_MESSAGES.get(kind)
    update = JobUpdate.objects.create(
        job_uid=job_uid, order_reference=order_reference, kind=kind, repairer_name=repairer_name,
        quote_amount=quote_amount if kind == "diagnosed" else None,
        quote_note=quote_note if kind == "diagnosed" else "",
        customer_email=customer_email.strip().lower(),
        customer_notified=bool(message and customer_email),
    )
    if message and customer_email:
        send_branded_email("job_update", customer_email, {
            "order_reference": order_reference, "message": message,
            "quote_amount": str(quote_amount) if kind == "diagnosed" and quote_amount else "",
        })
    return update
