"""The store's door to the repair network: send a repair job, read what became of it (N5)."""

from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from api.access import API_AUTHENTICATION, IsStoreStaff, request_tenant
from api.serializers import error_responses
from shared_apps.dispatch.actions import create_job
from tenant_apps.network.models import JobUpdate

from .serializers import JobUpdateSerializer, NetworkJobCreateSerializer, NetworkJobSerializer

CUSTOMER_INPUTS = {
    "name": "customer_name",
    "phone": "customer_phone",
    "email": "customer_email",
    "address": "customer_address",
}


@extend_schema_view(
    list=extend_schema(
        operation_id="network_jobs_list",
        summary="What the repair network did with the store's jobs",
        description="One row per step (offered to nobody, accepted, received, diagnosed with "
        "a quote, repairing, repaired, shipped back), oldest first.",
        parameters=[
            OpenApiParameter(
                "order_reference", OpenApiTypes.STR, description="Only this order's steps."
            )
        ],
        responses={200: JobUpdateSerializer(many=True), **error_responses(401, 403)},
    ),
)
class NetworkJobViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    authentication_classes = API_AUTHENTICATION
    permission_classes = [IsStoreStaff]
    serializer_class = JobUpdateSerializer

    def get_queryset(self) -> QuerySet[JobUpdate]:
        updates = JobUpdate.objects.order_by("created_at", "id")
        reference = self.request.query_params.get("order_reference", "").strip()
        if reference:
            updates = updates.filter(order_reference=reference[:64])
        return updates

    @extend_schema(
        operation_id="network_jobs_create",
        summary="Send a repair job to the network",
        description="The job is offered at once to the best available repairers, or waits in "
        "the operators' queue when none is available. An order that already has a job gives "
        "409 job_exists.",
        request=NetworkJobCreateSerializer,
        responses={201: NetworkJobSerializer, **error_responses(400, 401, 403, 409)},
    )
    def create(self, request: Request) -> Response:
        serializer = NetworkJobCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        customer = {
            CUSTOMER_INPUTS[name]: value for name, value in data.pop("customer", {}).items()
        }
        job = create_job(request_tenant(request), customer=customer, **data)
        return Response(NetworkJobSerializer(job).data, status=status.HTTP_201_CREATED)
