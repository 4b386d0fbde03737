class AccountError(Exception):
    code = "account_error"

    def __init__(self, detail: str, *, code: str | None = None, field: str | None = None,
                 status: int = 400):
        super().__init__(detail)
        self.detail = detail
        self.field = field
        self.status = status
        if code:
            self.code = code
