"""Tenant API: checkout, for headless storefronts.

``GET checkout/`` says what the checkout offers (delivery options priced for the caller, payment
methods, whether guests may order, the terms of sale and their version). ``POST checkout/orders/``
places the caller's cart as an order with every choice at once, validated as the storefront's
steps validate them (same field names in errors), and answers with the order and the URL of its
payment page. Customers use their token or session; guests use the session that holds their cart
(writes then need the CSRF token, as for the cart API).
"""

from typing import Any

from django.urls import path, reverse
from django.utils import timezone
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
from tenant_apps.commerce import checkout_session, selectors, session
from tenant_apps.commerce.checkout_actions import ensure_checkout, place_checkout_order
from tenant_apps.commerce.checkout_choices import (
    BillingSource,
    Buyer,
    Destination,
    billing_choice_from,
    check_terms,
    checkout_details,
    delivery_choice_from,
)
from tenant_apps.commerce.checkout_errors import CheckoutError, GuestCheckoutClosed
from tenant_apps.commerce.checkout_models import DELIVERY_OPTION_KINDS, CheckoutSettings
from tenant_apps.commerce.checkout_selectors import option_rows, order_for_checkout_key
from tenant_apps.commerce.errors import OrderError
from tenant_apps.commerce.models import Cart, CartLine
from tenant_apps.commerce.order_models import Order
from tenant_apps.payments.providers import available_providers
from tenant_apps.pricing.money import Money
from tenants.lookups import MAX_ID

# --- Shapes ------------------------------------------------------------------------------------

class DeliveryOptionSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # a field, not Field.label
    kind = serializers.ChoiceField(choices=DELIVERY_OPTION_KINDS,
                                   help_text="`home` needs an address, `post_office` an office.")
    price = serializers.CharField(help_text="As shown to the caller (see `prices_include_vat`).")
    vat_percent = serializers.CharField()


class ProviderSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # a field, not Field.label


class CheckoutOptionsSerializer(serializers.Serializer):
    is_customer = serializers.BooleanField(help_text="The caller is a signed-in customer.")
    allows_guest_checkout = serializers.BooleanField()
    prices_include_vat = serializers.BooleanField()
    terms_version = serializers.CharField(help_text="Send it back as `terms_version`.")
    terms_text = serializers.CharField()
    delivery_options = DeliveryOptionSerializer(many=True)
    payment_providers = ProviderSerializer(many=True)


def _address_fields(prefix: str) -> dict[str, serializers.Field]:
    limits = {"name": 150, "phone": 30, "street": 200, "postal_code": 12, "city": 100,
              "country": 2}
    return {f"{prefix}{name}": serializers.CharField(required=False, allow_blank=True,
                                                     max_length=limit)
            for name, limit in limits.items()}


class PlaceOrderSerializer(StrictInputMixin, serializers.Serializer):
    email = serializers.EmailField(required=False, help_text="Guests only.")
    full_name = serializers.CharField(required=False, max_length=150, help_text="Guests only.")
    destination = serializers.ChoiceField(choices=Destination.choices)
    delivery_option = serializers.CharField(max_length=40, help_text="A delivery option's code.")
    address_id = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID,
                                          help_text="destination=saved: one of your addresses.")
    post_office_id = serializers.CharField(required=False, max_length=20,
                                           help_text="destination=post_office.")
    billing = serializers.ChoiceField(choices=BillingSource.choices, default=BillingSource.SAME)
    billing_address_id = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)
    payment_provider = serializers.CharField(max_length=20)
    terms_accepted = serializers.BooleanField()
    terms_version = serializers.CharField(max_length=40)
    expected_total = serializers.DecimalField(
        required=False, max_digits=12, decimal_places=2,
        help_text="The total incl. delivery the customer saw; refused (409) if prices changed.")
    idempotency_key = serializers.CharField(
        required=False, max_length=64,
        help_text="Send the same key again to get the same order instead of a second one.")

    def get_fields(self) -> dict[str, serializers.Field]:
        # delivery_name ... delivery_country (destination=new), billing_* (billing=new).
        return {**super().get_fields(), **_address_fields("delivery_"),
                **_address_fields("billing_")}


class PlacedOrderSerializer(serializers.Serializer):
    reference = serializers.CharField()
    token = serializers.CharField(help_text="Opens the order's page, documents and payment.")
    status = serializers.CharField()
    currency = serializers.CharField()
    total_excl_vat = serializers.CharField()
    total_vat = serializers.CharField()
    total_incl_vat = serializers.CharField()
    vat_mention = serializers.CharField()
    pay_url = serializers.CharField(help_text="The payment page (path on this host).")
    order_url = serializers.CharField(help_text="The order's page (path on this host).")


def _amount(money: Money) -> str:
    return str(money.quantized().amount)


