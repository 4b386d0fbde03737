"""The return label: a Code 128 barcode scanners can read, the PDF's content, who downloads it."""

import io
import re

import pytest
from django_tenants.utils import tenant_context
from pypdf import PdfReader

from tenant_apps.accounts.models import Role
from tenant_apps.logistics.barcode import (
    PATTERNS,
    QUIET_ZONE,
    STOP,
    code128b_svg,
    code128b_values,
)
from tenant_apps.logistics.labels import label_html
from tenant_apps.logistics.models import Shipment
from tenant_apps.logistics.repair_shipping import inbound_label_pdf
from tenants.mail import current_brand
from tests.commerce.helpers import logged_in
from tests.conftest import make_user
from tests.orders.helpers import staff

from .helpers import COLISSIMO_NUMBER, processing_order
from .repair_helpers import customer_with_address, inbound, outbound, repair_at

pytestmark = pytest.mark.django_db


def test_the_pattern_table_is_well_formed():
    assert len(PATTERNS) == 107 and len(set(PATTERNS)) == 107
    for value, pattern in enumerate(PATTERNS):
        widths = [int(width) for width in pattern]
        assert len(widths) == (7 if value == STOP else 6)
        assert sum(widths) == (13 if value == STOP else 11)
        assert sum(widths[0::2]) % 2 == 0  # bars always cover an even number of modules
    assert (PATTERNS[0], PATTERNS[104], PATTERNS[106]) == ("212222", "211214", "2331112")


def test_the_check_value_is_the_weighted_sum_modulo_103():
    # "S-000042": S=51, -=13, 0=16, 4=20, 2=18;
    # 104 + 1*51 + 2*13 + 3*16 + 4*16 + 5*16 + 6*16 + 7*20 + 8*18 = 753 = 7*103 + 32
    assert code128b_values("S-000042") == [104, 51, 13, 16, 16, 16, 16, 20, 18, 32, 106]
    # "Wikipedia": 104 + 55 + 2*73 + 3*75 + 4*73 + 5*80 + 6*69 + 7*68 + 8*73 + 9*65 = 3281,
    # 3281 = 31*103 + 88
    assert code128b_values("Wikipedia")[-2] == 88
    for junk in ("", "é", "a\nb"):
        with pytest.raises(ValueError):
            code128b_values(junk)


def _decode(svg: str) -> list[int]:
    """Read the SVG as a scanner would: bar and space widths, six per symbol, back to values."""
    rects = [(int(x), int(width)) for x, width in
             re.findall(r'<rect x="(\d+)" y="0" width="(\d+)" height="1"/>', svg)]
    assert rects[0][0] == QUIET_ZONE
    widths = []
    for index, (x, width) in enumerate(rects):
        if index:
            previous_x, previous_width = rects[index - 1]
            widths.append(x - previous_x - previous_width)  # the space before this bar
        widths.append(width)
    lookup = {pattern: value for value, pattern in enumerate(PATTERNS)}
    symbols = ["".join(map(str, widths[start:start + 6]))
               for start in range(0, len(widths) - 7, 6)]
    return [lookup[symbol] for symbol in symbols] + [lookup["".join(map(str, widths[-7:]))]]


def test_the_svg_draws_the_reference_and_its_check_value():
    svg = code128b_svg("S-000042")
    assert svg.startswith("<svg") and 'data-code128="S-000042"' in svg
    assert _decode(svg) == [104, 51, 13, 16, 16, 16, 16, 20, 18, 32, 106]
    total = int(re.search(r'viewBox="0 0 (\d+) 1"', svg).group(1))
    assert total == 11 * 10 + 13 + 2 * QUIET_ZONE  # start, 8 characters, check, stop


def test_the_label_names_both_parties_the_references_and_the_barcode(tenant_a):
    with tenant_context(tenant_a):
        customer = customer_with_address(email="camille@example.test")
        repair = repair_at("awaiting_device", customer=customer)
        shipment = inbound(repair)
        html = label_html(shipment)
        pdf = inbound_label_pdf(shipment)
        brand = current_brand().display_name
    assert f'data-code128="{shipment.reference}"' in html
    assert _decode(html[html.index("<svg"):html.index("</svg>")]) == code128b_values(
        shipment.reference)
    assert pdf.startswith(b"%PDF")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    for expected in ("Bon de retour", brand, "Camille Martin", "12 rue des Lilas", "69003 Lyon",
                     repair.reference, shipment.reference, shipment.tracking_number,
                     "Demo Express"):
        assert expected in text, expected
    sender = html[html.index('id="sender"'):html.index('id="recipient"')]
    assert "Camille Martin" in sender and brand in html[html.index('id="recipient"'):]


def test_a_label_going_back_is_addressed_to_the_customer(tenant_a):
    with tenant_context(tenant_a):
        repair = repair_at("repaired", customer=customer_with_address())
        html = label_html(outbound(repair))
    assert "Bon de retour" not in html and "Étiquette d'expédition" in html
    recipient = html[html.index('id="recipient"'):]
    assert "Camille Martin" in recipient and "12 rue des Lilas" in recipient


def test_a_customer_without_address_gets_lines_to_fill_in(tenant_a):
    with tenant_context(tenant_a):
        html = label_html(inbound(repair_at("awaiting_device")))
    sender = html[html.index('id="sender"'):html.index('id="recipient"')]
    assert sender.count('class="blank"') == 2


@pytest.fixture
def owned(tenant_a):  # type: ignore[no-untyped-def]
    owner = make_user(tenant_a, "owner@alpha.test", Role.CUSTOMER)
    with tenant_context(tenant_a):
        repair = repair_at("awaiting_device", customer=customer_with_address(owner))
        shipment = inbound(repair)
    return owner, repair, shipment


def _label(client, shipment):  # type: ignore[no-untyped-def]
    return client.get(f"/shipping/{shipment.pk}/label.pdf")


def test_the_owner_and_staff_download_the_label(client_a, tenant_a, owned):
    owner, repair, shipment = owned
    assert _label(client_a, shipment).status_code == 302  # anonymous: to the login page
    assert "/login" in _label(client_a, shipment)["Location"]
    logged_in(client_a, tenant_a, owner)
    response = _label(client_a, shipment)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF") and "no-store" in response["Cache-Control"]
    assert f"label-{shipment.reference}.pdf" in response["Content-Disposition"]
    logged_in(client_a, tenant_a, staff(tenant_a, "desk@alpha.test"))
    assert _label(client_a, shipment).status_code == 200


def test_other_customers_and_other_tenants_get_a_404(client_a, client_b, tenant_a, tenant_b,
                                                     owned):
    _, _, shipment = owned
    logged_in(client_a, tenant_a, make_user(tenant_a, "other@alpha.test", Role.CUSTOMER))
    assert _label(client_a, shipment).status_code == 404
    assert client_a.get("/shipping/99999999999/label.pdf").status_code == 404
    with tenant_context(tenant_b):
        assert not Shipment.objects.filter(pk=shipment.pk).exists()
    for role in (Role.CUSTOMER, Role.MANAGER):
        logged_in(client_b, tenant_b, make_user(tenant_b, f"{role}@beta.test", role))
        assert _label(client_b, shipment).status_code == 404


def test_order_parcels_have_no_label_here(client_a, tenant_a):
    order = processing_order(tenant_a)
    with tenant_context(tenant_a):
        shipment = Shipment.objects.create(order=order, carrier="colissimo",
                                           tracking_number=COLISSIMO_NUMBER)
    logged_in(client_a, tenant_a, staff(tenant_a, "desk@alpha.test"))
    assert _label(client_a, shipment).status_code == 404
