"""Every URL of both URL spaces is in the permission matrix, or the walk fails.

Each row names the weakest role that may use the URL and the method to try. Every role is tried
on every row: a role below the minimum is refused (a redirect to a login page, 401, 403 or 404)
and leaves nothing changed; a role at or above it gets through. Tenant roles are tried on the
tenant's host, platform roles (operator, repairer) on the public host: a session never crosses
hosts (tests/isolation covers that).
"""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from django_tenants.utils import schema_context, tenant_context

from shared_apps.dispatch.models import Job, JobOffer
from shared_apps.dispatch.state import JobStatus
from shared_apps.repairers.models import Repairer, RepairerMember
from tenant_apps.accounts.models import Role, User
from tenant_apps.catalog.actions import create_category, create_item
from tenant_apps.catalog.models import DeviceCategory, SellableItem
from tenant_apps.commerce.models import Cart, CartLine, Order, OrderNote
from tenant_apps.customers.models import Address, Customer
from tenants.models import Tenant
from tests.conftest import HOST_A, PUBLIC_HOST, make_user
from tests.matrix_parts import ANYONE, PUBLIC, TENANT, Row, parts

pytestmark = pytest.mark.django_db

TENANT_ROLES = ["anonymous", "customer", "counter_staff", "manager"]
PUBLIC_ROLES = ["anonymous", "operator", "repairer"]
PARTS = parts()


