"""The tenant's brand over the API: public to read, managers only to change."""

from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.access import API_AUTHENTICATION, IsManager, request_tenant, signed_in_user
from api.serializers import error_responses
from tenants.actions import update_brand
from tenants.models import Brand

from .serializers import BrandSerializer


def _brand_of(request: Request) -> Brand:
    try:
        return request_tenant(request).brand
    except Brand.DoesNotExist:
        raise NotFound("This store has no brand yet.") from None


class BrandingView(APIView):
    authentication_classes = API_AUTHENTICATION

    def get_permissions(self) -> list:
        if self.request.method == "GET":
            return [AllowAny()]
        return [IsManager()]

    @extend_schema(
        operation_id="branding_retrieve",
        summary="The store's brand",
        description="Public. `grey_label_line` is only present for grey-label stores; `logo_url` "
        "is null when the store has no logo.",
        auth=[],
        responses={200: BrandSerializer, **error_responses(404)},
    )
    def get(self, request: Request) -> Response:
        return Response(BrandSerializer(_brand_of(request)).data)

    @extend_schema(
        operation_id="branding_update",
        summary="Change the store's brand (managers only)",
        request=BrandSerializer(partial=True),
        responses={200: BrandSerializer, **error_responses(400, 401, 403, 404)},
    )
    def patch(self, request: Request) -> Response:
        brand = _brand_of(request)
        serializer = BrandSerializer(brand, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        updated = update_brand(
            brand, dict(serializer.validated_data), actor_email=signed_in_user(request).email
        )
        return Response(BrandSerializer(updated).data)
