"""The customer's order pages: their orders, and one order opened by its public link."""

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_GET

from .checkout_selectors import order_by_token, order_vat_totals
from .checkout_views import CONFIRMATION_KEY
from .order_models import Order

PAGE_SIZE = 20


@require_GET
def order_list(request: HttpRequest) -> HttpResponse:
    """The signed-in customer's orders, newest first (staff accounts have none)."""
    if not request.user.is_authenticated:
        return redirect(f"{reverse('accounts:login')}?{urlencode({'next': request.path})}")
    orders = Order.objects.filter(customer__user=request.user).order_by("-placed_at", "-id")
    page = Paginator(orders, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "commerce/orders/list.html", {"page": page})


@require_GET
def order_detail(request: HttpRequest, token: str) -> HttpResponse:
    """One order, for whoever holds its link (guests have nothing else); unknown is a 404."""
    order = order_by_token(token)
    if order is None:
        raise Http404("No such order.")
    lines = list(order.lines.all())
    just_placed = request.session.get(CONFIRMATION_KEY) == order.public_token
    if just_placed:
        del request.session[CONFIRMATION_KEY]
    return render(request, "commerce/orders/detail.html", {
        "order": order, "lines": lines, "vat_totals": order_vat_totals(lines),
        "just_placed": just_placed,
    })
