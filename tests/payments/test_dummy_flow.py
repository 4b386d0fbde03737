"""The customer pays through the pay page and the demo provider's page, end to end."""

import pytest
from django.urls import reverse
from django_tenants.utils import tenant_context

from tenant_apps.commerce.models import Order
from tenant_apps.payments.models import Payment
from tenant_apps.payments.providers import available_providers

from .helpers import heard_signals, make_order

pytestmark = pytest.mark.django_db


def _pay_url(order: Order) -> str:
    return f"/pay/{order.public_token}/"


def _start(client, order: Order) -> str:  # type: ignore[no-untyped-def]
    response = client.post(_pay_url(order), {"provider": "dummy"})
    assert response.status_code == 302, response.content
    return response["Location"]


def test_pay_page_shows_the_order_the_amount_and_the_method(client_a, tenant_a):
    order = make_order(tenant_a, total="24.00")
    response = client_a.get(_pay_url(order))
    assert response.status_code == 200
    page = response.content.decode()
    assert order.reference in page and "24.00 EUR" in page
    assert 'value="dummy"' in page and "checked" in page


def test_unknown_token_is_a_404(client_a):
    assert client_a.get("/pay/no-such-token/").status_code == 404
    assert client_a.get("/pay/dummy/no-such-token/").status_code == 404


def test_dummy_success_pays_the_order_once(client_a, tenant_a):
    order = make_order(tenant_a)
    with heard_signals() as heard:
        dummy_url = _start(client_a, order)
        assert dummy_url.startswith("/pay/dummy/")
        page = client_a.get(dummy_url)
        assert page.status_code == 200 and b"24.00 EUR" in page.content
        response = client_a.post(dummy_url, {"outcome": "succeed"})
        assert response.status_code == 302
        assert response["Location"] == f"/shop/orders/{order.public_token}/"
        # the same page posted again: already closed, nothing happens
        assert client_a.post(dummy_url, {"outcome": "succeed"}).status_code == 409
    with tenant_context(tenant_a):
        order.refresh_from_db()
        payment = Payment.objects.get(order=order)
        assert order.status == "paid"
        assert payment.status == "succeeded" and payment.captured_amount == order.total_gross
        assert list(payment.events.values_list("to_status", flat=True)) == [
            "created", "pending", "succeeded"]
        assert order.events.filter(to_status="paid", actor_email="payments").count() == 1
    assert [name for name, _ in heard] == ["paid"]
    assert heard[0][1]["payment"].pk == payment.pk
    paid_page = client_a.get(_pay_url(order))
    assert paid_page.status_code == 200 and b'data-status="paid"' in paid_page.content
    assert b'id="pay-form"' not in paid_page.content
    assert client_a.post(_pay_url(order), {"provider": "dummy"}).status_code == 409


def test_dummy_failure_leaves_the_order_unpaid_and_payable(client_a, tenant_a):
    order = make_order(tenant_a)
    with heard_signals() as heard:
        dummy_url = _start(client_a, order)
        response = client_a.post(dummy_url, {"outcome": "fail"})
        assert response["Location"] == f"/shop/orders/{order.public_token}/"
    with tenant_context(tenant_a):
        order.refresh_from_db()
        assert order.status == "placed"
        assert Payment.objects.get(order=order).status == "failed"
    assert heard == []
    # a second try works
    client_a.post(_start(client_a, order), {"outcome": "succeed"})
    with tenant_context(tenant_a):
        order.refresh_from_db()
        assert order.status == "paid"


def test_unknown_provider_is_refused_on_the_field(client_a, tenant_a):
    order = make_order(tenant_a)
    response = client_a.post(_pay_url(order), {"provider": "paypal"})
    assert response.status_code == 400
    with tenant_context(tenant_a):
        assert not Payment.objects.filter(order=order).exists()


def test_dummy_can_be_switched_off(client_a, tenant_a, settings):
    settings.PAYMENTS_DUMMY_ENABLED = False
    order = make_order(tenant_a)
    with tenant_context(tenant_a):
        assert available_providers() == []
    response = client_a.post(_pay_url(order), {"provider": "dummy"})
    assert response.status_code == 400
    assert b"pay-unavailable" in client_a.get(_pay_url(order)).content


def test_a_switched_off_dummy_page_confirms_nothing(client_a, tenant_a, settings):
    order = make_order(tenant_a)
    dummy_url = _start(client_a, order)
    settings.PAYMENTS_DUMMY_ENABLED = False
    assert client_a.post(dummy_url, {"outcome": "succeed"}).status_code == 404
    with tenant_context(tenant_a):
        assert Payment.objects.get(order=order).status == "pending"


def test_stripe_is_offered_only_with_keys_and_an_enabled_account(tenant_a, settings):
    from .helpers import link_account
    settings.STRIPE_SECRET_KEY = ""
    account = link_account(tenant_a)
    with tenant_context(tenant_a):
        assert [code for code, _ in available_providers()] == ["dummy"]
        settings.STRIPE_SECRET_KEY = "sk_test_x"
        assert [code for code, _ in available_providers()] == ["stripe", "dummy"]
        account.charges_enabled = False
        account.save()
        assert [code for code, _ in available_providers()] == ["dummy"]


def test_a_payment_of_tenant_a_is_invisible_on_tenant_b(client_a, client_b, tenant_a):
    order = make_order(tenant_a)
    dummy_url = _start(client_a, order)
    assert client_b.get(_pay_url(order)).status_code == 404
    assert client_b.get(dummy_url).status_code == 404
    assert client_b.post(dummy_url, {"outcome": "succeed"}).status_code == 404
    with tenant_context(tenant_a):
        assert Payment.objects.get(order=order).status == "pending"


def test_customer_and_back_office_panels(client_a, tenant_a):
    from django.template import Context, Template

    from tests.conftest import make_user
    order = make_order(tenant_a)
    client_a.post(_start(client_a, order), {"outcome": "succeed"})
    manager = make_user(tenant_a, "panel-boss@alpha.test", "manager")
    with tenant_context(tenant_a):
        order.refresh_from_db()
        customer_panel = Template('{% include "commerce/order_panels/payments.html" %}').render(
            Context({"order": order}))
        assert 'id="order-paid"' in customer_panel and "pay-now" not in customer_panel
    with tenant_context(tenant_a):
        client_a.force_login(manager)
        page = client_a.get(reverse("orders:detail", kwargs={"order_id": order.pk}))
    assert page.status_code == 200
    body = page.content.decode()
    assert 'id="order-payments"' in body and "refund-form" in body


def test_unpaid_order_panels_offer_to_pay(client_a, tenant_a):
    from django.template import Context, Template

    from tests.conftest import make_user
    order = make_order(tenant_a)
    clerk = make_user(tenant_a, "panel-clerk@alpha.test", "counter_staff")
    with tenant_context(tenant_a):
        customer_panel = Template('{% include "commerce/order_panels/payments.html" %}').render(
            Context({"order": order}))
        assert f'href="/pay/{order.public_token}/"' in customer_panel
    with tenant_context(tenant_a):
        client_a.force_login(clerk)
    body = client_a.get(f"/backoffice/orders/{order.pk}/").content.decode()
    assert f"http://alpha.localhost/pay/{order.public_token}/" in body