MATRIX: dict[tuple[str, str], Row] = {
    # Storefront and customer accounts.
    (TENANT, "storefront:home"): Row(ANYONE),
    (TENANT, "storefront:brand_logo"): Row(ANYONE),
    (TENANT, "accounts:login"): Row(ANYONE),
    (TENANT, "accounts:logout"): Row(ANYONE, "post"),
    (TENANT, "accounts:signup"): Row(ANYONE),
    (TENANT, "accounts:password_reset"): Row(ANYONE),
    (TENANT, "accounts:verify_email"): Row(ANYONE, kwargs=("token",)),
    (TENANT, "accounts:password_reset_confirm"): Row(ANYONE, kwargs=("uidb64", "token")),
    (TENANT, "accounts:account"): Row("customer"),
    # Back office.
    (TENANT, "backoffice:login"): Row(ANYONE),
    (TENANT, "backoffice:logout"): Row(ANYONE, "post"),
    (TENANT, "backoffice:accept_invitation"): Row(ANYONE, kwargs=("uidb64", "token")),
    (TENANT, "backoffice:dashboard"): Row("counter_staff"),
    (TENANT, "backoffice:brand"): Row("manager"),
    (TENANT, "backoffice:staff"): Row("manager"),
    (TENANT, "backoffice:invite"): Row("manager", "post"),
    (TENANT, "backoffice:deactivate"): Row("manager", "post", ("user_id",)),
    (TENANT, "backoffice:reactivate"): Row("manager", "post", ("user_id",)),
    # Shop and cart.
    (TENANT, "commerce:shop"): Row(ANYONE),
    (TENANT, "commerce:cart"): Row(ANYONE),
    (TENANT, "commerce:cart_add"): Row(ANYONE, "post"),
    (TENANT, "commerce:cart_update"): Row(ANYONE, "post", ("line_id",)),
    (TENANT, "commerce:cart_remove"): Row(ANYONE, "post", ("line_id",)),
    # Orders (back office).
    (TENANT, "orders:list"): Row("counter_staff"),
    (TENANT, "orders:detail"): Row("counter_staff", kwargs=("order_id",)),
    (TENANT, "orders:transition"): Row("counter_staff", "post", ("order_id",)),
    (TENANT, "orders:note"): Row("counter_staff", "post", ("order_id",)),
    # Catalogue (back office).
    (TENANT, "catalog:items"): Row("counter_staff"),
    (TENANT, "catalog:item_create"): Row("manager", kwargs=("kind",)),
    (TENANT, "catalog:item_edit"): Row("manager", kwargs=("item_id",)),
    (TENANT, "catalog:item_deactivate"): Row("manager", "post", ("item_id",)),
    (TENANT, "catalog:item_stock"): Row("manager", "post", ("item_id",)),
    (TENANT, "catalog:settings"): Row("manager"),
    (TENANT, "catalog:reference_list"): Row("counter_staff", kwargs=("section",)),
    (TENANT, "catalog:reference_create"): Row("manager", kwargs=("section",)),
    (TENANT, "catalog:reference_edit"): Row("manager", kwargs=("section", "record_id")),
    # Customers (back office).
    (TENANT, "customers:list"): Row("counter_staff"),
    (TENANT, "customers:detail"): Row("counter_staff", kwargs=("customer_id",)),
    (TENANT, "customers:vat_override"): Row("manager", "post", ("customer_id",)),
    # Tenant API.
    (TENANT, "tenant_api:signup"): Row(ANYONE, "post"),
    (TENANT, "tenant_api:token"): Row(ANYONE, "post"),
    (TENANT, "tenant_api:me"): Row("customer"),
    (TENANT, "tenant_api:branding"): Row(ANYONE),
    (TENANT, "tenant_api:network-jobs"): Row("counter_staff"),
    (TENANT, "tenant_api:customers-list"): Row("counter_staff"),
    (TENANT, "tenant_api:customers-detail"): Row("counter_staff", kwargs=("pk=customer_id",)),
    (TENANT, "tenant_api:customers-me"): Row("customer"),
    (TENANT, "tenant_api:customers-addresses"): Row("customer", "post"),
    (TENANT, "tenant_api:customers-address"): Row("customer", "delete", ("pk=address_id",)),
    (TENANT, "tenant_api:customers-address-default-delivery"): Row(
        "customer", "post", ("pk=address_id",)),
    (TENANT, "tenant_api:customers-address-default-billing"): Row(
        "customer", "post", ("pk=address_id",)),
    (TENANT, "tenant_api:catalog-items"): Row(ANYONE),
    (TENANT, "tenant_api:catalog-item-detail"): Row(ANYONE, kwargs=("item_id",)),
    (TENANT, "tenant_api:catalog-item-deactivate"): Row("manager", "post", ("item_id",)),
    (TENANT, "tenant_api:catalog-item-stock"): Row("manager", "post", ("item_id",)),
    (TENANT, "tenant_api:catalog-categories"): Row(ANYONE),
    (TENANT, "tenant_api:catalog-brands"): Row(ANYONE),
    (TENANT, "tenant_api:catalog-models"): Row(ANYONE),
    (TENANT, "tenant_api:cart"): Row(ANYONE),
    (TENANT, "tenant_api:cart-lines"): Row(ANYONE, "post"),
    (TENANT, "tenant_api:cart-line"): Row(ANYONE, "delete", ("line_id",)),
    (TENANT, "tenant_api:post-offices"): Row(ANYONE),
    (TENANT, "tenant_api:post-office-detail"): Row(ANYONE, kwargs=("office_id",)),
    (TENANT, "tenant_api:schema"): Row(ANYONE),
    (TENANT, "tenant_api:docs"): Row(ANYONE),
    # Operator console.
    (PUBLIC, "console:login"): Row(ANYONE),
    (PUBLIC, "console:logout"): Row(ANYONE, "post"),
    (PUBLIC, "console:tenants"): Row("operator"),
    (PUBLIC, "console:onboard"): Row("operator"),
    (PUBLIC, "console:tenant"): Row("operator", kwargs=("slug",)),
    (PUBLIC, "console:suspend"): Row("operator", "post", ("slug",)),
    (PUBLIC, "console:reactivate"): Row("operator", "post", ("slug",)),
    (PUBLIC, "console:add_domain"): Row("operator", "post", ("slug",)),
    (PUBLIC, "console:tenant_dispatch"): Row("operator", "post", ("slug",)),
    (PUBLIC, "console:repairers"): Row("operator"),
    (PUBLIC, "console:repairer_create"): Row("operator"),
    (PUBLIC, "console:repairer"): Row("operator", kwargs=("pk",)),
    (PUBLIC, "console:repairer_profile"): Row("operator", "post", ("pk",)),
    (PUBLIC, "console:repairer_skills"): Row("operator", "post", ("pk",)),
    (PUBLIC, "console:repairer_zones"): Row("operator", "post", ("pk",)),
    (PUBLIC, "console:repairer_zone_remove"): Row("operator", "post", ("pk", "zone_id")),
    (PUBLIC, "console:repairer_hours"): Row("operator", "post", ("pk",)),
    (PUBLIC, "console:repairer_absences"): Row("operator", "post", ("pk",)),
    (PUBLIC, "console:repairer_absence_remove"): Row("operator", "post", ("pk", "absence_id")),
    (PUBLIC, "console:repairer_tenants"): Row("operator", "post", ("pk",)),
    (PUBLIC, "console:repairer_members"): Row("operator", "post", ("pk",)),
    (PUBLIC, "console:jobs"): Row("operator"),
    (PUBLIC, "console:stuck_jobs"): Row("operator"),
    (PUBLIC, "console:unassigned_jobs"): Row("operator"),
    (PUBLIC, "console:job"): Row("operator", kwargs=("uid",)),
    (PUBLIC, "console:job_route_again"): Row("operator", "post", ("uid",)),
    (PUBLIC, "console:job_cancel"): Row("operator", "post", ("uid",)),
    (PUBLIC, "console:dispatch_settings"): Row("operator"),
    # Repairer portal.
    (PUBLIC, "portal:login"): Row(ANYONE),
    (PUBLIC, "portal:logout"): Row(ANYONE, "post"),
    (PUBLIC, "portal:accept_invitation"): Row(ANYONE, kwargs=("uidb64", "token")),
    (PUBLIC, "portal:offers"): Row("repairer"),
    (PUBLIC, "portal:accept_offer"): Row("repairer", "post", ("offer_id",)),
    (PUBLIC, "portal:decline_offer"): Row("repairer", "post", ("offer_id",)),
    (PUBLIC, "portal:jobs"): Row("repairer"),
    (PUBLIC, "portal:job"): Row("repairer", kwargs=("uid",)),
    (PUBLIC, "portal:report_progress"): Row("repairer", "post", ("uid",)),
    (PUBLIC, "portal:profile"): Row("repairer"),
    # Platform API.
    (PUBLIC, "platform_api:schema"): Row(ANYONE),
    (PUBLIC, "platform_api:docs"): Row(ANYONE),
    (PUBLIC, "platform_api:tenant-list"): Row("operator"),
    (PUBLIC, "platform_api:tenant-detail"): Row("operator", kwargs=("slug",)),
    (PUBLIC, "platform_api:tenant-suspend"): Row("operator", "post", ("slug",)),
    (PUBLIC, "platform_api:tenant-reactivate"): Row("operator", "post", ("slug",)),
    (PUBLIC, "platform_api:repairer-token"): Row(ANYONE, "post"),
    (PUBLIC, "platform_api:repairer-offer-list"): Row("repairer"),
    (PUBLIC, "platform_api:repairer-offer-accept"): Row("repairer", "post", ("pk=offer_id",)),
    (PUBLIC, "platform_api:repairer-offer-decline"): Row("repairer", "post", ("pk=offer_id",)),
    (PUBLIC, "platform_api:repairer-job-list"): Row("repairer"),
    (PUBLIC, "platform_api:repairer-job-detail"): Row("repairer", kwargs=("uid",)),
    (PUBLIC, "platform_api:repairer-job-progress"): Row("repairer", "post", ("uid",)),
}
for _part in PARTS:
    assert not set(_part.ROWS) & set(MATRIX), f"{_part.__name__} repeats rows"
    MATRIX.update(_part.ROWS)


