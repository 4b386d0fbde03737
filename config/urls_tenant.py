"""URLs served on every tenant domain: storefront, customer account, back office, tenant API."""

from django.urls import include, path

urlpatterns = [
    path("", include("tenant_apps.storefront.urls")),
    path("account/", include("tenant_apps.accounts.urls")),
    path("shop/checkout/", include("tenant_apps.commerce.checkout_urls")),
    path("shop/orders/", include("tenant_apps.commerce.customer_order_urls")),
    path("shop/", include("tenant_apps.commerce.urls")),
    path("pay/", include("tenant_apps.payments.urls")),
    path("documents/", include("tenant_apps.documents.urls")),
    path("repairs/", include("tenant_apps.repairs.urls")),
    path("track/", include("tenant_apps.repairs.timeline_urls")),
    path("warranty/", include("tenant_apps.warranties.urls")),
    path("shipping/", include("tenant_apps.logistics.customer_urls")),
    path("backoffice/catalog/", include("tenant_apps.catalog.urls")),
    path("backoffice/customers/", include("tenant_apps.customers.urls")),
    path("backoffice/orders/", include("tenant_apps.commerce.order_urls")),
    path("backoffice/payments/", include("tenant_apps.payments.backoffice_urls")),
    path("backoffice/documents/", include("tenant_apps.documents.backoffice_urls")),
    path("backoffice/shipments/", include("tenant_apps.logistics.urls")),
    path("backoffice/checkout/", include("tenant_apps.commerce.checkout_backoffice_urls")),
    path("backoffice/repairs/", include("tenant_apps.repairs.backoffice_urls")),
    path("backoffice/warranty/", include("tenant_apps.warranties.backoffice_urls")),
    path("backoffice/", include("tenant_apps.backoffice.urls")),
    path("api/", include("api.tenant.urls")),
]
