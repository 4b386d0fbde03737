"""Per-tenant template overrides reach their tenant only, also through the cached loader
(TENANCY.md 1)."""

import pytest
from django.template import engines
from django.template.loader import render_to_string
from django_tenants.utils import tenant_context

pytestmark = [pytest.mark.django_db, pytest.mark.isolation]

OVERRIDE = "ALPHA-ONLY-HOME {{ brand.display_name }}"


def _reset_template_cache() -> None:
    for loader in engines["django"].engine.template_loaders:
        loader.reset()


@pytest.fixture
def alpha_override(tmp_path, settings):
    target = tmp_path / "alpha" / "storefront" / "home.html"
    target.parent.mkdir(parents=True)
    target.write_text(OVERRIDE)
    settings.THEME_OVERRIDES_DIR = tmp_path
    _reset_template_cache()
    yield target
    _reset_template_cache()


def test_the_cached_loader_keys_by_schema():
    loader = engines["django"].engine.template_loaders[0]
    assert type(loader).__name__ == "SchemaCachedLoader"


def test_override_is_served_to_its_tenant_only_in_any_order(alpha_override, client_a, client_b):
    pages = [(name, client.get("/").content.decode())
             for name, client in (("a", client_a), ("b", client_b), ("a", client_a),
                                  ("b", client_b))]
    for name, page in pages:
        if name == "a":
            assert page.startswith("ALPHA-ONLY-HOME Alpha Phones")
        else:
            assert "ALPHA-ONLY-HOME" not in page and "Beta Repairs" in page


def test_b_first_then_a_then_b_through_render_to_string(alpha_override, tenant_a, tenant_b):
    rendered = []
    for tenant in (tenant_b, tenant_a, tenant_b, tenant_a):
        with tenant_context(tenant):
            rendered.append(render_to_string("storefront/home.html", {"brand": tenant.brand}))
    assert ["ALPHA-ONLY-HOME" in page for page in rendered] == [False, True, False, True]


def test_override_edits_show_after_a_cache_reset_only_for_the_owner(
    alpha_override, client_a, client_b
):
    assert "ALPHA-ONLY-HOME" in client_a.get("/").content.decode()
    alpha_override.write_text("ALPHA-SECOND-VERSION")
    _reset_template_cache()
    assert client_a.get("/").content.decode() == "ALPHA-SECOND-VERSION"
    assert "ALPHA-SECOND-VERSION" not in client_b.get("/").content.decode()
