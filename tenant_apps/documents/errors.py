from tenants.errors import DomainError


class DocumentError(DomainError):
    """A refused document operation: a stable code, a sentence for people, the field."""

    code = "document_error"
    status = 400


class NumberingError(DocumentError):
    """A number cannot be taken. These are programming errors of the caller (outside a
    transaction, on the public schema, an unknown kind) or a date that would break the
    chronological order of a series."""

    code = "numbering_refused"


class IssueDateBeforeLastIssued(NumberingError):
    code = "issue_date_before_last_issued"
    status = 409


class DocumentImmutable(DocumentError):
    code = "document_immutable"
    status = 409


class RefundExceedsDocument(DocumentError):
    code = "refund_exceeds_document"
    status = 409


class InvalidSellerProfile(DocumentError):
    code = "invalid_seller_profile"
