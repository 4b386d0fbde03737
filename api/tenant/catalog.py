"""Tenant API: the catalogue. Public to read (active items with their prices, reference data for
storefronts); items are written by the store's managers only."""

from typing import Any

from django.db.models import QuerySet
from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import generics, mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from api.access import API_AUTHENTICATION, IsManager, signed_in_user
from api.serializers import StrictInputMixin, error_responses
from tenant_apps.catalog import actions, selectors
from tenant_apps.catalog.models import (
    Brand,
    DeviceCategory,
    DeviceModel,
    FeeKind,
    ItemKind,
    SellableItem,
)
from tenant_apps.pricing.tax import VatRate

# --- Shapes ------------------------------------------------------------------------------------


class CatalogItemSerializer(serializers.ModelSerializer):
    """An item with its unit price excl. and incl. VAT, as the store entered it."""

    category: serializers.SlugRelatedField[DeviceCategory] = serializers.SlugRelatedField(
        slug_field="slug", read_only=True)
    currency = serializers.CharField(read_only=True)
    vat_percent = serializers.DecimalField(max_digits=4, decimal_places=1, read_only=True)
    price_excl_vat = serializers.SerializerMethodField()
    price_incl_vat = serializers.SerializerMethodField()
    vat_amount = serializers.SerializerMethodField()

    class Meta:
        model = SellableItem
        fields = [
            "id", "kind", "name", "description", "is_active", "currency", "price_excl_vat",
            "vat_amount", "price_incl_vat", "vat_rate", "vat_percent", "price_includes_vat",
            "warranty_months", "category", "device_model", "fee_kind", "stock",
        ]
        read_only_fields = fields

    def get_price_excl_vat(self, item: SellableItem) -> str:
        return str(item.taxed_price().net.amount)

    def get_price_incl_vat(self, item: SellableItem) -> str:
        return str(item.taxed_price().gross.amount)

    def get_vat_amount(self, item: SellableItem) -> str:
        return str(item.taxed_price().tax.amount)


class _ItemInputFields(StrictInputMixin, serializers.Serializer):
    name = serializers.CharField(max_length=120)
    description = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    vat_rate = serializers.ChoiceField(choices=VatRate.choices, required=False)
    price = serializers.DecimalField(max_digits=10, decimal_places=2, min_value=0,
                                     help_text="In euros, as a string, e.g. \"9.90\".")
    price_includes_vat = serializers.BooleanField(
        required=False, help_text="Defaults to the store's catalogue setting.")
    warranty_months = serializers.IntegerField(min_value=0, max_value=60, required=False,
                                               allow_null=True)
    category = serializers.SlugRelatedField(
        slug_field="slug", queryset=DeviceCategory.objects.all(), required=False,
        allow_null=True, help_text="Repair packages: the category slug they fit.")
    device_model = serializers.PrimaryKeyRelatedField(
        queryset=DeviceModel.objects.all(), required=False, allow_null=True,
        help_text="Repair packages: the id of the device model they fit.")
    fee_kind = serializers.ChoiceField(choices=FeeKind.choices, required=False, allow_blank=True)


class ItemCreateSerializer(_ItemInputFields):
    kind = serializers.ChoiceField(choices=ItemKind.choices)
    stock = serializers.IntegerField(min_value=0, max_value=1_000_000, required=False,
                                     allow_null=True, help_text="Products: units on hand.")


class ItemUpdateSerializer(_ItemInputFields):
    """The kind never changes; the stock moves through the stock endpoint only."""

    is_active = serializers.BooleanField(required=False)


class StockAdjustmentSerializer(StrictInputMixin, serializers.Serializer):
    delta = serializers.IntegerField(min_value=-1_000_000, max_value=1_000_000,
                                     help_text="Units to add; negative to take units out.")


class DeviceCategorySerializer(serializers.ModelSerializer):
    class Meta:
        model = DeviceCategory
        fields = ["id", "slug", "name", "can_travel"]
        read_only_fields = fields


