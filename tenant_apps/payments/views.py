from django.http import Http404, HttpRequest, HttpResponse


def pay_page(request: HttpRequest, token: str) -> HttpResponse:
    raise Http404("Payments are not available yet.")
