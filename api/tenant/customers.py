"""Tenant API: a customer's own profile and addresses; staff read of customers.

``/customers/me/...`` works on the signed-in customer's profile (made on first use, so accounts
created before it existed get one); staff accounts have none and get 404 there.
"""

from typing import Any

from django.urls import path
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.access import API_AUTHENTICATION, IsStoreStaff, signed_in_user
from api.serializers import StrictInputMixin, error_responses
from tenant_apps.customers import actions
from tenant_apps.customers.errors import CustomerError
from tenant_apps.customers.models import Address, AddressKind, Customer
from tenant_apps.customers.selectors import access_address, access_customer, search_customers
from tenant_apps.customers.vat import CustomerKind, VatStatus


class AddressSerializer(serializers.ModelSerializer):
    class Meta:
        model = Address
        fields = ["id", "kind", "recipient_name", "phone", "street", "postal_code", "city",
                  "country", "is_default_delivery", "is_default_billing"]
        read_only_fields = fields


class AddressInputSerializer(StrictInputMixin, serializers.Serializer):
    """Only shapes and sizes here: the actions check the values and name the bad field."""

    kind = serializers.ChoiceField(choices=AddressKind.choices, required=False)
    recipient_name = serializers.CharField(max_length=150, required=False, allow_blank=True)
    phone = serializers.CharField(max_length=30, required=False, allow_blank=True)
    street = serializers.CharField(max_length=200)
    postal_code = serializers.CharField(max_length=12)
    city = serializers.CharField(max_length=100)
    country = serializers.CharField(max_length=2, required=False, help_text="ISO code, e.g. FR.")


class CustomerSerializer(serializers.ModelSerializer):
    email = serializers.CharField(read_only=True)
    name = serializers.CharField(read_only=True)
    vat_status = serializers.ChoiceField(choices=VatStatus.choices, read_only=True,
                                         help_text="What checkout charges.")

    class Meta:
        model = Customer
        fields = ["id", "email", "name", "is_guest", "kind", "company_name", "siret",
                  "vat_number", "vat_number_status", "billing_country", "vat_status",
                  "created_at"]
        read_only_fields = fields


class StaffCustomerSerializer(CustomerSerializer):
    derived_vat_status = serializers.ChoiceField(choices=VatStatus.choices, read_only=True)
    addresses = AddressSerializer(many=True, read_only=True)

    class Meta(CustomerSerializer.Meta):
        fields = [*CustomerSerializer.Meta.fields, "derived_vat_status", "vat_status_override",
                  "vat_status_override_at", "addresses"]
        read_only_fields = fields


class CustomerUpdateSerializer(StrictInputMixin, serializers.Serializer):
    kind = serializers.ChoiceField(choices=CustomerKind.choices, required=False)
    company_name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    siret = serializers.CharField(max_length=20, required=False, allow_blank=True)
    vat_number = serializers.CharField(max_length=30, required=False, allow_blank=True,
                                       help_text="EU VAT number with its prefix; checked in VIES.")
    billing_country = serializers.CharField(max_length=2, required=False)


def _customer_error(error: CustomerError) -> Response:
    fields = {error.field: [error.detail]} if error.field else {}
    return Response({"code": error.code, "detail": error.detail, "fields": fields},
                    status=error.status)


class _CustomerAPIView(APIView):
    authentication_classes = API_AUTHENTICATION
    permission_classes = [IsAuthenticated]

    def handle_exception(self, exc: Exception) -> Response:
        if isinstance(exc, CustomerError):
            return _customer_error(exc)
        return super().handle_exception(exc)

    def own_customer(self) -> Customer:
        return actions.ensure_customer_for_user(signed_in_user(self.request))

    def parsed(self, serializer_class: type[serializers.Serializer], *,
               partial: bool = False) -> dict[str, Any]:
        serializer = serializer_class(data=self.request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)


class MyCustomerView(_CustomerAPIView):
    @extend_schema(operation_id="customers_me_retrieve", summary="My customer profile",
                   responses={200: CustomerSerializer, **error_responses(401, 404)})
    def get(self, request: Request) -> Response:
        return Response(CustomerSerializer(self.own_customer()).data)

    @extend_schema(operation_id="customers_me_update",
                   summary="Change my kind, company, SIRET, VAT number or billing country",
                   description="A new VAT number is checked by format and checksum at once, then "
                   "in VIES: `vat_number_status` is `pending` until VIES answers.",
                   request=CustomerUpdateSerializer,
                   responses={200: CustomerSerializer, **error_responses(400, 401, 404)})
    def patch(self, request: Request) -> Response:
        details = actions.CustomerDetails(**self.parsed(CustomerUpdateSerializer, partial=True))
        customer = actions.update_customer_details(self.own_customer(), details,
                                                   actor=signed_in_user(request))
        return Response(CustomerSerializer(customer).data)