class DeviceBrandSerializer(serializers.ModelSerializer):
    class Meta:
        model = Brand
        fields = ["id", "slug", "name"]
        read_only_fields = fields


class DeviceModelSerializer(serializers.ModelSerializer):
    category: serializers.SlugRelatedField[DeviceCategory] = serializers.SlugRelatedField(
        slug_field="slug", read_only=True)
    brand: serializers.SlugRelatedField[Brand] = serializers.SlugRelatedField(
        slug_field="slug", read_only=True)

    class Meta:
        model = DeviceModel
        fields = ["id", "name", "category", "brand"]
        read_only_fields = fields


# --- Views -------------------------------------------------------------------------------------


def _is_staff(request: Request) -> bool:
    return bool(request.user.is_authenticated and getattr(request.user, "is_store_staff", False))


def _lookup(param: str, model: Any, field: str, value: str) -> Any:
    """The active row a query parameter names, None when absent; unknown is a 400 on ``param``."""
    if not value:
        return None
    if field == "pk" and not value.isdigit():
        raise serializers.ValidationError({param: ["Give an id."]})
    found = model.objects.filter(**{field: value}, is_active=True).first()
    if found is None:
        raise serializers.ValidationError({param: ["No such active entry."]}, code="not_found")
    return found


ITEM_FILTERS = [
    OpenApiParameter("kind", OpenApiTypes.STR, enum=ItemKind.values),
    OpenApiParameter("category", OpenApiTypes.STR,
                     description="Category slug: only the repair packages that fit it."),
    OpenApiParameter("device_model", OpenApiTypes.INT,
                     description="Device model id: only the repair packages that fit it."),
]


@extend_schema_view(
    list=extend_schema(operation_id="catalog_items_list", summary="Items for sale", auth=[],
                       parameters=ITEM_FILTERS,
                       responses={200: CatalogItemSerializer(many=True), **error_responses(400)}),
    retrieve=extend_schema(operation_id="catalog_items_retrieve", summary="One item", auth=[],
                           responses={200: CatalogItemSerializer, **error_responses(404)}),
)
class ItemViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    authentication_classes = API_AUTHENTICATION
    serializer_class = CatalogItemSerializer
    lookup_url_kwarg = "item_id"

    def get_permissions(self) -> list:
        if self.action in ("list", "retrieve"):
            return [AllowAny()]
        return [IsManager()]

    def get_queryset(self) -> QuerySet[SellableItem]:
        if self.action != "list":
            return selectors.items(active_only=not _is_staff(self.request))
        return self._filtered_list()

    def _filtered_list(self) -> QuerySet[SellableItem]:
        params = self.request.query_params
        kind = params.get("kind", "")
        if kind and kind not in ItemKind.values:
            raise serializers.ValidationError({"kind": [f"Choose one of: {', '.join(ItemKind)}."]})
        category_slug, model_id = params.get("category", ""), params.get("device_model", "")
        if not (category_slug or model_id):
            return selectors.active_items(kind or None)
        if kind and kind != ItemKind.REPAIR_PACKAGE:
            raise serializers.ValidationError(
                {"kind": ["Filtering by device lists repair packages only."]})
        return selectors.packages_for_device(
            category=_lookup("category", DeviceCategory, "slug", category_slug),
            device_model=_lookup("device_model", DeviceModel, "pk", model_id),
        )

    @extend_schema(operation_id="catalog_items_create", summary="Create an item (managers)",
                   request=ItemCreateSerializer,
                   responses={201: CatalogItemSerializer, **error_responses(400, 401, 403)})
    def create(self, request: Request) -> Response:
        serializer = ItemCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = {name: value for name, value in serializer.validated_data.items()
                if value is not None}
        item = actions.create_item(actor_email=signed_in_user(request).email, **data)
        return Response(CatalogItemSerializer(item).data, status=status.HTTP_201_CREATED)

    @extend_schema(operation_id="catalog_items_update", summary="Change an item (managers)",
                   request=ItemUpdateSerializer,
                   responses={200: CatalogItemSerializer, **error_responses(400, 401, 403, 404)})
    def partial_update(self, request: Request, item_id: str) -> Response:
        item = self.get_object()
        serializer = ItemUpdateSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        item = actions.update_item(item, dict(serializer.validated_data),
                                   actor_email=signed_in_user(request).email)
        return Response(CatalogItemSerializer(item).data)

    @extend_schema(operation_id="catalog_items_deactivate", request=None,
                   summary="Withdraw an item from sale (managers)",
                   responses={200: CatalogItemSerializer, **error_responses(401, 403, 404)})
    @action(detail=True, methods=["post"])
    def deactivate(self, request: Request, item_id: str) -> Response:
        item = actions.deactivate_item(self.get_object(),
                                       actor_email=signed_in_user(request).email)
        return Response(CatalogItemSerializer(item).data)

    @extend_schema(operation_id="catalog_items_stock",
                   summary="Add or take out units of a product (managers)",
                   description="Never below zero: too many units taken out gives 409 "
                   "insufficient_stock, naming the field `stock`.",
                   request=StockAdjustmentSerializer,
                   responses={200: CatalogItemSerializer,
                              **error_responses(400, 401, 403, 404, 409)})
    @action(detail=True, methods=["post"])
    def stock(self, request: Request, item_id: str) -> Response:
        item = self.get_object()
        serializer = StockAdjustmentSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        actions.adjust_stock(item, serializer.validated_data["delta"],
                             actor_email=signed_in_user(request).email)
        return Response(CatalogItemSerializer(item).data)


