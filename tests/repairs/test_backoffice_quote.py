"""Writing the quote in the back office: lines in a repeating form, saved as a draft, sent; bad
lines refused with 400 naming the line's field; a revision is a new version that replaces the
quote the customer had, and the customer hears of it."""

from decimal import Decimal

import pytest
from django.core import mail
from django_tenants.utils import tenant_context

from tenant_apps.accounts.models import Role
from tenant_apps.repairs import notifications
from tenant_apps.repairs.models import Quote, QuoteLine, RepairOrder

from .backoffice_helpers import staff_client
from .helpers import at_status, new_repair, sent_quote

pytestmark = pytest.mark.django_db

ROWS = 4


@pytest.fixture
def desk_a(client_a, tenant_a):
    return staff_client(client_a, tenant_a, "tech@alpha.test")


@pytest.fixture
def diagnosing(tenant_a):
    with tenant_context(tenant_a):
        return at_status(new_repair("diagnosis"), "diagnosing")


def _url(repair, tail: str = "quote/") -> str:
    return f"/backoffice/repairs/{repair.pk}/{tail}"


def _form(rows: list[dict], *, action: str = "save", total: int = ROWS) -> dict:
    data = {"lines-TOTAL_FORMS": str(total), "lines-INITIAL_FORMS": "0",
            "lines-MIN_NUM_FORMS": "0", "lines-MAX_NUM_FORMS": "1000", "action": action}
    for index in range(total):
        row = {"kind": "part", "description": "", "quantity": "", "unit_net": "",
               "vat_rate": "standard"}
        row.update(rows[index] if index < len(rows) else {})
        data.update({f"lines-{index}-{name}": value for name, value in row.items()})
    return data


SCREEN = {"kind": "part", "description": "Screen", "quantity": "2", "unit_net": "10.00"}
LABOUR = {"kind": "labour", "description": "Fitting", "quantity": "1", "unit_net": "45.50",
          "vat_rate": "standard"}


def _quotes(tenant, repair) -> list[tuple[int, str, Decimal]]:
    with tenant_context(tenant):
        return list(Quote.objects.filter(repair_order_id=repair.pk).order_by("version")
                    .values_list("version", "status", "total_gross"))


def test_the_editor_opens_with_blank_rows(desk_a, diagnosing):
    page = desk_a.get(_url(diagnosing)).content.decode()
    assert 'name="lines-0-description"' in page and 'name="lines-2-unit_net"' in page
    assert 'name="lines-TOTAL_FORMS" value="3"' in page


def test_save_a_draft_skipping_blank_rows(desk_a, tenant_a, diagnosing):
    response = desk_a.post(_url(diagnosing), _form([SCREEN, {}, LABOUR]))
    assert response.status_code == 302
    assert _quotes(tenant_a, diagnosing) == [(1, "draft", Decimal("78.60"))]
    with tenant_context(tenant_a):
        assert RepairOrder.objects.get(pk=diagnosing.pk).status == "diagnosing"
        assert list(QuoteLine.objects.values_list("position", "description")) == [
            (1, "Screen"), (2, "Fitting")]
    # editing the draft replaces its lines; the editor shows them
    assert 'value="Screen"' in desk_a.get(_url(diagnosing)).content.decode()
    assert desk_a.post(_url(diagnosing), _form([LABOUR])).status_code == 302
    assert _quotes(tenant_a, diagnosing) == [(1, "draft", Decimal("54.60"))]


@pytest.mark.parametrize(("row", "field"), [
    ({**SCREEN, "unit_net": "abc"}, "lines.0.unit_net"),
    ({**SCREEN, "unit_net": "-1"}, "lines.0.unit_net"),
    ({**SCREEN, "unit_net": "1.005"}, "lines.0.unit_net"),
    ({**SCREEN, "quantity": ""}, "lines.0.quantity"),
    ({**SCREEN, "quantity": "0"}, "lines.0.quantity"),
    ({**SCREEN, "description": ""}, "lines.0.description"),
    ({**SCREEN, "kind": "gift"}, "lines.0.kind"),
    ({**SCREEN, "vat_rate": "zero"}, "lines.0.vat_rate"),
])
def test_a_bad_line_is_refused_naming_its_field(desk_a, tenant_a, diagnosing, row, field):
    response = desk_a.post(_url(diagnosing), _form([row], action="send"))
    assert response.status_code == 400
    assert f'data-field="{field}"' in response.content.decode()
    assert _quotes(tenant_a, diagnosing) == []


