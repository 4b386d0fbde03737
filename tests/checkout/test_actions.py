"""place_order_from_cart with checkout details: idempotent by key, refused on changed prices."""

from decimal import Decimal

import pytest
from django.core import mail
from django_tenants.utils import tenant_context

from tenant_apps.catalog.models import SellableItem
from tenant_apps.commerce.checkout_actions import place_checkout_order, seed_checkout
from tenant_apps.commerce.checkout_choices import (
    BillingChoice,
    Buyer,
    DeliveryChoice,
    PostalAddress,
    checkout_details,
)
from tenant_apps.commerce.errors import OrderError
from tenant_apps.commerce.models import CartLine, Order
from tenant_apps.customers.models import Customer
from tests.orders.helpers import customer_user, filled_cart, product

pytestmark = pytest.mark.django_db


def _details(buyer: Buyer):  # type: ignore[no-untyped-def]
    from django.utils import timezone

    delivery = DeliveryChoice("colissimo", "new", address=PostalAddress(
        "Ann", "", "1 rue A", "75001", "Paris", "FR"))
    return checkout_details(buyer, delivery, BillingChoice(), payment_provider="dummy",
                            terms_version="2026-11", accepted_at=timezone.now())


def test_the_same_key_places_once_and_mails_once(tenant_a, django_capture_on_commit_callbacks):
    user = customer_user(tenant_a, "ann@example.com")
    cable = product(tenant_a, "Cable", price="12.00", stock=5)
    cart = filled_cart(tenant_a, user, {cable.pk: 1})
    with tenant_context(tenant_a), django_capture_on_commit_callbacks(execute=True):
        seed_checkout()
        buyer = Buyer(Customer.objects.get(user=user), user.email, "Ann")
        first = place_checkout_order(cart, buyer, _details(buyer),
                                     expected_total_gross=Decimal("18.90"), checkout_key="k")
        again = place_checkout_order(cart, buyer, _details(buyer),
                                     expected_total_gross=Decimal("18.90"), checkout_key="k")
        assert first.pk == again.pk and Order.objects.count() == 1
    assert len(mail.outbox) == 1


def test_a_changed_total_places_nothing(tenant_a):
    user = customer_user(tenant_a, "bob@example.com")
    cable = product(tenant_a, "Cable", price="12.00", stock=5)
    cart = filled_cart(tenant_a, user, {cable.pk: 2})
    with tenant_context(tenant_a):
        seed_checkout()
        buyer = Buyer(Customer.objects.get(user=user), user.email, "Bob")
        with pytest.raises(OrderError) as refused:
            place_checkout_order(cart, buyer, _details(buyer),
                                 expected_total_gross=Decimal("24.00"), checkout_key="k")
        assert refused.value.code == "prices_changed" and refused.value.field == "total"
        assert not Order.objects.exists()
        assert CartLine.objects.filter(cart=cart).get().quantity == 2
        assert SellableItem.objects.get(pk=cable.pk).stock == 5
