from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

app_name = "platform_api"
urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(urlconf="config.urls_public"), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="platform_api:schema"), name="docs"),
]
