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


class OrderError(DomainError):
    """A refused order change: placing, a status move, a note, an edit."""

    code = "order_error"
    status = 400


class InvalidOrderTransition(OrderError):
    code = "invalid_transition"
    status = 409

    def __init__(self, source: str, target: str) -> None:
        super().__init__(f"An order that is {source} cannot become {target}.", field="status")


class OrderFrozen(OrderError):
    """A paid order's lines and totals never change; refunds and credit notes do that."""

    code = "order_frozen"
    status = 409

    def __init__(self, status: str) -> None:
        super().__init__(f"An order that is {status} can no longer be modified.", field="lines")


class TransitionFollowsPayments(OrderError):
    """"Paid" and "refunded" are reached by payments and refunds, never set by hand."""

    code = "follows_payments"
    status = 409

    def __init__(self, target: str) -> None:
        super().__init__(f"An order becomes {target} through its payments, not by hand.",
                         field="status")
