"""Tenant API: the cart, for headless storefronts.

Customers use their token or session; anonymous visitors keep a cart through the session cookie
(writes then need the CSRF token, as for any cookie-authenticated call: every answer here sets
the ``csrftoken`` cookie, to send back in the ``X-CSRFToken`` header). Every answer is the
whole cart, priced for its owner: prices incl. VAT for individuals and guests, excl. VAT for
professionals, no VAT under reverse charge or for export.
"""

from typing import Any

from django.http import Http404
from django.urls import path
from django.utils.decorators import method_decorator
from django.views.decorators.csrf import ensure_csrf_cookie
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.authentication import SessionAuthentication
from rest_framework.permissions import SAFE_METHODS, AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.access import API_AUTHENTICATION
from api.serializers import StrictInputMixin, error_responses
from tenant_apps.catalog.models import ItemKind
from tenant_apps.commerce import actions, selectors, session
from tenant_apps.commerce.models import MAX_QUANTITY, MIN_QUANTITY, Cart
from tenant_apps.commerce.pricing import PricedLine, VatTreatment
from tenant_apps.commerce.selectors import CartSummary
from tenant_apps.pricing.money import Money
from tenants.lookups import MAX_ID

# --- Shapes ------------------------------------------------------------------------------------

AMOUNT_HELP = "In the cart's currency, as a string, e.g. \"9.90\"."


def _amount_field() -> serializers.CharField:
    return serializers.CharField(help_text=AMOUNT_HELP)


class CartLineSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    item = serializers.IntegerField(help_text="The catalogue item's id.")
    kind = serializers.ChoiceField(choices=ItemKind.choices)
    description = serializers.CharField()
    quantity = serializers.IntegerField()
    vat_percent = serializers.CharField()
    unit_price = serializers.CharField(help_text="As shown to this customer (see "
                                       "`prices_include_vat`).")
    unit_price_excl_vat = _amount_field()
    unit_price_incl_vat = _amount_field()
    line_total = serializers.CharField(help_text="As shown to this customer.")
    line_total_excl_vat = _amount_field()
    line_total_incl_vat = _amount_field()


class VatTotalSerializer(serializers.Serializer):
    vat_percent = serializers.CharField()
    total_excl_vat = _amount_field()
    vat = _amount_field()
    total_incl_vat = _amount_field()


class UnavailableLineSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    item = serializers.IntegerField()
    description = serializers.CharField()


class CartSerializer(serializers.Serializer):
    id = serializers.IntegerField(allow_null=True, help_text="None until something is added.")
    currency = serializers.CharField()
    prices_include_vat = serializers.BooleanField(
        help_text="Whether unit prices and line totals are shown incl. VAT.")
    vat_treatment = serializers.ChoiceField(choices=VatTreatment.choices)
    vat_mention = serializers.CharField(help_text="To print with the totals; empty when VAT "
                                        "is charged.")
    quantity = serializers.IntegerField(help_text="Units in the cart.")
    lines = CartLineSerializer(many=True)
    vat_totals = VatTotalSerializer(many=True)
    total_excl_vat = _amount_field()
    total_vat = _amount_field()
    total_incl_vat = _amount_field()
    unavailable = UnavailableLineSerializer(many=True, help_text="Lines whose item was "
                                            "withdrawn: not priced, to remove.")


class AddLineSerializer(StrictInputMixin, serializers.Serializer):
    item = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    quantity = serializers.IntegerField(min_value=MIN_QUANTITY, max_value=MAX_QUANTITY,
                                        default=1)


class QuantitySerializer(StrictInputMixin, serializers.Serializer):
    quantity = serializers.IntegerField(min_value=MIN_QUANTITY, max_value=MAX_QUANTITY)


def _amount(money: Money) -> str:
    return str(money.quantized().amount)


