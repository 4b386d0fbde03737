"""Cancelling an order closes the payment pages still open for it: a cancelled order takes no
more money."""

import pytest
from django_tenants.utils import tenant_context

from tenant_apps.commerce.order_actions import transition_order
from tenant_apps.payments.models import Payment

from .helpers import make_order

pytestmark = pytest.mark.django_db


def test_a_cancelled_order_closes_its_open_dummy_page(client_a, tenant_a,
                                                      django_capture_on_commit_callbacks):
    # given: a customer opened the demo payment page of an order
    order = make_order(tenant_a)
    started = client_a.post(f"/pay/{order.public_token}/", {"provider": "dummy"})
    dummy_url = started["Location"]
    assert dummy_url.startswith("/pay/dummy/")

    # when: staff cancel the order
    with django_capture_on_commit_callbacks(execute=True), tenant_context(tenant_a):
        transition_order(order, "cancelled", actor_email="desk@alpha.test")

    # then: the payment is cancelled and its page takes no money
    with tenant_context(tenant_a):
        payment = Payment.objects.get(order=order)
        assert payment.status == "cancelled"
    assert client_a.post(dummy_url, {"outcome": "succeed"}).status_code in (404, 409)
    with tenant_context(tenant_a):
        order.refresh_from_db()
        assert order.status == "cancelled"
        assert Payment.objects.get(order=order).status == "cancelled"


def test_cancelling_an_order_without_payments_closes_nothing(tenant_a,
                                                             django_capture_on_commit_callbacks):
    order = make_order(tenant_a)
    with django_capture_on_commit_callbacks(execute=True), tenant_context(tenant_a):
        transition_order(order, "cancelled", actor_email="desk@alpha.test")
        assert not Payment.objects.filter(order=order).exists()
        order.refresh_from_db()
        assert order.status == "cancelled"
