import pytest

pytestmark = pytest.mark.django_db


def test_each_storefront_shows_its_own_brand(client_a, client_b):
    page_a = client_a.get("/").content.decode()
    page_b = client_b.get("/").content.decode()
    assert "Alpha Phones" in page_a and "Beta Repairs" not in page_a
    assert "Beta Repairs" in page_b and "Alpha Phones" not in page_b
