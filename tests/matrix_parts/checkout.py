from django_tenants.utils import tenant_context

from tenant_apps.commerce.checkout_actions import seed_checkout
from tenant_apps.commerce.models import CheckoutSettings, DeliveryOption, Order
from tests.matrix_parts import ANYONE, TENANT, Row

ROWS = {
    # Storefront checkout: every step is open; each sends visitors where they belong.
    (TENANT, "checkout:start"): Row(ANYONE),
    (TENANT, "checkout:who"): Row(ANYONE),
    (TENANT, "checkout:delivery"): Row(ANYONE),
    (TENANT, "checkout:payment"): Row(ANYONE),
    (TENANT, "checkout:review"): Row(ANYONE),
    (TENANT, "checkout:place"): Row(ANYONE, "post"),
    # The customer's orders; one order opens with its public token (guests).
    (TENANT, "my_orders:list"): Row("customer"),
    (TENANT, "my_orders:detail"): Row(ANYONE, kwargs=("token=my_order_token",)),
    # Back office: staff read the checkout settings, managers change them.
    (TENANT, "checkout_admin:overview"): Row("counter_staff"),
    (TENANT, "checkout_admin:settings"): Row("manager", "post"),
    (TENANT, "checkout_admin:option_create"): Row("manager", "post"),
    (TENANT, "checkout_admin:option_edit"): Row("manager", "post", ("option_id",)),
    # Tenant API.
    (TENANT, "tenant_api:checkout"): Row(ANYONE),
    (TENANT, "tenant_api:checkout-orders"): Row(ANYONE, "post"),
}


def objects(tenant, users) -> dict:  # type: ignore[no-untyped-def]
    with tenant_context(tenant):
        seed_checkout()
        return {
            "my_order_token": Order.objects.get(reference="C-MATRIX").public_token,
            "option_id": DeliveryOption.objects.order_by("pk").first().pk,
        }


def snapshot(tenant) -> tuple:  # type: ignore[no-untyped-def]
    with tenant_context(tenant):
        return (
            tuple(DeliveryOption.objects.order_by("pk").values_list(
                "pk", "code", "label", "price", "is_active")),
            tuple(CheckoutSettings.objects.values_list("allows_guest_checkout",
                                                       "terms_version")),
        )