def test_a_bad_second_row_names_the_second_row(desk_a, diagnosing):
    response = desk_a.post(_url(diagnosing), _form([SCREEN, {**LABOUR, "quantity": "x"}]))
    assert response.status_code == 400
    assert 'data-field="lines.1.quantity"' in response.content.decode()


def test_a_quote_without_lines_is_refused(desk_a, tenant_a, diagnosing):
    response = desk_a.post(_url(diagnosing), _form([]))
    assert response.status_code == 400 and 'data-field="lines"' in response.content.decode()
    assert _quotes(tenant_a, diagnosing) == []


def test_save_and_send_tells_the_customer(desk_a, tenant_a, diagnosing,
                                          django_capture_on_commit_callbacks):
    notifications.connect()
    mail.outbox.clear()
    try:
        with django_capture_on_commit_callbacks(execute=True):
            response = desk_a.post(_url(diagnosing), _form([SCREEN, LABOUR], action="send"))
    finally:
        notifications.connect()  # RepairsConfig.ready keeps it connected
    assert response.status_code == 302
    assert _quotes(tenant_a, diagnosing) == [(1, "sent", Decimal("78.60"))]
    with tenant_context(tenant_a):
        assert RepairOrder.objects.get(pk=diagnosing.pk).status == "quote_sent"
    assert len(mail.outbox) == 1 and "78.60 EUR" in mail.outbox[0].body


def test_a_revision_is_a_new_version_that_replaces_the_sent_one(
        desk_a, tenant_a, diagnosing, django_capture_on_commit_callbacks):
    with tenant_context(tenant_a):
        sent_quote(diagnosing)
    # the editor starts from the quote out
    assert 'value="Fitting"' in desk_a.get(_url(diagnosing)).content.decode()
    notifications.connect()
    mail.outbox.clear()
    try:
        with django_capture_on_commit_callbacks(execute=True):
            response = desk_a.post(_url(diagnosing), _form([LABOUR], action="send"))
    finally:
        notifications.connect()  # RepairsConfig.ready keeps it connected
    assert response.status_code == 302
    assert _quotes(tenant_a, diagnosing) == [(1, "superseded", Decimal("78.60")),
                                             (2, "sent", Decimal("54.60"))]
    # the repair was already "quote sent": no move, yet the customer hears of the new quote
    assert len(mail.outbox) == 1 and "#quote-2" in mail.outbox[0].body


def test_a_saved_draft_is_sent_from_the_repair_page(desk_a, tenant_a, diagnosing):
    assert desk_a.post(_url(diagnosing), _form([SCREEN])).status_code == 302
    assert 'id="quote-send-form"' in desk_a.get(_url(diagnosing, "")).content.decode()
    assert desk_a.post(_url(diagnosing, "quote/send/")).status_code == 302
    assert _quotes(tenant_a, diagnosing) == [(1, "sent", Decimal("24.00"))]
    again = desk_a.post(_url(diagnosing, "quote/send/"))
    assert again.status_code == 409 and 'data-field="quote"' in again.content.decode()


@pytest.mark.parametrize(("path", "status"), [("package", "repairing"),
                                              ("diagnosis", "received"),
                                              ("diagnosis", "repairing")])
def test_a_repair_that_takes_no_quote_is_refused(desk_a, tenant_a, path, status):
    with tenant_context(tenant_a):
        repair = at_status(new_repair(path), status)
    for response in (desk_a.get(_url(repair)), desk_a.post(_url(repair), _form([SCREEN]))):
        assert response.status_code == 409
        assert 'data-field="repair_order"' in response.content.decode()
    assert _quotes(tenant_a, repair) == []


def test_customers_cannot_write_quotes(client_a, tenant_a, diagnosing):
    customer = staff_client(client_a, tenant_a, "buyer@alpha.test", Role.CUSTOMER)
    assert customer.post(_url(diagnosing), _form([SCREEN], action="send")).status_code == 403
    assert _quotes(tenant_a, diagnosing) == []


def test_tenant_b_staff_cannot_quote_a_repair_of_a(client_b, tenant_a, tenant_b, diagnosing):
    desk_b = staff_client(client_b, tenant_b, "tech@beta.test")
    assert desk_b.get(_url(diagnosing)).status_code == 404
    assert desk_b.post(_url(diagnosing), _form([SCREEN], action="send")).status_code == 404
    assert _quotes(tenant_a, diagnosing) == []
