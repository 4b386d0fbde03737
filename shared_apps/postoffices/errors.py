"""Error codes of the post-office reference data."""


class PostOfficeError(Exception):
    """A post-office input was refused; ``field`` names the input (or CSV column), ``line`` the
    CSV line when the error comes from an import file."""

    code = "invalid"
    status = 400

    def __init__(self, detail: str, *, code: str | None = None, field: str | None = None,
                 line: int | None = None):
        super().__init__(detail)
        self.detail = detail
        self.field = field
        self.line = line
        if code:
            self.code = code


class PostOfficeNotFound(PostOfficeError):
    code = "not_found"
    status = 404


class InvalidImportFile(PostOfficeError):
    """A row or the header of an import file is wrong: the whole file is refused."""

    code = "invalid_row"
