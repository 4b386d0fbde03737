from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django_tenants.middleware.main import TenantMainMiddleware
from django_tenants.utils import get_tenant_domain_model, remove_www

from .routing import resolve_host


class CachedTenantMiddleware(TenantMainMiddleware):
    """django-tenants' resolution, served from the routing cache; unknown hosts get a 404."""

    @staticmethod
    def hostname_from_request(request):  # type: ignore[no-untyped-def]
        # Lower-case before django-tenants strips "www.", so WWW.shop.fr finds shop.fr too.
        return remove_www(request.get_host().split(":")[0].lower())

    def get_tenant(self, domain_model, hostname):  # type: ignore[no-untyped-def]
        tenant = resolve_host(hostname.lower())
        if tenant is None:
            raise get_tenant_domain_model().DoesNotExist(hostname)
        return tenant

    def process_request(self, request: HttpRequest):  # type: ignore[no-untyped-def]
        response = super().process_request(request)
        if response is None and request.tenant.is_template:  # type: ignore[attr-defined]
            # The template schema is never served, whatever domain someone points at it.
            return HttpResponse(status=404)
        return response


class SuspendedTenantMiddleware:
    """A suspended tenant's storefront and back office answer 503 with a branded page."""

    def __init__(self, get_response):  # type: ignore[no-untyped-def]
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        tenant = getattr(request, "tenant", None)
        if tenant is not None and not tenant.is_public and not tenant.is_active:
            response = TemplateResponse(request, "storefront/suspended.html", status=503)
            response["Retry-After"] = "3600"
            return response.render()
        return self.get_response(request)
