"""Read models of the shop: what is for sale, a cart priced for its owner, the cart's size."""

from dataclasses import dataclass

from django.db.models import QuerySet, Sum

from tenant_apps.accounts.models import Role, User
from tenant_apps.catalog import selectors as catalog
from tenant_apps.catalog.models import ItemKind, SellableItem
from tenant_apps.customers.models import Customer
from tenant_apps.pricing.money import Money

from .models import Cart, CartLine
from .pricing import PriceSummary, PricingPolicy, price_lines, pricing_policy

# What the shop sells on its own, in the order it lists them; fees only come with a service.
SHOP_KINDS: tuple[str, ...] = (ItemKind.REPAIR_PACKAGE, ItemKind.PRODUCT, ItemKind.WARRANTY_PLAN)


@dataclass(frozen=True)
class CartOwner:
    """Whose cart: a customer account's, or an anonymous visitor's session token."""

    user: User | None = None
    session_token: str | None = None

    @property
    def is_customer(self) -> bool:
        return self.user is not None


def is_customer_account(user: object) -> bool:
    return isinstance(user, User) and user.is_authenticated and user.role == Role.CUSTOMER


def shop_items() -> QuerySet[SellableItem]:
    """Active items sold on their own, in one query."""
    return catalog.active_items().filter(kind__in=SHOP_KINDS).order_by("name", "id")


@dataclass(frozen=True)
class ShopSection:
    kind: str
    title: str
    rows: list[tuple[SellableItem, Money]]  # (item, unit price as shown to the visitor)


SECTION_TITLES: dict[str, str] = {
    ItemKind.REPAIR_PACKAGE: "Repair packages",
    ItemKind.PRODUCT: "Products",
    ItemKind.WARRANTY_PLAN: "Warranty plans",
}


def shop_sections(policy: PricingPolicy) -> list[ShopSection]:
    """The shop's items grouped by kind, each with its unit price as this visitor sees it."""
    by_kind: dict[str, list[tuple[SellableItem, Money]]] = {kind: [] for kind in SHOP_KINDS}
    for item in shop_items():
        by_kind[item.kind].append((item, policy.shown(policy.charged(item.taxed_price()))))
    return [ShopSection(kind, SECTION_TITLES[kind], rows)
            for kind, rows in by_kind.items() if rows]


def customer_of(owner: CartOwner) -> Customer | None:
    """The owner's customer profile, without creating it (reading a cart writes nothing)."""
    if owner.user is None:
        return None
    return Customer.objects.filter(user=owner.user).first()


def find_cart(owner: CartOwner) -> Cart | None:
    if owner.user is not None:
        return Cart.objects.filter(customer__user=owner.user).first()
    if owner.session_token:
        return Cart.objects.filter(session_token=owner.session_token).first()
    return None


@dataclass(frozen=True)
class CartSummary:
    cart_id: int | None
    prices: PriceSummary
    # Lines whose item was withdrawn since it was added: listed, not priced, not sold.
    unavailable: tuple[CartLine, ...]


def cart_summary(cart: Cart | None, customer: Customer | None) -> CartSummary:
    """The cart priced for its owner, in three queries whatever its number of lines."""
    policy = pricing_policy(customer)
    lines = list(CartLine.objects.filter(cart=cart).select_related("item")) if cart else []
    available = [line for line in lines if line.item.is_active and line.item.kind in SHOP_KINDS]
    unavailable = tuple(line for line in lines if line not in available)
    return CartSummary(cart.pk if cart else None, price_lines(available, policy), unavailable)


def summary_for(owner: CartOwner) -> CartSummary:
    return cart_summary(find_cart(owner), customer_of(owner))


def cart_quantity(owner: CartOwner) -> int:
    """Units in the owner's cart, for the "Cart (n)" link: one query, none without a cart."""
    lines = CartLine.objects.filter(item__is_active=True, item__kind__in=SHOP_KINDS)
    if owner.user is not None:
        lines = lines.filter(cart__customer__user=owner.user)
    elif owner.session_token:
        lines = lines.filter(cart__session_token=owner.session_token)
    else:
        return 0
    return int(lines.aggregate(total=Sum("quantity"))["total"] or 0)
