class DispatchError(Exception):
    code = "dispatch_error"
    status = 400

    def __init__(self, detail: str, *, code: str | None = None, field: str | None = None,
                 status: int | None = None):
        super().__init__(detail)
        self.detail = detail
        self.field = field
        if code:
            self.code = code
        if status:
            self.status = status


class OfferUnavailable(DispatchError):
    """The offer was taken, declined, withdrawn or expired: someone else won, or time ran out."""

    code = "offer_unavailable"
    status = 409


class InvalidJobTransition(DispatchError):
    code = "invalid_transition"
    status = 409