def placed_payload(order: Order) -> dict[str, Any]:
    return PlacedOrderSerializer({
        "reference": order.reference, "token": order.public_token, "status": order.status,
        "currency": order.currency, "total_excl_vat": str(order.total_net),
        "total_vat": str(order.total_tax), "total_incl_vat": str(order.total_gross),
        "vat_mention": order.vat_mention,
        "pay_url": reverse("payments:pay", kwargs={"token": order.public_token}),
        "order_url": reverse("my_orders:detail", kwargs={"token": order.public_token}),
    }).data


# --- Views -------------------------------------------------------------------------------------

@method_decorator(ensure_csrf_cookie, name="dispatch")
class _CheckoutView(APIView):
    authentication_classes = API_AUTHENTICATION
    permission_classes = [AllowAny]

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        # A guest's cart rides on the session cookie: its writes need the CSRF token too.
        if request.method not in SAFE_METHODS and request.auth is None:
            SessionAuthentication().enforce_csrf(request)


class CheckoutOptionsView(_CheckoutView):
    @extend_schema(operation_id="checkout_retrieve", summary="What the checkout offers", auth=[],
                   responses={200: CheckoutOptionsSerializer, **error_responses(401)})
    def get(self, request: Request) -> Response:
        user = checkout_session.customer_user(request._request)
        customer = selectors.customer_of(session.owner_of(request._request))
        settings = ensure_checkout()
        rows = option_rows(customer)
        return Response(CheckoutOptionsSerializer({
            "is_customer": user is not None,
            "allows_guest_checkout": settings.allows_guest_checkout,
            "prices_include_vat": not (customer and customer.is_professional),
            "terms_version": settings.terms_version, "terms_text": settings.terms_text,
            "delivery_options": [
                {"code": row.option.code, "label": row.option.label, "kind": row.option.kind,
                 "price": _amount(row.price_shown),
                 "vat_percent": str(row.option.taxed_price().rate)} for row in rows],
            "payment_providers": [{"code": code, "label": label}
                                  for code, label in available_providers()],
        }).data)


def _buyer(request: Request, data: dict[str, Any]) -> Buyer:
    customer = checkout_session.buyer_of(request._request, checkout_session.CheckoutState())
    if customer is not None:  # a signed-in customer (no guest state here)
        return customer
    if not CheckoutSettings.current().allows_guest_checkout:
        raise GuestCheckoutClosed()
    for name in ("email", "full_name"):
        if not str(data.get(name) or "").strip():
            raise CheckoutError("Guests give their e-mail address and name.", code="required",
                                field=name)
    return Buyer(None, data["email"].strip().lower(), data["full_name"].strip())


def _cart(cart: Cart | None) -> Cart:
    if cart is None or not CartLine.objects.filter(cart=cart).exists():
        raise OrderError("The cart is empty.", code="empty_cart", field="cart")
    return cart


class PlaceOrderView(_CheckoutView):
    @extend_schema(
        operation_id="checkout_orders_create", summary="Place the cart as an order", auth=[],
        description="Everything at once: the guest's e-mail and name (customers: nothing), "
        "`destination` with `address_id`, `delivery_*` fields or `post_office_id`, a "
        "`delivery_option` of the matching kind, `billing` (same, saved with "
        "`billing_address_id`, new with `billing_*`), `payment_provider`, `terms_accepted` "
        "and the current `terms_version`. Errors name the field; a stale terms version, "
        "changed prices or missing stock are 409.",
        request=PlaceOrderSerializer,
        responses={201: PlacedOrderSerializer, **error_responses(400, 401, 403, 409)})
    def post(self, request: Request) -> Response:
        serializer = PlaceOrderSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data: dict[str, Any] = dict(serializer.validated_data)
        ensure_checkout()
        found = selectors.find_cart(session.owner_of(request._request))
        replayed = order_for_checkout_key(found, data.get("idempotency_key", ""))
        if replayed is not None:  # the same request again: the order it made
            return Response(placed_payload(replayed), status=status.HTTP_201_CREATED)
        buyer = _buyer(request, data)
        cart = _cart(found)
        delivery = delivery_choice_from(data)
        billing = billing_choice_from(data)
        settings = CheckoutSettings.current()
        check_terms(settings, accepted=data["terms_accepted"], version=data["terms_version"])
        details = checkout_details(buyer, delivery, billing,
                                   payment_provider=data["payment_provider"],
                                   terms_version=settings.terms_version,
                                   accepted_at=timezone.now())
        order = place_checkout_order(cart, buyer, details,
                                     expected_total_gross=data.get("expected_total"),
                                     checkout_key=data.get("idempotency_key", ""))
        return Response(placed_payload(order), status=status.HTTP_201_CREATED)


urlpatterns = [
    path("checkout/", CheckoutOptionsView.as_view(), name="checkout"),
    path("checkout/orders/", PlaceOrderView.as_view(), name="checkout-orders"),
]
