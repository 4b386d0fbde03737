"""Error codes of the post-office reference data."""

from tenants.errors import DomainError


class PostOfficeError(DomainError):
    """A post-office input was refused; ``field`` names the input (or CSV column), ``line`` the
    CSV line when the error comes from an import file."""

    code = "invalid"
    status = 400

    def __init__(self, detail: str, *, code: str | None = None, field: str | None = None,
                 line: int | None = None):
        super().__init__(detail, code=code, field=field)
        self.line = line


class PostOfficeNotFound(PostOfficeError):
    code = "not_found"
    status = 404


class InvalidImportFile(PostOfficeError):
    """A row or the header of an import file is wrong: the whole file is refused."""

    code = "invalid_row"
