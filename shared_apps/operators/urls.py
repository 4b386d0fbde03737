from django.urls import path

from . import views

app_name = "console"
urlpatterns = [
    path("", views.tenant_list, name="tenants"),
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("onboard/", views.onboard_tenant, name="onboard"),
    path("tenants/<slug:slug>/", views.tenant_view, name="tenant"),
    path("tenants/<slug:slug>/suspend/", views.suspend_tenant, name="suspend"),
    path("tenants/<slug:slug>/reactivate/", views.reactivate_tenant, name="reactivate"),
    path("tenants/<slug:slug>/domains/", views.add_domain, name="add_domain"),
]
