"""Tenancy bypassed: every request runs in the schema named by BENCH_TENANT_SCHEMA.

The tenant (with its brand) is loaded once per process, on the first request; afterwards a request
costs what CachedTenantMiddleware costs minus the host -> tenant resolution. Benchmarks only.
"""

import os

from django.db import connection
from django.http import HttpRequest, HttpResponse

from tenants.models import Tenant


class FixedTenantMiddleware:
    def __init__(self, get_response):  # type: ignore[no-untyped-def]
        self.get_response = get_response
        self.schema_name = os.environ["BENCH_TENANT_SCHEMA"]
        self.tenant: Tenant | None = None

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # The same connection calls as TenantMainMiddleware: back to public, then the tenant.
        connection.set_schema_to_public()
        if self.tenant is None:
            self.tenant = Tenant.objects.select_related("brand").get(schema_name=self.schema_name)
        request.tenant = self.tenant
        connection.set_tenant(self.tenant)
        return self.get_response(request)
