"""Refused state changes. Every domain's errors derive from DomainError, so the API, the views
and the commands report them the same way: a stable code, a sentence, the field, a status."""


class DomainError(Exception):
    code = "invalid"
    # The HTTP status an API answers with; None lets the API decide from the code.
    status: int | None = None

    def __init__(self, detail: str, *, code: str | None = None, field: str | None = None,
                 status: int | None = None):
        super().__init__(detail)
        self.detail = detail
        self.field = field
        if code:
            self.code = code
        if status:
            self.status = status


class TenantError(DomainError):
    code = "tenant_error"


class ProvisioningError(TenantError):
    code = "provisioning_failed"


class InvalidTenantTransition(TenantError):
    code = "invalid_transition"
    status = 409