def _walk(patterns, namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}"


def all_url_names(urlconf: str) -> set[tuple[str, str]]:
    return {(urlconf, name) for name in _walk(get_resolver(urlconf).url_patterns)}


def test_every_url_is_in_the_matrix():
    existing = all_url_names(TENANT) | all_url_names(PUBLIC)
    unlisted = existing - set(MATRIX)
    assert not unlisted, f"URLs missing from the permission matrix: {sorted(unlisted)}"
    stale = set(MATRIX) - existing
    assert not stale, f"Matrix rows for URLs that no longer exist: {sorted(stale)}"


@pytest.fixture
def world(tenant_a):
    """One of everything a URL can point at, and a user for every role."""
    users = {}
    for role in ("customer", "counter_staff", "manager"):
        users[role] = make_user(tenant_a, f"{role}@matrix.test", role)
    target = make_user(tenant_a, "target@matrix.test", Role.COUNTER_STAFF)
    with tenant_context(tenant_a):
        shopper = Customer.objects.create(user=users["customer"])
        address = Address.objects.create(customer=shopper, street="1 rue A", postal_code="75001",
                                         city="Paris")
        catalog_item = create_item(kind="product", name="Matrix cable", price=Decimal("9.90"),
                                   stock=3)
        catalog_category = create_category(name="Matrix", slug="matrix")
        cart_line = CartLine.objects.create(cart=Cart.objects.create(customer=shopper),
                                            item=catalog_item, quantity=1)
        order = Order.objects.create(reference="C-MATRIX", customer=shopper,
                                     email="customer@matrix.test", vat_status="national",
                                     vat_treatment="charged", shows_vat_included=True,
                                     total_net=Decimal("10.00"), total_tax=Decimal("2.00"),
                                     total_gross=Decimal("12.00"))
    users["operator"] = make_user(None, "operator@matrix.test", Role.OPERATOR)
    with schema_context("public"):
        repairer_user = make_user(None, "repairer@matrix.test", Role.REPAIRER)
        repairer = Repairer.objects.create(name="Matrix Repairs", email="shop@matrix.test")
        RepairerMember.objects.create(repairer=repairer, user=repairer_user)
        zone = repairer.zones.create(kind="postal_prefix", postal_prefix="75")
        absence = repairer.absences.create(starts_on="2030-01-01", ends_on="2030-01-02")
        now = timezone.now()
        job = Job.objects.create(tenant=tenant_a, order_reference="MATRIX-1", category="phone",
                                 fault_summary="Broken screen", postal_code="75011",
                                 status=JobStatus.OFFERED, customer_name="Secret Customer")
        offer = JobOffer.objects.create(job=job, repairer=repairer, offered_at=now,
                                        expires_at=now + timedelta(hours=1))
    users["repairer"] = repairer_user
    objects = {
        "user_id": target.pk, "slug": tenant_a.slug, "pk": repairer.pk, "zone_id": zone.pk,
        "absence_id": absence.pk, "uid": job.uid, "offer_id": offer.pk,
        "token": "not-a-token", "uidb64": "MQ", "office_id": "MATRIX",
        "customer_id": shopper.pk, "address_id": address.pk,
        "item_id": catalog_item.pk, "kind": "product", "section": "categories",
        "record_id": catalog_category.pk, "line_id": cart_line.pk,
        "order_id": order.pk,
    }
    for part in PARTS:
        if hasattr(part, "objects"):
            objects.update(part.objects(tenant_a, users))
    return users, objects


