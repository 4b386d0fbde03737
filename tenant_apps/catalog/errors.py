"""Error codes of the catalogue. Field validation raises Django's ValidationError (a dict per
field); these are the refusals that depend on the current state of a row."""

from tenants.errors import DomainError


class CatalogError(DomainError):
    code = "catalog_error"
    status = 400


class InsufficientStock(CatalogError):
    code = "insufficient_stock"
    status = 409

    def __init__(self, detail: str = "Not enough units in stock.") -> None:
        super().__init__(detail, field="stock")