class MyAddressesView(_CustomerAPIView):
    @extend_schema(operation_id="customers_me_addresses_list", summary="My addresses",
                   responses={200: AddressSerializer(many=True), **error_responses(401, 404)})
    def get(self, request: Request) -> Response:
        addresses = self.own_customer().addresses.all()
        return Response(AddressSerializer(addresses, many=True).data)

    @extend_schema(operation_id="customers_me_addresses_create", summary="Add an address",
                   description="The first address becomes the default for delivery and billing.",
                   request=AddressInputSerializer,
                   responses={201: AddressSerializer, **error_responses(400, 401, 404)})
    def post(self, request: Request) -> Response:
        details = actions.AddressDetails(**self.parsed(AddressInputSerializer))
        address = actions.add_address(self.own_customer(), details)
        return Response(AddressSerializer(address).data, status=status.HTTP_201_CREATED)


class MyAddressView(_CustomerAPIView):
    @extend_schema(operation_id="customers_me_address_retrieve", summary="One of my addresses",
                   responses={200: AddressSerializer, **error_responses(401, 404)})
    def get(self, request: Request, pk: int) -> Response:
        return Response(AddressSerializer(access_address(self.own_customer(), pk)).data)

    @extend_schema(operation_id="customers_me_address_update", summary="Change an address",
                   request=AddressInputSerializer(partial=True),
                   responses={200: AddressSerializer, **error_responses(400, 401, 404)})
    def patch(self, request: Request, pk: int) -> Response:
        address = access_address(self.own_customer(), pk)
        details = actions.AddressDetails(**self.parsed(AddressInputSerializer, partial=True))
        return Response(AddressSerializer(actions.update_address(address, details)).data)

    @extend_schema(operation_id="customers_me_address_delete", summary="Remove an address",
                   description="A default it held passes to the oldest remaining address.",
                   responses={204: None, **error_responses(401, 404)})
    def delete(self, request: Request, pk: int) -> Response:
        actions.delete_address(access_address(self.own_customer(), pk))
        return Response(status=status.HTTP_204_NO_CONTENT)


class MyDefaultAddressView(_CustomerAPIView):
    use = ""

    def make_default(self, pk: int) -> Response:
        customer = self.own_customer()
        actions.set_default_address(access_address(customer, pk), use=self.use)
        return Response(AddressSerializer(customer.addresses.all(), many=True).data)


_DEFAULT_RESPONSES = {200: AddressSerializer(many=True), **error_responses(401, 404)}


class MyDefaultDeliveryView(MyDefaultAddressView):
    use = "delivery"

    @extend_schema(operation_id="customers_me_address_default_delivery", request=None,
                   summary="Make an address my default delivery address",
                   responses=_DEFAULT_RESPONSES)
    def post(self, request: Request, pk: int) -> Response:
        return self.make_default(pk)


class MyDefaultBillingView(MyDefaultAddressView):
    use = "billing"

    @extend_schema(operation_id="customers_me_address_default_billing", request=None,
                   summary="Make an address my default billing address",
                   responses=_DEFAULT_RESPONSES)
    def post(self, request: Request, pk: int) -> Response:
        return self.make_default(pk)


class StaffCustomerListView(_CustomerAPIView):
    permission_classes = [IsStoreStaff]

    @extend_schema(
        operation_id="customers_list", summary="Customers (staff)",
        parameters=[
            OpenApiParameter("search", str, description="Name, e-mail or company fragment."),
            OpenApiParameter("kind", str, enum=CustomerKind.values),
            OpenApiParameter("vat_status", str, enum=VatStatus.values),
        ],
        responses={200: CustomerSerializer(many=True), **error_responses(400, 401, 403)},
    )
    def get(self, request: Request) -> Response:
        filters = _ListFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        customers = search_customers(filters.validated_data.get("search", ""),
                                     kind=filters.validated_data.get("kind", ""),
                                     vat_status=filters.validated_data.get("vat_status", ""))
        paginator = LimitOffsetPagination()
        page = paginator.paginate_queryset(customers, request, view=self)
        return paginator.get_paginated_response(CustomerSerializer(page, many=True).data)


class _ListFilterSerializer(serializers.Serializer):
    search = serializers.CharField(max_length=100, required=False, allow_blank=True)
    kind = serializers.ChoiceField(choices=CustomerKind.choices, required=False,
                                   allow_blank=True)
    vat_status = serializers.ChoiceField(choices=VatStatus.choices, required=False,
                                         allow_blank=True)


class StaffCustomerDetailView(_CustomerAPIView):
    permission_classes = [IsStoreStaff]

    @extend_schema(operation_id="customers_retrieve", summary="One customer (staff)",
                   responses={200: StaffCustomerSerializer, **error_responses(401, 403, 404)})
    def get(self, request: Request, pk: int) -> Response:
        return Response(StaffCustomerSerializer(access_customer(pk)).data)


urlpatterns = [
    path("customers/", StaffCustomerListView.as_view(), name="customers-list"),
    path("customers/<int:pk>/", StaffCustomerDetailView.as_view(), name="customers-detail"),
    path("customers/me/", MyCustomerView.as_view(), name="customers-me"),
    path("customers/me/addresses/", MyAddressesView.as_view(), name="customers-addresses"),
    path("customers/me/addresses/<int:pk>/", MyAddressView.as_view(), name="customers-address"),
    path("customers/me/addresses/<int:pk>/default-delivery/", MyDefaultDeliveryView.as_view(),
         name="customers-address-default-delivery"),
    path("customers/me/addresses/<int:pk>/default-billing/", MyDefaultBillingView.as_view(),
         name="customers-address-default-billing"),
]
