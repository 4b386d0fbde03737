"""Shared by the order tests: carts filled through the real actions, orders placed from them."""

from decimal import Decimal

from django_tenants.utils import tenant_context

from tenant_apps.accounts.models import Role, User
from tenant_apps.commerce.actions import add_to_cart, cart_for
from tenant_apps.commerce.models import Cart, Order
from tenant_apps.commerce.order_actions import place_order_from_cart
from tenant_apps.commerce.order_state import OrderStatus
from tenant_apps.commerce.selectors import CartOwner
from tenant_apps.customers.models import Customer
from tenants.models import Tenant
from tests.commerce.helpers import customer_user, product
from tests.conftest import make_user

__all__ = ["customer_user", "product"]


def filled_cart(tenant: Tenant, user: User, items: dict[int, int]) -> Cart:
    """``user``'s cart holding ``{item id: quantity}``."""
    with tenant_context(tenant):
        cart = cart_for(CartOwner(user=user))
        for item_id, quantity in items.items():
            add_to_cart(cart, item_id, quantity)
        return cart


def placed_order(tenant: Tenant, email: str = "buyer@example.com", *,
                 price: str = "12.00") -> Order:
    """An order of one product, placed by a new customer account."""
    user = customer_user(tenant, email)
    item = product(tenant, f"Cable for {email}", price=price, stock=10)
    cart = filled_cart(tenant, user, {item.pk: 2})
    with tenant_context(tenant):
        return place_order_from_cart(cart, customer_email=email)


def bulk_orders(tenant: Tenant, count: int) -> None:
    """``count`` more orders of one guest, written in one statement (list query tests)."""
    with tenant_context(tenant):
        customer = (Customer.objects.filter(guest_email="bulk@example.com").first()
                    or Customer.objects.create(guest_email="bulk@example.com",
                                               guest_name="Bulk Buyer"))
        start = Order.objects.count()
        Order.objects.bulk_create([
            Order(reference=f"B-{start + n:07d}", customer=customer, email=customer.guest_email,
                  customer_name=customer.guest_name, vat_status="national",
                  vat_treatment="charged", shows_vat_included=True,
                  status=list(OrderStatus)[n % len(OrderStatus)], total_net=Decimal("10.00"),
                  total_tax=Decimal("2.00"), total_gross=Decimal("12.00"))
            for n in range(count)
        ])


def staff(tenant: Tenant, email: str, role: str = Role.COUNTER_STAFF) -> User:
    return make_user(tenant, email, role=role)
