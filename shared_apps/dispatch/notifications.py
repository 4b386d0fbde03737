"""E-mails to repairers. They come from the platform (the public schema), never from a tenant's
brand, and carry no customer data before acceptance."""

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse

from tenants.urls import absolute_url

from .models import JobOffer


def send_offer_reminder(offer: JobOffer) -> None:
    link = absolute_url(settings.PUBLIC_DOMAIN,
                        reverse("portal:offers", urlconf="config.urls_public"))
    send_mail(
        subject=f"Offer {offer.job.order_reference} expires soon",
        message=(f"The offer for a {offer.job.category} repair ({offer.job.postal_code}) "
                 f"expires at {offer.expires_at:%Y-%m-%d %H:%M %Z}. "
                 f"Accept or decline it here: {link}"),
        from_email=None, recipient_list=[offer.repairer.email],
    )
