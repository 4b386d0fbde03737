"""Tenants over the platform API: operators list, onboard, suspend and reactivate them."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from api.access import API_AUTHENTICATION, IsOperator, signed_in_user
from api.serializers import error_responses
from tenants.actions import (
    TenantRequest,
    provision_tenant,
    reactivate_tenant,
    suspend_tenant,
)
from tenants.models import Tenant

from .serializers import TenantCreateSerializer, TenantSerializer


@extend_schema_view(
    list=extend_schema(
        summary="All tenants",
        responses={200: TenantSerializer(many=True), **error_responses(401, 403)},
    ),
    retrieve=extend_schema(
        summary="One tenant", responses={200: TenantSerializer, **error_responses(401, 403, 404)}
    ),
)
class TenantViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    authentication_classes = API_AUTHENTICATION
    permission_classes = [IsOperator]
    serializer_class = TenantSerializer
    lookup_field = "slug"
    lookup_value_regex = "[a-z][a-z0-9-]{1,39}"

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return Tenant.objects.customer_facing().prefetch_related("domains").order_by("name", "id")

    @extend_schema(
        summary="Onboard a tenant",
        description="Creates the schema, domain, brand and first manager (invited by e-mail). "
        "A taken slug or domain gives 409; any other bad value gives 400 naming the field.",
        request=TenantCreateSerializer,
        responses={201: TenantSerializer, **error_responses(400, 401, 403, 409)},
    )
    def create(self, request: Request) -> Response:
        serializer = TenantCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        tenant = provision_tenant(
            TenantRequest(**serializer.validated_data), actor_email=signed_in_user(request).email
        )
        return Response(self._detail(tenant), status=status.HTTP_201_CREATED)

    @extend_schema(
        operation_id="tenants_suspend",
        summary="Suspend a tenant",
        request=None,
        responses={200: TenantSerializer, **error_responses(401, 403, 404, 409)},
    )
    @action(detail=True, methods=["post"])
    def suspend(self, request: Request, slug: str) -> Response:
        tenant = suspend_tenant(self.get_object(), actor_email=signed_in_user(request).email)
        return Response(self._detail(tenant))

    @extend_schema(
        operation_id="tenants_reactivate",
        summary="Reactivate a suspended tenant",
        request=None,
        responses={200: TenantSerializer, **error_responses(401, 403, 404, 409)},
    )
    @action(detail=True, methods=["post"])
    def reactivate(self, request: Request, slug: str) -> Response:
        tenant = reactivate_tenant(self.get_object(), actor_email=signed_in_user(request).email)
        return Response(self._detail(tenant))

    def _detail(self, tenant: Tenant) -> dict:
        return TenantSerializer(self.get_queryset().get(pk=tenant.pk)).data
