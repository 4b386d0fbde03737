from tenants.errors import DomainError


class RepairerError(DomainError):
    code = "repairer_error"
    status = 400
