from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

app_name = "tenant_api"
urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(urlconf="config.urls_tenant"), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="tenant_api:schema"), name="docs"),
]
