from tests.matrix_parts import ANYONE, TENANT, Row

ROWS = {
    (TENANT, "payments:pay"): Row(ANYONE, kwargs=("token=order_token",)),
}


def objects(tenant, users) -> dict:  # type: ignore[no-untyped-def]
    return {"order_token": "not-a-token"}