class _PublicList(generics.ListAPIView):
    authentication_classes = API_AUTHENTICATION
    permission_classes = [AllowAny]


@extend_schema_view(get=extend_schema(summary="Device categories", auth=[]))
class CategoryList(_PublicList):
    serializer_class = DeviceCategorySerializer

    def get_queryset(self) -> QuerySet[DeviceCategory]:
        return selectors.categories()


@extend_schema_view(get=extend_schema(summary="Device brands", auth=[]))
class BrandList(_PublicList):
    serializer_class = DeviceBrandSerializer

    def get_queryset(self) -> QuerySet[Brand]:
        return selectors.brands()


@extend_schema_view(get=extend_schema(
    summary="Device models", auth=[],
    parameters=[OpenApiParameter("category", OpenApiTypes.STR, description="Category slug."),
                OpenApiParameter("brand", OpenApiTypes.STR, description="Brand slug.")],
    responses={200: DeviceModelSerializer(many=True), **error_responses(400)}))
class DeviceModelList(_PublicList):
    serializer_class = DeviceModelSerializer

    def get_queryset(self) -> QuerySet[DeviceModel]:
        params = self.request.query_params
        return selectors.device_models(
            category=_lookup("category", DeviceCategory, "slug", params.get("category", "")),
            brand=_lookup("brand", Brand, "slug", params.get("brand", "")),
        )


urlpatterns = [
    path("catalog/items/", ItemViewSet.as_view({"get": "list", "post": "create"}),
         name="catalog-items"),
    path("catalog/items/<int:item_id>/",
         ItemViewSet.as_view({"get": "retrieve", "patch": "partial_update"}),
         name="catalog-item-detail"),
    path("catalog/items/<int:item_id>/deactivate/", ItemViewSet.as_view({"post": "deactivate"}),
         name="catalog-item-deactivate"),
    path("catalog/items/<int:item_id>/stock/", ItemViewSet.as_view({"post": "stock"}),
         name="catalog-item-stock"),
    path("catalog/categories/", CategoryList.as_view(), name="catalog-categories"),
    path("catalog/brands/", BrandList.as_view(), name="catalog-brands"),
    path("catalog/models/", DeviceModelList.as_view(), name="catalog-models"),
]
