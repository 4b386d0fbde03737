"""The tenant API, served under /api/ on every tenant domain."""

from django.urls import path

from api.schema import TenantDocsView, TenantSchemaView

from . import (
    catalog,
    checkout,
    commerce,
    customers,
    documents,
    orders,
    payments,
    postoffices,
    repairs,
    warranty,
)
from .accounts import MeView, SignUpView, TokenView
from .branding import BrandingView
from .network import NetworkJobViewSet

app_name = "tenant_api"
urlpatterns = [
    path("auth/signup/", SignUpView.as_view(), name="signup"),
    path("auth/token/", TokenView.as_view(), name="token"),
    path("me/", MeView.as_view(), name="me"),
    path("branding/", BrandingView.as_view(), name="branding"),
    path(
        "network/jobs/",
        NetworkJobViewSet.as_view({"get": "list", "post": "create"}),
        name="network-jobs",
    ),
    *catalog.urlpatterns,
    *commerce.urlpatterns,
    *customers.urlpatterns,
    *postoffices.urlpatterns,
    *checkout.urlpatterns,
    *orders.urlpatterns,
    *payments.urlpatterns,
    *documents.urlpatterns,
    *repairs.urlpatterns,
    *warranty.urlpatterns,
    path("schema/", TenantSchemaView.as_view(urlconf="config.urls_tenant"), name="schema"),
    path("docs/", TenantDocsView.as_view(url_name="tenant_api:schema"), name="docs"),
]
