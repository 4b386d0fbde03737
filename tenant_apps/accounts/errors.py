from tenants.errors import DomainError


class AccountError(DomainError):
    code = "account_error"
    status = 400
