from tenants.errors import DomainError


class CustomerError(DomainError):
    """A refused customer change: a stable code, a sentence for people, the offending field."""

    code = "customer_error"
    status = 400
