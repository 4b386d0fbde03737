"""Post offices as pick-up points: public reference data, searchable from every storefront."""

from typing import Any

from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.access import API_AUTHENTICATION
from api.serializers import StrictInputMixin, error_responses
from shared_apps.postoffices.errors import PostOfficeError, PostOfficeNotFound
from shared_apps.postoffices.hours import full_week
from shared_apps.postoffices.models import PostOffice
from shared_apps.postoffices.selectors import MAX_RESULTS, get_post_office, matching_post_offices

DEFAULT_RESULTS = 20


class PostOfficeSearchSerializer(StrictInputMixin, serializers.Serializer):
    postal_code = serializers.CharField(required=False, allow_blank=True, max_length=10,
                                        help_text="A postal code or its first characters.")
    city = serializers.CharField(required=False, allow_blank=True, max_length=100,
                                 help_text="The first letters of a city; case and accents are "
                                 "ignored.")
    limit = serializers.IntegerField(required=False, min_value=1, max_value=MAX_RESULTS,
                                     help_text=f"Offices per page ({DEFAULT_RESULTS} if not "
                                     "given).")
    offset = serializers.IntegerField(required=False, min_value=0, max_value=100_000,
                                      help_text="How many matching offices to skip.")


class PostOfficeSerializer(serializers.ModelSerializer):
    latitude = serializers.DecimalField(max_digits=8, decimal_places=5, coerce_to_string=False,
                                        allow_null=True)
    longitude = serializers.DecimalField(max_digits=8, decimal_places=5, coerce_to_string=False,
                                         allow_null=True)
    opening_hours = serializers.SerializerMethodField(
        help_text='Every weekday (mon ... sun) with its ["HH:MM", "HH:MM"] spans; [] is closed.')

    class Meta:
        model = PostOffice
        fields = ["id", "name", "street", "postal_code", "city", "country", "phone", "email",
                  "latitude", "longitude", "opening_hours"]
        read_only_fields = fields

    def get_opening_hours(self, office: PostOffice) -> dict[str, list[list[str]]]:
        return full_week(office.opening_hours)


class PostOfficePageSerializer(serializers.Serializer):
    count = serializers.IntegerField(help_text="How many offices match.")
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = PostOfficeSerializer(many=True)


class PostOfficePagination(LimitOffsetPagination):
    default_limit = DEFAULT_RESULTS
    max_limit = MAX_RESULTS


def _as_api_error(error: PostOfficeError) -> Exception:
    if isinstance(error, PostOfficeNotFound):
        return NotFound(error.detail)
    return ValidationError({error.field or "non_field_errors": [error.detail]}, code=error.code)


class PostOfficeListView(APIView):
    authentication_classes = API_AUTHENTICATION
    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="post_offices_list",
        summary="Find post offices to pick a parcel up from",
        description="Public. Give `postal_code` (e.g. 75 or 75011) or `city` (at least 2 "
        "letters; case and accents are ignored), or both to narrow. Only open offices, ordered "
        f"by postal code or city, then name; {DEFAULT_RESULTS} per page, at most {MAX_RESULTS}.",
        parameters=[PostOfficeSearchSerializer],
        auth=[],
        responses={200: PostOfficePageSerializer, **error_responses(400)},
    )
    def get(self, request: Request) -> Response:
        query = PostOfficeSearchSerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        terms: dict[str, Any] = query.validated_data
        try:
            offices = matching_post_offices(postal_code=terms.get("postal_code", ""),
                                            city=terms.get("city", ""))
        except PostOfficeError as error:
            raise _as_api_error(error) from None
        paginator = PostOfficePagination()
        page = paginator.paginate_queryset(offices, request, view=self)
        return paginator.get_paginated_response(PostOfficeSerializer(page, many=True).data)


class PostOfficeDetailView(APIView):
    authentication_classes = API_AUTHENTICATION
    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="post_offices_retrieve",
        summary="One post office",
        description="Public. An unknown or closed-down office gives 404.",
        parameters=[OpenApiParameter("office_id", OpenApiTypes.STR, OpenApiParameter.PATH,
                                     description="The office's 6-character id.")],
        auth=[],
        responses={200: PostOfficeSerializer, **error_responses(404)},
    )
    def get(self, request: Request, office_id: str) -> Response:
        try:
            office = get_post_office(office_id)
        except PostOfficeError as error:
            raise _as_api_error(error) from None
        return Response(PostOfficeSerializer(office).data)


urlpatterns = [
    path("post-offices/", PostOfficeListView.as_view(), name="post-offices"),
    path("post-offices/<str:office_id>/", PostOfficeDetailView.as_view(),
         name="post-office-detail"),
]
