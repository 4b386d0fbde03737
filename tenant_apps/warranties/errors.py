"""Refused warranty changes: a stable code, a sentence for people, the offending field."""

from tenants.errors import DomainError


class WarrantyError(DomainError):
    code = "warranty_error"
    status = 400


class WarrantyNotFound(WarrantyError):
    """Unknown or someone else's: the same answer for both."""

    code = "not_found"
    status = 404

    def __init__(self, what: str = "warranty") -> None:
        super().__init__(f"No such {what}.", field=what)


class WarrantyNotActive(WarrantyError):
    code = "warranty_not_active"
    status = 409

    def __init__(self, status: str) -> None:
        super().__init__(f"This warranty is {status}: it covers nothing now.", field="warranty")


class InvalidClaimTransition(WarrantyError):
    code = "invalid_transition"
    status = 409

    def __init__(self, source: str, target: str) -> None:
        super().__init__(f"A claim that is {source} cannot become {target}.", field="status")