def _line(line: PricedLine) -> dict[str, Any]:
    return {
        "id": line.line_id, "item": line.item.pk, "kind": line.item.kind,
        "description": line.description, "quantity": line.quantity,
        "vat_percent": str(line.total.rate),
        "unit_price": _amount(line.unit_shown),
        "unit_price_excl_vat": _amount(line.unit_price.net),
        "unit_price_incl_vat": _amount(line.unit_price.gross),
        "line_total": _amount(line.total_shown),
        "line_total_excl_vat": _amount(line.total.net),
        "line_total_incl_vat": _amount(line.total.gross),
    }


def cart_payload(summary: CartSummary) -> dict[str, Any]:
    prices = summary.prices
    return CartSerializer({
        "id": summary.cart_id, "currency": prices.currency,
        "prices_include_vat": prices.policy.shows_vat_included,
        "vat_treatment": prices.policy.treatment.value, "vat_mention": prices.policy.mention,
        "quantity": prices.quantity,
        "lines": [_line(line) for line in prices.lines],
        "vat_totals": [{"vat_percent": str(rate.rate), "total_excl_vat": _amount(rate.net),
                        "vat": _amount(rate.tax), "total_incl_vat": _amount(rate.gross)}
                       for rate in prices.vat_totals],
        "total_excl_vat": _amount(prices.total_net), "total_vat": _amount(prices.total_tax),
        "total_incl_vat": _amount(prices.total_gross),
        "unavailable": [{"id": line.pk, "item": line.item_id, "description": line.item.name}
                        for line in summary.unavailable],
    }).data


# --- Views -------------------------------------------------------------------------------------


@method_decorator(ensure_csrf_cookie, name="dispatch")
class _CartView(APIView):
    authentication_classes = API_AUTHENTICATION
    permission_classes = [AllowAny]

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        # An anonymous cart rides on the session cookie: its writes need the CSRF token too.
        if request.method not in SAFE_METHODS and request.auth is None:
            SessionAuthentication().enforce_csrf(request)

    def _cart_response(self, request: Request, *, status_code: int = 200) -> Response:
        summary = selectors.summary_for(session.owner_of(request._request))
        return Response(cart_payload(summary), status=status_code)

    def _existing_cart(self, request: Request) -> Cart:
        cart = selectors.find_cart(session.owner_of(request._request))
        if cart is None:
            raise Http404
        return cart


class CartView(_CartView):
    @extend_schema(operation_id="cart_retrieve", summary="The cart, priced", auth=[],
                   responses={200: CartSerializer, **error_responses(401)})
    def get(self, request: Request) -> Response:
        return self._cart_response(request)


class CartLinesView(_CartView):
    @extend_schema(operation_id="cart_lines_add", summary="Add an item to the cart",
                   description="Adds to the units already in the cart. An unknown, withdrawn "
                   "or fee item is 404; more units of a product than in stock is 409 "
                   "insufficient_stock naming `quantity`.",
                   request=AddLineSerializer,
                   responses={201: CartSerializer, **error_responses(400, 401, 403, 404, 409)})
    def post(self, request: Request) -> Response:
        serializer = AddLineSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        actions.add_to_cart(session.cart_of(request._request), data["item"], data["quantity"])
        return self._cart_response(request, status_code=status.HTTP_201_CREATED)


class CartLineView(_CartView):
    @extend_schema(operation_id="cart_lines_update", summary="Change a line's quantity",
                   request=QuantitySerializer,
                   responses={200: CartSerializer, **error_responses(400, 401, 403, 404, 409)})
    def patch(self, request: Request, line_id: int) -> Response:
        serializer = QuantitySerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        actions.set_line_quantity(self._existing_cart(request), line_id,
                                  serializer.validated_data["quantity"])
        return self._cart_response(request)

    @extend_schema(operation_id="cart_lines_remove", summary="Remove a line", request=None,
                   responses={200: CartSerializer, **error_responses(401, 403, 404)})
    def delete(self, request: Request, line_id: int) -> Response:
        actions.remove_line(self._existing_cart(request), line_id)
        return self._cart_response(request)


urlpatterns = [
    path("cart/", CartView.as_view(), name="cart"),
    path("cart/lines/", CartLinesView.as_view(), name="cart-lines"),
    path("cart/lines/<int:line_id>/", CartLineView.as_view(), name="cart-line"),
]
