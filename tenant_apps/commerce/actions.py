"""Every change to a cart: add, change a quantity, remove, merge a visitor's cart at login.

Each change locks the cart row, so two requests adding the same item cannot both miss the line
and collide on the (cart, item) constraint, nor both pass the stock check on stale quantities.
"""

from django.db import transaction
from django.utils import timezone

from tenant_apps.accounts.models import User
from tenant_apps.catalog.models import ItemKind, SellableItem
from tenant_apps.customers.actions import ensure_customer_for_user
from tenants.lookups import is_database_id

from .errors import CartError, ItemNotSold, LineNotFound
from .models import MAX_QUANTITY, MIN_QUANTITY, Cart, CartLine
from .selectors import SHOP_KINDS, CartOwner, is_customer_account


def cart_for(owner: CartOwner) -> Cart:
    """The owner's cart, created on first use (a customer's profile too)."""
    if owner.user is not None:
        customer = ensure_customer_for_user(owner.user)
        cart, _ = Cart.objects.get_or_create(customer=customer)
        return cart
    if not owner.session_token:
        raise CartError("An anonymous cart needs a session.", code="no_session")
    cart, _ = Cart.objects.get_or_create(session_token=owner.session_token)
    return cart


def check_quantity(quantity: object) -> int:
    if isinstance(quantity, bool) or not isinstance(quantity, int) or not (
            MIN_QUANTITY <= quantity <= MAX_QUANTITY):
        raise CartError(f"Enter a whole number from {MIN_QUANTITY} to {MAX_QUANTITY}.",
                        code="invalid_quantity", field="quantity")
    return quantity


def access_shop_item(item_id: int) -> SellableItem:
    """An item the shop sells on its own; unknown, withdrawn and fees are the same 404."""
    if not is_database_id(item_id):
        raise ItemNotSold()
    item = SellableItem.objects.filter(pk=item_id, is_active=True, kind__in=SHOP_KINDS).first()
    if item is None:
        raise ItemNotSold()
    return item


def _check_fits(item: SellableItem, quantity: int) -> None:
    if not item.is_active or item.kind not in SHOP_KINDS:
        raise CartError("This item is no longer for sale.", code="item_unavailable",
                        field="item", status=409)
    check_quantity(quantity)
    if item.kind == ItemKind.PRODUCT and quantity > (item.stock or 0):
        raise CartError(f"Only {item.stock or 0} in stock.", code="insufficient_stock",
                        field="quantity", status=409)


def _lock(cart: Cart) -> None:
    """Touch the cart row: the UPDATE holds its lock until the transaction ends."""
    Cart.objects.filter(pk=cart.pk).update(updated_at=timezone.now())


def add_to_cart(cart: Cart, item_id: int, quantity: int = 1) -> CartLine:
    """Put ``quantity`` units of an item in the cart, on top of those already there."""
    check_quantity(quantity)
    with transaction.atomic():
        _lock(cart)
        item = access_shop_item(item_id)
        line = CartLine.objects.filter(cart=cart, item=item).first()
        wanted = quantity + (line.quantity if line else 0)
        _check_fits(item, wanted)
        if line is None:
            return CartLine.objects.create(cart=cart, item=item, quantity=wanted)
        line.quantity = wanted
        line.save(update_fields=["quantity", "updated_at"])
    return line


def _access_line(cart: Cart, line_id: int) -> CartLine:
    """One of this cart's lines; another cart's line and an unknown id are the same 404."""
    if not is_database_id(line_id):
        raise LineNotFound()
    line = CartLine.objects.select_related("item").filter(cart=cart, pk=line_id).first()
    if line is None:
        raise LineNotFound()
    return line


def set_line_quantity(cart: Cart, line_id: int, quantity: int) -> CartLine:
    check_quantity(quantity)
    with transaction.atomic():
        _lock(cart)
        line = _access_line(cart, line_id)
        _check_fits(line.item, quantity)
        line.quantity = quantity
        line.save(update_fields=["quantity", "updated_at"])
    return line


def remove_line(cart: Cart, line_id: int) -> None:
    """Remove a line, whether or not its item is still for sale."""
    with transaction.atomic():
        _lock(cart)
        _access_line(cart, line_id).delete()


def _mergeable_quantity(item: SellableItem, quantity: int) -> int:
    """What can move: capped at the line maximum and, for products, at the stock."""
    if not item.is_active or item.kind not in SHOP_KINDS:
        return 0
    cap = MAX_QUANTITY
    if item.kind == ItemKind.PRODUCT:
        cap = min(cap, item.stock or 0)
    return min(quantity, cap)


def merge_carts(source: Cart, target: Cart) -> Cart:
    """Move a visitor's lines into a customer's cart, then delete the visitor's cart.

    Quantities of an item in both carts add up; nothing raises: a sum over the limits is capped
    at 99 and at the stock, and withdrawn items are dropped.
    """
    with transaction.atomic():
        for cart in sorted((source, target), key=lambda c: c.pk):
            _lock(cart)
        existing = {line.item_id: line for line in target.lines.select_related("item")}
        for line in source.lines.select_related("item"):
            current = existing.get(line.item_id)
            wanted = line.quantity + (current.quantity if current else 0)
            quantity = _mergeable_quantity(line.item, wanted)
            if current is not None:
                if quantity > current.quantity:
                    current.quantity = quantity
                    current.save(update_fields=["quantity", "updated_at"])
            elif quantity >= MIN_QUANTITY:
                CartLine.objects.create(cart=target, item=line.item, quantity=quantity)
        source.delete()
    return target


def merge_into_customer_cart(session_token: str, user: User) -> Cart | None:
    """Merge the visitor cart of ``session_token`` into ``user``'s cart if they are a customer."""
    if not is_customer_account(user):
        return None
    source = Cart.objects.filter(session_token=session_token).first()
    if source is None:
        return None
    return merge_carts(source, cart_for(CartOwner(user=user)))