def _kwargs(row: Row, objects: dict) -> dict:
    """URL arguments: "name" takes the object of that name, "name=object" another one."""
    pairs = [entry.partition("=") for entry in row.kwargs]
    return {name: objects[source or name] for name, _, source in pairs}


def _client(role: str, urlconf: str, users: dict, tenant) -> Client:
    client = Client(HTTP_HOST=PUBLIC_HOST if urlconf == PUBLIC else HOST_A)
    if role == "anonymous":
        return client
    if urlconf == TENANT:
        with tenant_context(tenant):
            client.force_login(users[role])
    else:
        with schema_context("public"):
            client.force_login(users[role])
    return client


def _allowed(role: str, minimum: str, urlconf: str) -> bool:
    if minimum == ANYONE:
        return True
    if urlconf == TENANT:
        return TENANT_ROLES.index(role) >= TENANT_ROLES.index(minimum)
    return role == minimum


def _snapshot(tenant) -> tuple:
    with schema_context("public"):
        public = (
            tuple(Tenant.objects.order_by("pk").values_list("pk", "status", "name")),
            tuple(Job.objects.order_by("pk").values_list("pk", "status", "repairer_id")),
            tuple(JobOffer.objects.order_by("pk").values_list("pk", "status")),
            tuple(Repairer.objects.order_by("pk").values_list("pk", "name", "capacity")),
            Tenant.objects.get(pk=tenant.pk).domains.count(),
        )
    with tenant_context(tenant):
        users = tuple(User.objects.order_by("pk").values_list("pk", "is_active", "role"))
        brand_name = Tenant.objects.get(pk=tenant.pk).brand.display_name
        items = SellableItem.objects.order_by("pk")
        catalog = (
            tuple(items.values_list("pk", "is_active", "stock", "price")),
            tuple(DeviceCategory.objects.order_by("pk").values_list("pk", "name", "is_active")),
            tuple(Order.objects.order_by("pk").values_list("pk", "status")),
            OrderNote.objects.count(),
        )
    extra = tuple(part.snapshot(tenant) for part in PARTS if hasattr(part, "snapshot"))
    return public + (users, brand_name, catalog) + extra


CASES = [
    (key, role)
    for key in MATRIX
    for role in (TENANT_ROLES if key[0] == TENANT else PUBLIC_ROLES)
]


@pytest.mark.parametrize(("key", "role"), CASES, ids=[f"{k[1]}-{r}" for k, r in CASES])
def test_matrix(key, role, world, tenant_a):
    users, objects = world
    urlconf, name = key
    row = MATRIX[key]
    client = _client(role, urlconf, users, tenant_a)
    url = reverse(name, urlconf=urlconf, kwargs=_kwargs(row, objects))
    before = _snapshot(tenant_a)
    response = getattr(client, row.method)(url)
    status = response.status_code
    redirected_to_login = status == 302 and "login" in response.get("Location", "")
    if row.minimum == ANYONE:
        # Logging out ends on a login page: that is the page working, not a refusal.
        assert status not in (401, 403) and status < 500, (name, role, status)
    elif _allowed(role, row.minimum, urlconf):
        assert status not in (401, 403) and not redirected_to_login, (name, role, status)
        assert status < 500, (name, role, status)
    else:
        assert redirected_to_login or status in (401, 403, 404), (name, role, status)
        assert _snapshot(tenant_a) == before, f"{name} changed something for {role}"
