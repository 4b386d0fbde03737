"""The platform API, served under /api/ on the public domain."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import SimpleRouter

from .repairers import RepairerJobViewSet, RepairerOfferViewSet, RepairerTokenView
from .views import TenantViewSet

app_name = "platform_api"

router = SimpleRouter()
router.register("tenants", TenantViewSet, basename="tenant")
router.register("repairer/offers", RepairerOfferViewSet, basename="repairer-offer")
router.register("repairer/jobs", RepairerJobViewSet, basename="repairer-job")

urlpatterns = [
    path("repairer/token/", RepairerTokenView.as_view(), name="repairer-token"),
    *router.urls,
    path("schema/", SpectacularAPIView.as_view(urlconf="config.urls_public"), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="platform_api:schema"), name="docs"),
]
