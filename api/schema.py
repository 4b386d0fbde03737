"""OpenAPI schema and docs pages. On a tenant domain both carry the store's own name only."""

from typing import Any

from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.request import Request
from rest_framework.response import Response

from api.access import request_tenant
from tenants.models import Brand


def _store_api_title(request: Request) -> str:
    tenant = request_tenant(request)
    try:
        name = tenant.brand.display_name
    except Brand.DoesNotExist:
        name = tenant.name
    return f"{name} API"


STORE_API_DESCRIPTION = (
    "The store's REST API: accounts, branding and repair jobs. Authenticate with "
    "`Authorization: Token <token>` from `POST /api/auth/token/`. Errors are "
    "`{code, detail, fields}` with a 4xx status."
)


class TenantSchemaView(SpectacularAPIView):
    """The schema, titled after the store whose domain serves it.

    The title is set on the generated document rather than through drf-spectacular's patched
    settings, which are process-wide and would let concurrent requests see each other's store.
    """

    @extend_schema(exclude=True)
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        response = super().get(request, *args, **kwargs)
        info = response.data.setdefault("info", {})
        info["title"] = _store_api_title(request)
        info["description"] = STORE_API_DESCRIPTION
        return response


class TenantDocsView(SpectacularSwaggerView):
    @extend_schema(exclude=True)
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        self.title = _store_api_title(request)
        return super().get(request, *args, **kwargs)
