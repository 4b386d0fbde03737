from django.urls import path

from . import views

app_name = "console"
urlpatterns = [
    path("", views.tenant_list, name="tenants"),
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
]
