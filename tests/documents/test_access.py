"""Who may download a document, list an order's documents or print an order form."""

import pytest
from django.test import Client
from django.urls import reverse
from django_tenants.utils import tenant_context

from tenant_apps.accounts.models import Role
from tenant_apps.commerce.models import Order
from tests.conftest import HOST_A, HOST_B, make_user
from tests.documents.orders import make_order, pay, pdf_text

pytestmark = pytest.mark.django_db


def _client(tenant, user=None, host=HOST_A) -> Client:
    client = Client(HTTP_HOST=host)
    if user is not None:
        with tenant_context(tenant):
            client.force_login(user)
    return client


def _owner(tenant, order: Order):
    with tenant_context(tenant):
        return Order.objects.select_related("customer__user").get(pk=order.pk).customer.user


def _status(response) -> int:
    """The status, after reading the body: a streamed file closes once read."""
    if response.streaming:
        b"".join(response.streaming_content)
    return response.status_code


def _download(document) -> str:
    return reverse("documents:download", kwargs={"document_id": document.pk})


def _guest_link(order: Order, document) -> str:
    return reverse("documents:guest_download",
                   kwargs={"token": order.public_token, "document_id": document.pk})


def test_the_owner_and_staff_download_others_get_404(tenant_a):
    order = make_order(tenant_a, "individual")
    document = pay(tenant_a, order)
    stranger = make_user(tenant_a, "stranger@example.com")
    clerk = make_user(tenant_a, "clerk@alpha.test", Role.COUNTER_STAFF)

    owner_response = _client(tenant_a, _owner(tenant_a, order)).get(_download(document))
    staff_status = _status(_client(tenant_a, clerk).get(_download(document)))
    stranger_response = _client(tenant_a, stranger).get(_download(document))
    anonymous_response = _client(tenant_a).get(_download(document))

    assert owner_response.status_code == 200
    assert owner_response["Content-Type"] == "application/pdf"
    assert "R-2026-000001.pdf" in owner_response["Content-Disposition"]
    assert "Reçu" in pdf_text(owner_response.content)
    assert staff_status == 200
    assert stranger_response.status_code == 404
    assert anonymous_response.status_code == 302
    assert "login" in anonymous_response["Location"]


def test_a_guest_downloads_with_the_order_token_only(tenant_a):
    order = make_order(tenant_a, "guest")
    other = make_order(tenant_a, "guest")
    document = pay(tenant_a, order)

    assert _status(_client(tenant_a).get(_guest_link(order, document))) == 200
    assert _client(tenant_a).get(_guest_link(other, document)).status_code == 404
    wrong = reverse("documents:guest_download",
                    kwargs={"token": "x" * 43, "document_id": document.pk})
    assert _client(tenant_a).get(wrong).status_code == 404


def test_tenant_b_never_serves_tenant_a_documents(tenant_a, tenant_b):
    order = make_order(tenant_a, "guest")
    document = pay(tenant_a, order)
    manager_b = make_user(tenant_b, "manager2@beta.test", Role.MANAGER)
    client_b = _client(tenant_b, manager_b, host=HOST_B)

    assert client_b.get(_guest_link(order, document)).status_code == 404
    assert client_b.get(_download(document)).status_code == 404
    api = reverse("tenant_api:documents-order-list", kwargs={"order_id": order.pk})
    assert client_b.get(api).status_code == 404
    # and the file itself lives under tenant A's prefix only
    assert document.pdf.name == "" or document.pdf.name.startswith(tenant_a.schema_name)
    with tenant_context(tenant_a):
        document.refresh_from_db()
        assert document.pdf.name == ""  # not rendered yet: the task did not run
    _status(_client(tenant_a).get(_guest_link(order, document)))  # renders on first download
    with tenant_context(tenant_a):
        document.refresh_from_db()
        assert document.pdf.name.startswith(f"{tenant_a.schema_name}/documents/")


def test_the_api_lists_an_orders_documents_for_its_customer_and_staff(tenant_a):
    order = make_order(tenant_a, "professional")
    document = pay(tenant_a, order)
    url = reverse("tenant_api:documents-order-list", kwargs={"order_id": order.pk})
    clerk = make_user(tenant_a, "clerk2@alpha.test", Role.COUNTER_STAFF)
    stranger = make_user(tenant_a, "stranger2@example.com")

    response = _client(tenant_a, _owner(tenant_a, order)).get(url)

    assert response.status_code == 200
    (row,) = response.json()
    assert (row["number"], row["kind"], row["title"]) == ("F-2026-000001", "invoice", "Facture")
    assert row["total_net"] == "20.00" and row["order_reference"] == order.reference
    pdf = _client(tenant_a, _owner(tenant_a, order)).get(row["pdf_url"])
    assert _status(pdf) == 200 and pdf["Content-Type"] == "application/pdf"
    assert _client(tenant_a, clerk).get(url).status_code == 200
    assert _client(tenant_a, stranger).get(url).status_code == 404
    assert _client(tenant_a, stranger).get(row["pdf_url"]).status_code == 404
    assert _client(tenant_a).get(url).status_code == 401
    assert document.pk == row["id"]


def test_staff_print_an_order_form_customers_cannot(tenant_a):
    order = make_order(tenant_a, "professional")
    clerk = make_user(tenant_a, "clerk3@alpha.test", Role.COUNTER_STAFF)
    url = reverse("documents_admin:order_form", kwargs={"order_id": order.pk})

    response = _client(tenant_a, clerk).get(url)

    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "Bon de commande" in text and order.reference in text
    assert "Prix unitaire HT" in text and "n'est pas une facture" in text
    assert _client(tenant_a, _owner(tenant_a, order)).get(url).status_code == 403
    assert _client(tenant_a, clerk).get(reverse(
        "documents_admin:order_form", kwargs={"order_id": 10**9})).status_code == 404
