"""Refused cart changes: a stable code, a sentence for people, the offending field."""

from tenants.errors import DomainError


class CartError(DomainError):
    code = "cart_error"
    status = 400


class ItemNotSold(CartError):
    """Unknown, withdrawn, not sold on its own, or another store's: the same answer for all."""

    code = "item_not_found"
    status = 404

    def __init__(self) -> None:
        super().__init__("No such item for sale.", field="item")


class LineNotFound(CartError):
    code = "line_not_found"
    status = 404

    def __init__(self) -> None:
        super().__init__("No such line in this cart.", field="line")
