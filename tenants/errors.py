"""Error codes of the tenants domain. Each carries the field it is about, when there is one."""


class TenantError(Exception):
    code = "tenant_error"

    def __init__(self, detail: str, *, code: str | None = None, field: str | None = None):
        super().__init__(detail)
        self.detail = detail
        self.field = field
        if code:
            self.code = code


class ProvisioningError(TenantError):
    code = "provisioning_failed"


class InvalidTenantTransition(TenantError):
    code = "invalid_transition"
