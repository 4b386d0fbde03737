from tenants.errors import DomainError


class DispatchError(DomainError):
    code = "dispatch_error"
    status = 400


class OfferUnavailable(DispatchError):
    """The offer was taken, declined, withdrawn or expired: someone else won, or time ran out."""

    code = "offer_unavailable"
    status = 409


class InvalidJobTransition(DispatchError):
    code = "invalid_transition"
    status = 409
