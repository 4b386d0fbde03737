import mimetypes

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from tenants.mail import current_brand


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "storefront/home.html")


@require_GET
def brand_logo(request: HttpRequest) -> FileResponse:
    """The current tenant's logo, read through the tenant-prefixed storage."""
    brand = current_brand()
    if brand is None or not brand.logo:
        raise Http404
    content_type = mimetypes.guess_type(brand.logo.name or "")[0] or "application/octet-stream"
    response = FileResponse(brand.logo.open("rb"), content_type=content_type)
    response["Cache-Control"] = "public, max-age=300"
    response["X-Content-Type-Options"] = "nosniff"
    return response
