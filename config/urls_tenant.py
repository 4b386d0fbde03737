"""URLs served on every tenant domain: storefront, customer account, back office, tenant API."""

from django.urls import include, path

urlpatterns = [
    path("", include("tenant_apps.storefront.urls")),
    path("account/", include("tenant_apps.accounts.urls")),
    path("shop/", include("tenant_apps.commerce.urls")),
    path("backoffice/catalog/", include("tenant_apps.catalog.urls")),
    path("backoffice/customers/", include("tenant_apps.customers.urls")),
    path("backoffice/orders/", include("tenant_apps.commerce.order_urls")),
    path("backoffice/", include("tenant_apps.backoffice.urls")),
    path("api/", include("api.tenant.urls")),
]
