"""Carts of one tenant: a registered customer's, or an anonymous visitor's (by session token).

Prices are not stored here: a cart is priced live from the catalogue (``selectors.cart_summary``);
prices are snapshotted on order lines when an order is placed.
"""

from django.db import models
from django.db.models import Q

from tenant_apps.catalog.models import SellableItem
from tenant_apps.customers.models import Customer

MIN_QUANTITY = 1
MAX_QUANTITY = 99


class Cart(models.Model):
    customer = models.OneToOneField(Customer, null=True, blank=True, on_delete=models.CASCADE,
                                    related_name="cart")
    # Anonymous visitors: a random token kept in their session (it survives the session key
    # change at login, so the cart can be merged into the customer's).
    session_token = models.CharField(max_length=64, null=True, blank=True, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(Q(customer__isnull=False, session_token__isnull=True)
                           | Q(customer__isnull=True, session_token__isnull=False)),
                name="commerce_cart_one_owner",
            ),
        ]

    def __str__(self) -> str:
        return f"Cart {self.pk}"


class CartLine(models.Model):
    cart = models.ForeignKey(Cart, on_delete=models.CASCADE, related_name="lines")
    item = models.ForeignKey(SellableItem, on_delete=models.CASCADE, related_name="+")
    quantity = models.PositiveSmallIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["cart", "item"], name="commerce_line_unique_item"),
            models.CheckConstraint(
                condition=Q(quantity__gte=MIN_QUANTITY, quantity__lte=MAX_QUANTITY),
                name="commerce_line_quantity_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} x item {self.item_id}"


# Orders live in their own module; importing them here registers them with the app.
from .order_models import (  # noqa: E402
    Order,
    OrderCounter,
    OrderEvent,
    OrderLine,
    OrderNote,
)

__all__ = ["Cart", "CartLine", "Order", "OrderCounter", "OrderEvent", "OrderLine", "OrderNote"]

from .checkout_models import CheckoutSettings, DeliveryOption  # noqa: E402

__all__ += ["CheckoutSettings", "DeliveryOption"]
