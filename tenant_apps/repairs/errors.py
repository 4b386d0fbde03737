"""Refused repair changes: a stable code, a sentence for people, the offending field."""

from tenants.errors import DomainError


class RepairError(DomainError):
    code = "repair_error"
    status = 400


class DeviceError(RepairError):
    code = "invalid_device"


class UploadRefused(RepairError):
    """An uploaded file that is not what it claims, or too large: named after its field."""

    code = "invalid_upload"


class UploadTooLarge(UploadRefused):
    code = "file_too_large"


class NotFound(RepairError):
    """Unknown or someone else's: the same answer for both."""

    code = "not_found"
    status = 404

    def __init__(self, what: str = "repair order") -> None:
        super().__init__(f"No such {what}.", field=what.replace(" ", "_"))


class InvalidRepairTransition(RepairError):
    code = "invalid_transition"
    status = 409

    def __init__(self, path: str, source: str, target: str) -> None:
        super().__init__(f"A {path} repair that is {source} cannot become {target}.",
                         field="status")


class TransitionFollowsQuote(RepairError):
    code = "follows_quote"
    status = 409

    def __init__(self, target: str) -> None:
        super().__init__(f"A repair becomes {target} through its quote, not by hand.",
                         field="status")


class QuoteError(RepairError):
    code = "quote_error"


class InvalidQuoteTransition(QuoteError):
    code = "invalid_quote_transition"
    status = 409

    def __init__(self, source: str, target: str) -> None:
        super().__init__(f"A quote that is {source} cannot become {target}.", field="status")


class QuoteExpired(QuoteError):
    code = "quote_expired"
    status = 409

    def __init__(self) -> None:
        super().__init__("This quote has expired: ask for a new one.", field="quote")
