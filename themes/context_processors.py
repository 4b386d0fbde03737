from django.conf import settings
from django.http import HttpRequest

from tenants.context import current_tenant
from tenants.models import Brand


def brand(request: HttpRequest) -> dict[str, object]:
    """The current tenant's brand, or None on the public domain (the platform's own pages)."""
    tenant = current_tenant()
    if tenant is None:
        return {"brand": None, "platform_name": settings.PLATFORM_NAME, "tenant": None}
    try:
        tenant_brand = tenant.brand
    except Brand.DoesNotExist:
        tenant_brand = None
    return {"brand": tenant_brand, "tenant": tenant}
